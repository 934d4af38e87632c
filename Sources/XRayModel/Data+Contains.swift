import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension Data {
    /// Whether `text` occurs within the first `limit` bytes, searched on the bytes in place.
    /// File readers ask this of every line; Foundation's `range(of:)` goes through generic
    /// collection code and cost several percent of an import.
    public func prefix(_ limit: Int, contains text: StaticString) -> Bool {
        let needle = UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        return withUnsafeBytes { bytes in
            let haystack = UnsafeRawBufferPointer(rebasing: bytes.prefix(limit))
            guard let start = haystack.baseAddress, !needle.isEmpty else { return needle.isEmpty }
            // memchr to each candidate first byte, then one memcmp (memmem is not in Glibc's
            // Swift module).
            let first = Int32(needle[0])
            var offset = 0
            while offset + needle.count <= haystack.count,
                let found = memchr(start + offset, first, haystack.count - offset - needle.count + 1)
            {
                if memcmp(found, needle.baseAddress!, needle.count) == 0 { return true }
                offset = start.distance(to: UnsafeRawPointer(found)) + 1
            }
            return false
        }
    }

    /// The offset of the first byte equal to `byte`, from `memchr` (the generic `firstIndex`
    /// reads a `Data` a byte at a time through its representation).
    public func offset(of byte: UInt8) -> Int? {
        withUnsafeBytes { bytes in
            guard let start = bytes.baseAddress, let found = memchr(start, Int32(byte), bytes.count) else { return nil }
            return start.distance(to: UnsafeRawPointer(found))
        }
    }

    /// The offsets of the first and last bytes that are not JSON whitespace, nil when all are.
    public func trimmedOffsets() -> ClosedRange<Int>? {
        withUnsafeBytes { $0.trimmedOffsets() }
    }
}

extension UnsafeRawBufferPointer {
    /// The offsets of the first and last bytes that are not JSON whitespace, nil when all are.
    func trimmedOffsets() -> ClosedRange<Int>? {
        guard let first = firstIndex(where: { !DocumentParser.isWhitespace($0) }),
            let last = lastIndex(where: { !DocumentParser.isWhitespace($0) })
        else { return nil }
        return first...last
    }
}
