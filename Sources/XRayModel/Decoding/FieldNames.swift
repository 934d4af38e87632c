import Foundation

/// The field names one block of the schema knows, looked up by the raw bytes of a key, so no
/// String is made for a key while decoding. A few dozen names: grouped by length, compared by
/// their first eight bytes as one word, then the next eight as another (the longest name has
/// 20 bytes; past 16 the rest is compared with memcmp).
struct FieldNames: Sendable {
    let names: [String]
    /// Names of each length, each with its first eight bytes as one word (zero-padded), which
    /// tells most names apart with one comparison.
    private let byLength: [[Candidate]]

    private struct Candidate {
        let field: Int
        let head: UInt64
        /// Bytes 8 to 15, zero-padded.
        let second: UInt64
        let bytes: [UInt8]
    }

    init(_ names: [String]) {
        self.names = names
        var byLength = Array(repeating: [Candidate](), count: (names.map(\.utf8.count).max() ?? 0) + 1)
        for (field, name) in names.enumerated() {
            let bytes = Array(name.utf8)
            let head = bytes.withUnsafeBytes { Self.head(of: $0) }
            let second =
                bytes.count > 8
                ? bytes.withUnsafeBytes { Self.head(of: UnsafeRawBufferPointer(rebasing: $0[8...])) } : 0
            byLength[bytes.count].append(Candidate(field: field, head: head, second: second, bytes: bytes))
        }
        self.byLength = byLength
    }

    var count: Int { names.count }

    /// The field with this name, or nil for a name the schema does not know.
    func field(_ key: UnsafeRawBufferPointer) -> Int? {
        let second = key.count > 8 ? Self.head(of: UnsafeRawBufferPointer(rebasing: key[8...])) : 0
        return field(key, head: Self.head(of: key), second: second)
    }

    /// The field named by the bytes `start..<end` of `text`. A name of up to 16 bytes is read
    /// in two loads from the text around it where the text goes on long enough.
    @inline(__always)
    func field(in text: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int? {
        let key = UnsafeRawBufferPointer(rebasing: text[start..<end])
        guard key.count > 0, key.count <= 16, start + 16 <= text.count else { return field(key) }
        let first = UInt64(littleEndian: text.loadUnaligned(fromByteOffset: start, as: UInt64.self))
        guard key.count > 8 else { return field(key, head: first & Self.mask(key.count), second: 0) }
        let next = UInt64(littleEndian: text.loadUnaligned(fromByteOffset: start + 8, as: UInt64.self))
        return field(key, head: first, second: next & Self.mask(key.count - 8))
    }

    /// The low `count` bytes of a word (1 to 8).
    @inline(__always)
    private static func mask(_ count: Int) -> UInt64 { UInt64.max >> (64 - 8 * count) }

    private func field(_ key: UnsafeRawBufferPointer, head: UInt64, second: UInt64) -> Int? {
        guard key.count < byLength.count else { return nil }
        for candidate in byLength[key.count] where candidate.head == head && candidate.second == second {
            if key.count <= 16 { return candidate.field }
            let equal = candidate.bytes.withUnsafeBytes {
                memcmp($0.baseAddress! + 16, key.baseAddress! + 16, key.count - 16) == 0
            }
            if equal { return candidate.field }
        }
        return nil
    }

    /// The first eight bytes of `bytes` as a little-endian word, zero-padded when it is shorter.
    @inline(__always)
    private static func head(of bytes: UnsafeRawBufferPointer) -> UInt64 {
        if bytes.count >= 8 { return UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self)) }
        var word: UInt64 = 0
        for index in 0..<bytes.count { word |= UInt64(bytes[index]) << (8 * index) }
        return word
    }
}
