/// One lexical unit of a filter expression, with the column it starts at.
struct Token: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// A keyword, an operator word (AND, CONTAINS), true/false, or an unquoted value.
        case word(String)
        case string(String)
        case number(Double)
        /// The text between `#[` and its matching `]`, brackets included, for rootcause.json.
        case json(String)
        case symbol(String)  // = != < <= > >= ! ( ) { } , : [ ]
        case end
    }

    var kind: Kind
    var column: Int
    /// The text as written, for messages.
    var text: String

    func isSymbol(_ symbol: String) -> Bool { kind == .symbol(symbol) }

    func isWord(_ word: String) -> Bool {
        if case .word(let text) = kind { return text.lowercased() == word }
        return false
    }

    /// How a message names this token: `the string "abc"`, `the number 5`, `"("`.
    var described: String {
        switch kind {
        case .word(let text): return "\"\(text)\""
        case .string(let text): return "the string \"\(text)\""
        case .number: return "the number \(text)"
        case .json: return "a JSON fragment"
        case .symbol(let symbol): return "\"\(symbol)\""
        case .end: return "the end of the expression"
        }
    }
}
