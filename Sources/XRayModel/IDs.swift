/// X-Ray id formats (reference/xray.md §2.1).
public enum XRayID {
    /// `1-` + 8 hex digits of epoch seconds + `-` + 24 hex digits.
    public static func isValidTraceID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 35, bytes[0] == UInt8(ascii: "1"), bytes[1] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "-")
        else { return false }
        return bytes[2..<10].allSatisfy(isHex) && bytes[11...].allSatisfy(isHex)
    }

    /// Segment, subsegment and exception ids: 64 bits as 16 hex digits.
    public static func isValidEntityID(_ text: String) -> Bool {
        let bytes = text.utf8
        return bytes.count == 16 && bytes.allSatisfy(isHex)
    }

    /// The epoch second written in a trace id (when the original request started).
    public static func epochSeconds(ofTraceID text: String) -> Double? {
        guard isValidTraceID(text) else { return nil }
        let hex = text.dropFirst(2).prefix(8)
        return UInt32(hex, radix: 16).map(Double.init)
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"):
            return true
        default: return false
        }
    }
}
