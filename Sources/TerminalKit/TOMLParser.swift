/// The recursive-descent reader behind `TOMLDocument`. It walks Unicode scalars (so `\r\n` is
/// two of them, unlike `Character`) and counts lines as it consumes newlines.
struct TOMLParser {
    let scalars: [Unicode.Scalar]
    var index = 0
    var line = 1
    private var root = TOMLTable()
    /// The table the following `key = value` lines go into.
    private var currentTable: [String] = []
    /// Tables opened by a `[header]`: opening one twice is an error.
    private var headerTables: Set<[String]> = []
    /// Inline tables are complete as written; nothing may add keys to them later.
    var inlineTables: Set<[String]> = []
    /// How many arrays and inline tables enclose the value being read. Limited, because each
    /// level is a recursive call: a file of 10,000 `[` would otherwise overflow the stack
    /// (found by fuzzing).
    var nesting = 0
    static let maxNesting = 64

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { index = 1 }
    }

    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        while true {
            skipSpaces()
            guard let scalar = peek() else { break }
            switch scalar {
            case "#", "\n", "\r": try endOfLine(key: nil)
            case "[": try parseHeader()
            default:
                let (path, value, keyLine) = try parseKeyValue(in: currentTable)
                try insert(value, at: (currentTable + path)[...], into: &root, prefix: [], line: keyLine)
                try endOfLine(key: path)
            }
        }
        return root
    }

    // MARK: - Lines and tables

    private mutating func parseHeader() throws(TOMLError) {
        let headerLine = line
        index += 1
        if peek() == "[" { throw fail("arrays of tables ([[...]]) are not supported") }
        skipSpaces()
        let path = try parseKey()
        skipSpaces()
        guard peek() == "]" else { throw fail("expected ] to close the table header", key: path) }
        index += 1
        try endOfLine(key: path)
        guard !headerTables.contains(path) else {
            throw TOMLError(line: headerLine, key: TOMLKey.display(path), message: "table is defined twice")
        }
        try openTable(at: path[...], in: &root, prefix: [], line: headerLine)
        headerTables.insert(path)
        currentTable = path
    }

    func fail(_ message: String, key: [String]? = nil) -> TOMLError {
        TOMLError(line: line, key: key.map(TOMLKey.display), message: message)
    }

    /// After a header or value only spaces and a comment may follow on the line.
    private mutating func endOfLine(key: [String]?) throws(TOMLError) {
        skipSpaces()
        if peek() == "#" { try skipComment() }
        switch peek() {
        case nil: return
        case "\n":
            index += 1
            line += 1
        case "\r" where peek(1) == "\n":
            index += 2
            line += 1
        default: throw fail("expected the end of the line, found \(describe(peek()!))", key: key)
        }
    }

    private mutating func skipComment() throws(TOMLError) {
        while let scalar = peek(), scalar != "\n", !(scalar == "\r" && peek(1) == "\n") {
            if isForbiddenControl(scalar) { throw fail("control characters are not allowed in comments") }
            index += 1
        }
    }

    /// Spaces, newlines and comments, where values may span lines (arrays, inline tables).
    mutating func skipBlank() throws(TOMLError) {
        while let scalar = peek() {
            switch scalar {
            case " ", "\t": index += 1
            case "\n":
                index += 1
                line += 1
            case "\r" where peek(1) == "\n":
                index += 2
                line += 1
            case "#": try skipComment()
            default: return
            }
        }
    }

    mutating func skipSpaces() {
        while peek() == " " || peek() == "\t" { index += 1 }
    }

    func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        index + ahead < scalars.count ? scalars[index + ahead] : nil
    }

    func describe(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n", "\r": "the end of the line"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F: "a control character"
        default: "'\(Character(scalar))'"
        }
    }

    func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F
    }

    // MARK: - Keys and values

    mutating func parseKeyValue(in table: [String]) throws(TOMLError) -> ([String], TOMLValue, Int) {
        let keyLine = line
        let path = try parseKey()
        skipSpaces()
        guard peek() == "=" else {
            let found = peek().map(describe) ?? "the end of the file"
            throw fail("expected = after the key, found \(found)", key: table + path)
        }
        index += 1
        skipSpaces()
        let value = try parseValue(key: table + path)
        if case .table = value { inlineTables.insert(table + path) }
        return (path, value, keyLine)
    }

    mutating func parseKey() throws(TOMLError) -> [String] {
        var path: [String] = []
        while true {
            skipSpaces()
            switch peek() {
            case "\"":
                path.append(try parseBasicString(key: path))
            case "'":
                path.append(try parseLiteralString(key: path))
            default:
                let start = index
                while let scalar = peek(), TOMLKey.isBare(scalar) { index += 1 }
                guard index > start else {
                    let found = peek().map(describe) ?? "the end of the file"
                    throw fail("expected a key, found \(found)", key: path.isEmpty ? nil : path)
                }
                path.append(String(String.UnicodeScalarView(scalars[start..<index])))
            }
            skipSpaces()
            guard peek() == "." else { return path }
            index += 1
        }
    }
}
