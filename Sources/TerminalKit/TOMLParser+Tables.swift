/// Building the tree: dotted keys and headers create the tables they imply; redefining a key,
/// reopening a header, or adding to an inline table is an error naming the first definition.
extension TOMLParser {
    /// Sets `path` (relative to `table`, whose own path is `prefix`) to `value`, creating the
    /// tables a dotted key implies.
    func insert(
        _ value: TOMLValue, at path: ArraySlice<String>, into table: inout TOMLTable, prefix: [String], line: Int
    ) throws(TOMLError) {
        guard let key = path.first else { return }
        let here = prefix + [key]
        if path.count == 1 {
            if let first = table.line(of: key) {
                throw TOMLError(
                    line: line, key: TOMLKey.display(here), message: "key is defined twice (first on line \(first))")
            }
            table.set(key, to: value, line: line)
            return
        }
        var child = try existingTable(key, in: table, path: here, line: line) ?? TOMLTable(line: line)
        try insert(value, at: path.dropFirst(), into: &child, prefix: here, line: line)
        table.set(key, to: .table(child), line: table.line(of: key) ?? line)
    }

    /// Makes sure a table exists at `path` for a `[header]`.
    func openTable(
        at path: ArraySlice<String>, in table: inout TOMLTable, prefix: [String], line: Int
    ) throws(TOMLError) {
        guard let key = path.first else { return }
        let here = prefix + [key]
        var child = try existingTable(key, in: table, path: here, line: line) ?? TOMLTable(line: line)
        try openTable(at: path.dropFirst(), in: &child, prefix: here, line: line)
        table.set(key, to: .table(child), line: table.line(of: key) ?? line)
    }

    private func existingTable(_ key: String, in table: TOMLTable, path: [String], line: Int) throws(TOMLError)
        -> TOMLTable?
    {
        guard let existing = table[key] else { return nil }
        let first = table.line(of: key) ?? 0
        guard case .table(let child) = existing else {
            throw TOMLError(
                line: line, key: TOMLKey.display(path),
                message: "already set to \(existing.kindDescription) on line \(first), so it cannot hold keys")
        }
        if inlineTables.contains(path) {
            throw TOMLError(
                line: line, key: TOMLKey.display(path),
                message: "inline table (line \(first)) cannot be extended; add the keys inside its braces")
        }
        return child
    }
}
