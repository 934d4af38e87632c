/// X-Ray id formats (reference/xray.md §2.1).
public enum XRayID {
    /// `1-` + 8 hex digits of epoch seconds + `-` + 24 hex digits.
    public static func isValidTraceID(_ text: String) -> Bool {
        guard text.utf8.count == 35 else { return false }
        // On the bytes in place: this runs for every document received.
        var text = text
        return text.withUTF8 { bytes in
            guard bytes[0] == UInt8(ascii: "1"), bytes[1] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "-")
            else { return false }
            for index in 2..<35 where index != 10 { guard isHex(bytes[index]) else { return false } }
            return true
        }
    }

    /// Segment, subsegment and exception ids: 64 bits as 16 hex digits.
    public static func isValidEntityID(_ text: String) -> Bool {
        guard text.utf8.count == 16 else { return false }
        var text = text
        return text.withUTF8 { bytes in bytes.allSatisfy(isHex) }
    }

    /// The epoch second written in a trace id (when the original request started).
    public static func epochSeconds(ofTraceID text: String) -> Double? {
        guard isValidTraceID(text) else { return nil }
        let hex = text.dropFirst(2).prefix(8)
        return UInt32(hex, radix: 16).map(Double.init)
    }

    private static func isHex(_ byte: UInt8) -> Bool { hexDigitValue(byte) != nil }
}
