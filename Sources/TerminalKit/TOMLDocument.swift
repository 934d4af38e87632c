/// A parsed TOML file, for themes and the user's config. We read a subset of TOML 1.0 rather
/// than depend on a package: tables (`[section]`, `[a."b.c"]`), bare, quoted and dotted keys,
/// basic and literal strings, integers, booleans, arrays (across lines, trailing comma allowed)
/// and inline tables (which, as in TOML 1.1, may span lines). Floats, dates, multi-line strings
/// and arrays of tables are rejected with a clear message instead of being half-supported.
/// Every error carries its line, and every value remembers its line (`TOMLTable.line(of:)`).
public struct TOMLDocument: Hashable, Sendable {
    public var root: TOMLTable

    public init(parsing text: String) throws(TOMLError) {
        var parser = TOMLParser(text)
        root = try parser.parseDocument()
    }

    public subscript(key: String) -> TOMLValue? { root[key] }

    public func value(at path: [String]) -> TOMLValue? { root.value(at: path) }
}
