#if arch(x86_64)
    import CByteScan
#endif

/// Where a JSON string ends, and what its bytes need when read.
/// Shared by the tape's scanner and the single-pass decoder, so both accept the same strings.
struct StringScan {
    /// The index of the closing quote.
    var quote: Int
    /// The string holds a backslash, so its text must be unescaped.
    var escaped: Bool
    /// The string holds a byte below 0x20 or from 0x7F up: a control character (refused
    /// when read), DEL, or UTF-8 beyond ASCII (checked and maybe sanitized when read).
    var marked: Bool

    /// The node a reader of strings takes (`JSONTape.string`, `JSONTape.text`) for the string
    /// whose text starts at `start`. Offsets fit in 32 bits: both decoders refuse longer text
    /// before they scan it.
    @inline(__always)
    func node(start: Int) -> JSONTape.Node {
        var node = JSONTape.Node(
            kind: .string, escaped: escaped, start: Int32(truncatingIfNeeded: start),
            end: Int32(truncatingIfNeeded: quote))
        node.plain = !escaped && !marked
        return node
    }

    /// The string whose text starts at `start` (the byte after the opening quote); nil when it
    /// is never closed. Escapes are only stepped over here: they are checked when read.
    @inline(__always)
    static func scan(_ bytes: UnsafeRawBufferPointer, from start: Int) -> StringScan? {
        var index = start
        var escaped = false
        var marked = false
        while true {
            index = stop(in: bytes, from: index, marked: &marked)
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "\"") { return StringScan(quote: index, escaped: escaped, marked: marked) }
            escaped = true
            index += 2
        }
    }

    /// The index of the first quote or backslash from `index` on (`bytes.count` if none);
    /// `marked` is set when a byte before it is a control byte, DEL or not ASCII.
    @inline(__always)
    static func stop(in bytes: UnsafeRawBufferPointer, from index: Int, marked: inout Bool) -> Int {
        #if arch(x86_64)
            stopBySixteen(in: bytes, from: index, marked: &marked)
        #else
            stopByEight(in: bytes, from: index, marked: &marked)
        #endif
    }

    #if arch(x86_64)
        /// `stop`, sixteen bytes at a time with SSE2 (in C: Swift's SIMD types have no bit mask
        /// of a comparison).
        @inline(__always)
        static func stopBySixteen(in bytes: UnsafeRawBufferPointer, from index: Int, marked: inout Bool) -> Int {
            let stretch = xray_string_stop(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), index, bytes.count)
            if stretch.marked != 0 { marked = true }
            return stretch.stop
        }
    #endif

    /// `stop`, eight bytes at a time in a word, where SSE2 is not there. With the classic test
    /// for a zero byte, the lowest flagged byte is exact; a flag above it may be false (a
    /// borrow), which neither the stop nor the "any marked byte" answer depends on.
    @inline(__always)
    static func stopByEight(in bytes: UnsafeRawBufferPointer, from index: Int, marked: inout Bool) -> Int {
        var index = index
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let stops = flags(of: word, equalTo: 0x22) | flags(of: word, equalTo: 0x5C)
            var marks = flags(of: word, below: 0x20) | flagsFromDEL(of: word)
            guard stops != 0 else {
                if marks != 0 { marked = true }
                index += 8
                continue
            }
            let offset = stops.trailingZeroBitCount / 8
            marks = offset == 0 ? 0 : marks & (UInt64.max >> (64 - 8 * offset))
            if marks != 0 { marked = true }
            return index + offset
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
            if byte < 0x20 || byte >= 0x7F { marked = true }
            index += 1
        }
        return bytes.count
    }

    /// The high bit of each byte of `word` equal to `byte` (see the note on false flags above).
    @inline(__always)
    private static func flags(of word: UInt64, equalTo byte: UInt8) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let difference = word ^ (ones &* UInt64(byte))
        return (difference &- ones) & ~difference & 0x8080_8080_8080_8080
    }

    /// The high bit of each byte of `word` that is 0x7F or above, exactly (no carry crosses a
    /// byte: the low seven bits plus one is at most 0x80).
    @inline(__always)
    private static func flagsFromDEL(of word: UInt64) -> UInt64 {
        (((word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x0101_0101_0101_0101) | word) & 0x8080_8080_8080_8080
    }

    /// The high bit of each byte of `word` below `limit` (at most 0x80).
    @inline(__always)
    private static func flags(of word: UInt64, below limit: UInt8) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        return (word &- ones &* UInt64(limit)) & ~word & 0x8080_8080_8080_8080
    }
}
