/// Strings of up to 15 ASCII bytes made by writing Swift's inline ("small") string form
/// directly: two words, the bytes in order from the first word's low byte, the rest zero, and
/// the top byte of the second word `0xE0 | count` (immortal, ASCII, small). A few loads and
/// shifts, where the quickest initializer the standard library offers took about 120
/// instructions; a document has a dozen such strings (keys, names, methods, regions).
///
/// The form is the standard library's own, not a public interface, so it is confirmed once per
/// process against strings the standard library makes; where it differs (another platform or
/// a future toolchain) nothing is made here and the initializer is used instead.
enum SmallASCII {
    static let longest = 15

    /// The string, or nil when the bytes are too many, not all ASCII, or the form unconfirmed.
    @inline(__always)
    static func string(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard let words = words(bytes), confirmed else { return nil }
        return string(words)
    }

    /// The string of `words` made by `words(_:)`, once `confirmed` said the form is right.
    @inline(__always)
    static func string(_ words: (UInt64, UInt64)) -> String { unsafeBitCast(words, to: String.self) }

    /// The two words of the inline form of `bytes`; nil when they are more than 15 or not all
    /// ASCII.
    @inline(__always)
    static func words(_ bytes: UnsafeRawBufferPointer) -> (UInt64, UInt64)? {
        let count = bytes.count
        guard count <= longest else { return nil }
        var low: UInt64 = 0
        var high: UInt64 = 0
        if count >= 8 {
            low = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
            // The last eight bytes, shifted down past those the first word already holds
            // (a shift by 64, for exactly 8 bytes, gives zero).
            high =
                UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
                >> (8 * (16 - count))
        } else if count >= 4 {
            // Two overlapping halves: the shared bytes are equal, so or-ing them is harmless.
            let first = UInt64(UInt32(littleEndian: bytes.loadUnaligned(as: UInt32.self)))
            let last = UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
            low = first | last << (8 * (count - 4))
        } else {
            for index in 0..<count { low |= UInt64(bytes[index]) << (8 * index) }
        }
        guard (low | high) & 0x8080_8080_8080_8080 == 0 else { return nil }
        return (low, high | (0xE0 | UInt64(count)) << 56)
    }

    /// Whether the form above is the one this standard library makes, for every length.
    static let confirmed: Bool = {
        guard MemoryLayout<String>.size == MemoryLayout<(UInt64, UInt64)>.size else { return false }
        let sample = Array("The quick brown".utf8)
        for count in 0...longest {
            let expected = sample.withUnsafeBufferPointer { String(decoding: $0.prefix(count), as: UTF8.self) }
            let made = sample.withUnsafeBytes { words(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
            guard let made, unsafeBitCast(expected, to: (UInt64, UInt64).self) == made else { return false }
        }
        return true
    }()
}
