import Foundation

/// The field names one block of the schema knows, looked up by the raw bytes of a key, so no
/// String is made for a key while decoding. A few dozen names: grouped by length, compared
/// with memcmp.
struct FieldNames: Sendable {
    let names: [String]
    private let byLength: [[(field: Int, bytes: [UInt8])]]

    init(_ names: [String]) {
        self.names = names
        var byLength = Array(
            repeating: [(field: Int, bytes: [UInt8])](), count: (names.map(\.utf8.count).max() ?? 0) + 1)
        for (field, name) in names.enumerated() { byLength[name.utf8.count].append((field, Array(name.utf8))) }
        self.byLength = byLength
    }

    var count: Int { names.count }

    /// The field with this name, or nil for a name the schema does not know.
    func field(_ key: UnsafeRawBufferPointer) -> Int? {
        guard key.count < byLength.count else { return nil }
        for candidate in byLength[key.count] {
            let equal = candidate.bytes.withUnsafeBytes { memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0 }
            if equal { return candidate.field }
        }
        return nil
    }
}
