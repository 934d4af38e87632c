/// X-Ray id formats (reference/xray.md §2.1).
public enum XRayID {
    /// `1-` + 8 hex digits of epoch seconds + `-` + 24 hex digits.
    public static func isValidTraceID(_ text: String) -> Bool {
        guard text.utf8.count == 35 else { return false }
        // On the bytes in place: this runs for every document received.
        var text = text
        return text.withUTF8 { isValidTraceID(bytes: UnsafeRawBufferPointer($0)) }
    }

    static func isValidTraceID(bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count == 35, bytes[0] == UInt8(ascii: "1"), bytes[1] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "-")
        else { return false }
        return allHex(UnsafeRawBufferPointer(rebasing: bytes[2..<10]))
            && allHex(UnsafeRawBufferPointer(rebasing: bytes[11..<35]))
    }

    /// Segment, subsegment and exception ids: 64 bits as 16 hex digits.
    public static func isValidEntityID(_ text: String) -> Bool {
        guard text.utf8.count == 16 else { return false }
        var text = text
        return text.withUTF8 { isValidEntityID(bytes: UnsafeRawBufferPointer($0)) }
    }

    static func isValidEntityID(bytes: UnsafeRawBufferPointer) -> Bool { bytes.count == 16 && allHex(bytes) }

    /// The epoch second written in a trace id (when the original request started).
    public static func epochSeconds(ofTraceID text: String) -> Double? {
        guard isValidTraceID(text) else { return nil }
        let hex = text.dropFirst(2).prefix(8)
        return UInt32(hex, radix: 16).map(Double.init)
    }

    /// Every byte is a hex digit, either case. Eight bytes at a time: every document received
    /// has two or three ids checked, and a byte at a time was 4 % of parsing.
    static func allHex(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        while index + 8 <= bytes.count {
            guard allHex(word: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
            else { return false }
            index += 8
        }
        while index < bytes.count {
            guard hexDigitValue(bytes[index]) != nil else { return false }
            index += 1
        }
        return true
    }

    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Each of the eight bytes of `word` is a hex digit.
    @inline(__always)
    private static func allHex(word: UInt64) -> Bool {
        guard word & highBits == 0 else { return false }
        let lowered = word | 0x2020_2020_2020_2020
        let digit = atLeast(word, 0x30) & ~atLeast(word, 0x3A)
        let letter = atLeast(lowered, 0x61) & ~atLeast(lowered, 0x67)
        return digit | letter == highBits
    }

    /// The high bit of each byte of `word` that is `limit` or more, exactly for bytes below
    /// 0x80 (a byte plus 0x80 - `limit` stays below 0x100, so no carry crosses into the next).
    @inline(__always)
    private static func atLeast(_ word: UInt64, _ limit: UInt8) -> UInt64 {
        (word &+ 0x0101_0101_0101_0101 &* UInt64(0x80 - limit)) & highBits
    }
}
