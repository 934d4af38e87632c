/// A TOML table that remembers the order keys were written in and the line each was set on,
/// so a program reading it can report `file:line: key: problem` for mistakes the parser cannot
/// see (an unknown colour, a value out of range).
public struct TOMLTable: Hashable, Sendable {
    public private(set) var keys: [String] = []
    private var entries: [String: Entry] = [:]
    /// Where the table was opened or first implied; 0 for the document's root table.
    public let line: Int

    struct Entry: Hashable, Sendable {
        var value: TOMLValue
        var line: Int
    }

    public init(line: Int = 0) { self.line = line }

    public subscript(key: String) -> TOMLValue? { entries[key]?.value }

    public func line(of key: String) -> Int? { entries[key]?.line }

    public var isEmpty: Bool { keys.isEmpty }

    /// Follows `path` through nested tables.
    public func value(at path: [String]) -> TOMLValue? {
        guard let first = path.first else { return .table(self) }
        guard let value = self[first] else { return nil }
        if path.count == 1 { return value }
        return value.table?.value(at: Array(path.dropFirst()))
    }

    mutating func set(_ key: String, to value: TOMLValue, line: Int) {
        if entries[key] == nil { keys.append(key) }
        entries[key] = Entry(value: value, line: line)
    }
}
