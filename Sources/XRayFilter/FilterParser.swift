import Foundation
import XRayModel

/// A recursive-descent parser for X-Ray filter expressions (reference/xray.md §3):
///
///     expression := and { OR and }
///     and        := unary { [AND] unary }          juxtaposed terms are ANDed
///     unary      := "!" unary | "(" expression ")" | term
///
/// AND binds tighter than OR. Keywords and operator words are case-insensitive.
struct FilterParser {
    private var tokens: [Token]
    private var position = 0
    private let groups: [API.GroupSummary]
    /// Groups being expanded, to refuse a group whose filter names itself.
    private var expanding: [String]

    init(_ expression: String, groups: [API.GroupSummary], expanding: [String] = []) throws(FilterError) {
        tokens = try Lexer.tokens(of: expression)
        self.groups = groups
        self.expanding = expanding
    }

    mutating func parseAll() throws(FilterError) -> FilterNode {
        guard current.kind != .end else { throw FilterError(column: 1, "the expression is empty") }
        let node = try expression(in: .trace)
        guard current.kind == .end else {
            throw FilterError(
                column: current.column, "expected AND, OR or the end of the expression, found \(current.described)")
        }
        return node
    }

    // MARK: token helpers

    private var current: Token { tokens[position] }
    private mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private mutating func expect(_ symbol: String, _ context: String) throws(FilterError) -> Token {
        guard current.isSymbol(symbol) else {
            throw FilterError(column: current.column, "expected \"\(symbol)\" \(context), found \(current.described)")
        }
        return advance()
    }

    // MARK: grammar

    private mutating func expression(in scope: FilterScope) throws(FilterError) -> FilterNode {
        var node = try conjunction(in: scope)
        while current.isWord("or") {
            _ = advance()
            node = .or(node, try conjunction(in: scope))
        }
        return node
    }

    private mutating func conjunction(in scope: FilterScope) throws(FilterError) -> FilterNode {
        var node = try unary(in: scope)
        while true {
            if current.isWord("and") {
                _ = advance()
            } else if !startsTerm(current) {
                return node
            }
            node = .and(node, try unary(in: scope))
        }
    }

    /// Whether a token can begin a term, so `ok !partial duration < 3` reads as three ANDed terms.
    private func startsTerm(_ token: Token) -> Bool {
        switch token.kind {
        case .word(let word): return !["or", "and"].contains(word.lowercased())
        case .symbol(let symbol): return symbol == "!" || symbol == "("
        default: return false
        }
    }

    private mutating func unary(in scope: FilterScope) throws(FilterError) -> FilterNode {
        if current.isSymbol("!") {
            _ = advance()
            return .not(try unary(in: scope))
        }
        if current.isSymbol("(") {
            let open = advance()
            let node = try expression(in: scope)
            guard current.isSymbol(")") else {
                throw FilterError(
                    column: current.column,
                    "expected \")\" to close the \"(\" at column \(open.column), found \(current.described)")
            }
            _ = advance()
            return node
        }
        return try term(in: scope)
    }

    private mutating func term(in scope: FilterScope) throws(FilterError) -> FilterNode {
        let token = current
        // `ok AND OR fault`: AND and OR are operators, not misspelt keywords.
        guard case .word(let word) = token.kind, !["and", "or"].contains(word.lowercased()) else {
            throw FilterError(column: token.column, "expected a keyword, found \(token.described)")
        }
        let keyword = word.lowercased()

        if keyword == "annotation" || keyword.hasPrefix("annotation.") {
            try requireTraceScope(scope, token, "annotation")
            return try annotation(word)
        }
        if keyword == "service" || keyword == "edge" || keyword == "group.name" || keyword == "group.arn"
            || keyword.hasPrefix("rootcause.")
        {
            try requireTraceScope(scope, token, keyword)
        }
        switch keyword {
        case "service": return try service()
        case "edge": return try edge()
        case "group.name", "group.arn": return try group(byARN: keyword == "group.arn")
        case "rootcause.json": return try rootCauseJSON()
        default: break
        }
        if keyword.hasPrefix("rootcause.") { return try rootCause(keyword, token) }

        if let flag = FlagKeyword(rawValue: keyword) {
            try require(scope.flags.contains(flag), token, scope)
            _ = advance()
            return try flagTest(flag)
        }
        if let number = NumberKeyword(rawValue: keyword) {
            try require(scope.numbers.contains(number), token, scope)
            _ = advance()
            return try numberTest(number)
        }
        if let text = TextKeyword(rawValue: keyword) {
            try require(scope.texts.contains(text), token, scope)
            _ = advance()
            return .text(text, try textTest(named: text.rawValue))
        }
        throw unknownKeyword(token, scope)
    }

    // MARK: simple keywords

    private mutating func flagTest(_ flag: FlagKeyword) throws(FilterError) -> FilterNode {
        guard current.isSymbol("=") || current.isSymbol("!=") else {
            // `fault > 1`, `fault CONTAINS "x"`: an operator this keyword cannot take, not a new term.
            if ["<", "<=", ">", ">="].contains(where: current.isSymbol) || textOperator() != nil {
                throw FilterError(
                    column: current.column,
                    "\(flag.rawValue) takes = or != with true or false, found \(current.described)")
            }
            return .flag(flag, true)
        }
        let negate = advance().isSymbol("!=")
        let value = try booleanValue(for: flag.rawValue)
        return .flag(flag, value != negate)
    }

    private mutating func booleanValue(for keyword: String) throws(FilterError) -> Bool {
        if current.isWord("true") || current.isWord("false") { return advance().isWord("true") }
        throw FilterError(column: current.column, "\(keyword) takes true or false, found \(current.described)")
    }

    private mutating func numberTest(_ keyword: NumberKeyword) throws(FilterError) -> FilterNode {
        guard case .symbol(let symbol) = current.kind, let comparison = Comparison(rawValue: symbol) else {
            throw FilterError(
                column: current.column, "\(keyword.rawValue) takes = != < <= > >=, found \(current.described)")
        }
        _ = advance()
        return .number(keyword, comparison, try numberValue(for: keyword.rawValue))
    }

    private mutating func numberValue(for keyword: String) throws(FilterError) -> Double {
        guard case .number(let value) = current.kind else {
            throw FilterError(column: current.column, "\(keyword) takes a number, found \(current.described)")
        }
        _ = advance()
        return value
    }

    /// An optional string operator and its value; nil when the keyword stands alone ("is set").
    private mutating func textTest(named keyword: String) throws(FilterError) -> TextTest? {
        guard let op = textOperator() else {
            if case .symbol(let symbol) = current.kind, ["<", "<=", ">", ">="].contains(symbol) {
                throw FilterError(
                    column: current.column, "\(keyword) takes = != CONTAINS BEGINSWITH ENDSWITH, found \"\(symbol)\"")
            }
            return nil
        }
        _ = advance()
        return TextTest(op: op, value: try stringValue(for: keyword))
    }

    private func textOperator() -> TextOperator? {
        switch current.kind {
        case .symbol(let symbol): return symbol == "=" ? .equal : symbol == "!=" ? .notEqual : nil
        case .word(let word):
            return TextOperator(rawValue: word.uppercased()).flatMap { $0 == .equal || $0 == .notEqual ? nil : $0 }
        default: return nil
        }
    }

    /// A quoted string; an unquoted word is taken too, as one example in the X-Ray
    /// documentation writes `name = traces`.
    private mutating func stringValue(for keyword: String) throws(FilterError) -> String {
        switch current.kind {
        case .string(let value):
            _ = advance()
            return value
        case .word(let word) where !["and", "or"].contains(word.lowercased()):
            _ = advance()
            return word
        default:
            throw FilterError(
                column: current.column, "\(keyword) takes a string in double quotes, found \(current.described)")
        }
    }

    // MARK: annotations

    private mutating func annotation(_ word: String) throws(FilterError) -> FilterNode {
        let start = advance()
        let key: String
        if word.lowercased() == "annotation" {
            _ = try expect("[", "after annotation (annotation[KEY] or annotation.KEY)")
            switch current.kind {
            case .word(let text), .string(let text): key = text
            default: throw FilterError(column: current.column, "expected an annotation key, found \(current.described)")
            }
            _ = advance()
            _ = try expect("]", "to close annotation[")
        } else {
            key = String(word.dropFirst("annotation.".count))
            guard !key.isEmpty else {
                throw FilterError(column: start.column, "annotation. needs a key, as in annotation.customer")
            }
        }
        let name = "annotation.\(key)"

        guard case .symbol(let symbol) = current.kind, Comparison(rawValue: symbol) != nil else {
            if let op = textOperator() {
                _ = advance()
                return .annotation(key: key, .text(TextTest(op: op, value: try stringValue(for: name))))
            }
            return .annotation(key: key, .isSet)
        }
        let opToken = advance()
        let comparison = Comparison(rawValue: symbol)!
        switch current.kind {
        case .number(let value):
            _ = advance()
            return .annotation(key: key, .number(comparison, value))
        case .word(let text) where ["true", "false"].contains(text.lowercased()):
            guard comparison == .equal || comparison == .notEqual else {
                throw FilterError(
                    column: opToken.column, "\(name) compares true or false with = or !=, found \"\(symbol)\"")
            }
            _ = advance()
            return .annotation(key: key, .flag(text.lowercased() == "true", equal: comparison == .equal))
        case .string, .word:
            guard comparison == .equal || comparison == .notEqual else {
                throw FilterError(
                    column: opToken.column,
                    "\(name) compares a string with = != CONTAINS BEGINSWITH ENDSWITH, found \"\(symbol)\"")
            }
            let value = try stringValue(for: name)
            return .annotation(key: key, .text(TextTest(op: comparison == .equal ? .equal : .notEqual, value: value)))
        default:
            throw FilterError(
                column: current.column, "\(name) takes a number, a string or true/false, found \(current.described)")
        }
    }

    // MARK: services and edges

    private mutating func service() throws(FilterError) -> FilterNode {
        _ = advance()
        _ = try expect("(", "after service")
        var selector: NodeSelector?
        if !current.isSymbol(")") { selector = try nodeSelector() }
        _ = try expect(")", "to close service(")
        return .service(selector, try block(.node))
    }

    private mutating func edge() throws(FilterError) -> FilterNode {
        _ = advance()
        _ = try expect("(", "after edge")
        let from = try nodeSelector()
        _ = try expect(",", "between the two services of edge(A, B)")
        let to = try nodeSelector()
        _ = try expect(")", "to close edge(")
        return .edge(from, to, try block(.edge))
    }

    /// `{ expression }` after service(), edge() or a root-cause keyword; optional for the first two.
    private mutating func block(_ scope: FilterScope, required: Bool = false) throws(FilterError) -> FilterNode? {
        guard current.isSymbol("{") else {
            if required { _ = try expect("{", "to start the filter block") }
            return nil
        }
        let open = advance()
        let node = try expression(in: scope)
        guard current.isSymbol("}") else {
            throw FilterError(
                column: current.column,
                "expected \"}\" to close the \"{\" at column \(open.column), found \(current.described)")
        }
        _ = advance()
        return node
    }

    /// `"name"` or `id(name: "...", type: "...", account.id: "...")`, any subset in any order.
    private mutating func nodeSelector() throws(FilterError) -> NodeSelector {
        if case .string(let name) = current.kind {
            _ = advance()
            return NodeSelector(name: name)
        }
        guard current.isWord("id") else {
            throw FilterError(
                column: current.column,
                "expected a service name in double quotes or id(...), found \(current.described)")
        }
        _ = advance()
        _ = try expect("(", "after id")
        var selector = NodeSelector()
        var seen: Set<String> = []
        repeat {
            if !seen.isEmpty { _ = advance() }  // the comma between two fields
            let fieldToken = current
            guard case .word(let field) = fieldToken.kind, ["name", "type", "account.id"].contains(field.lowercased())
            else {
                throw FilterError(
                    column: current.column,
                    "expected name:, type: or account.id: in id(...), found \(current.described)")
            }
            guard seen.insert(field.lowercased()).inserted else {
                throw FilterError(column: fieldToken.column, "\(field): appears twice in id(...)")
            }
            _ = advance()
            _ = try expect(":", "after \(field)")
            guard case .string(let value) = current.kind else {
                throw FilterError(
                    column: current.column,
                    "\(field) in id(...) takes a string in double quotes, found \(current.described)")
            }
            _ = advance()
            switch field.lowercased() {
            case "name": selector.name = value
            case "type": selector.type = value
            default: selector.accountID = value
            }
        } while current.isSymbol(",")
        _ = try expect(")", "to close id(")
        return selector
    }

    // MARK: groups

    /// A group's filter is parsed in its place, so `group.name = "errors" AND ...` works like
    /// writing the group's expression in parentheses.
    private mutating func group(byARN: Bool) throws(FilterError) -> FilterNode {
        let keyword = advance()
        _ = try expect("=", "after \(keyword.text)")
        let valueToken = current
        guard case .string(let wanted) = valueToken.kind else {
            throw FilterError(
                column: current.column, "\(keyword.text) takes a string in double quotes, found \(current.described)")
        }
        _ = advance()
        guard let group = groups.first(where: { (byARN ? $0.GroupARN : $0.GroupName) == wanted }) else {
            let known = groups.compactMap { byARN ? $0.GroupARN : $0.GroupName }
            let list = known.isEmpty ? "this source has no groups" : "known groups: \(known.joined(separator: ", "))"
            throw FilterError(column: valueToken.column, "unknown group \"\(wanted)\" (\(list))")
        }
        let name = group.GroupName ?? wanted
        guard !expanding.contains(name) else {
            throw FilterError(column: valueToken.column, "group \"\(name)\" refers to itself through its filter")
        }
        guard let text = group.FilterExpression, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw FilterError(column: valueToken.column, "group \"\(name)\" has no filter expression")
        }
        do {
            var inner = try FilterParser(text, groups: groups, expanding: expanding + [name])
            return try inner.parseAll()
        } catch {
            throw FilterError(column: valueToken.column, "the filter of group \"\(name)\" is invalid: \(error)")
        }
    }

    // MARK: root causes

    private mutating func rootCause(_ keyword: String, _ token: Token) throws(FilterError) -> FilterNode {
        let parts = keyword.split(separator: ".").map(String.init)
        guard parts.count == 3, let kind = RootCauseKind(rawValue: parts[1]),
            let level = RootCauseLevel(rawValue: parts[2])
        else {
            throw FilterError(
                column: token.column,
                "unknown keyword \"\(token.text)\"; expected rootcause.(fault|error|responsetime).(service|entity|exception) or rootcause.json"
            )
        }
        if kind == .responsetime && level == .exception {
            throw FilterError(
                column: token.column,
                "response-time root causes have no exceptions; use rootcause.responsetime.service or .entity")
        }
        _ = advance()
        guard let inner = try block(.rootCause(kind, level), required: true) else {
            throw FilterError(column: current.column, "expected \"{\" after \(token.text)")
        }
        return .rootCause(kind, level, inner)
    }

    private mutating func rootCauseJSON() throws(FilterError) -> FilterNode {
        _ = advance()
        _ = try expect("=", "after rootcause.json")
        guard case .json(let text) = current.kind else {
            throw FilterError(column: current.column, "rootcause.json takes #[ JSON ], found \(current.described)")
        }
        let column = current.column
        _ = advance()
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), case .array = value else {
            throw FilterError(column: column, "the #[ ... ] after rootcause.json is not valid JSON")
        }
        return .rootCauseJSON(value)
    }

    // MARK: errors

    private func requireTraceScope(_ scope: FilterScope, _ token: Token, _ name: String) throws(FilterError) {
        guard scope.allowsTraceForms else {
            throw FilterError(column: token.column, "\(name) cannot be used \(scope.described)")
        }
    }

    private func require(_ allowed: Bool, _ token: Token, _ scope: FilterScope) throws(FilterError) {
        guard allowed else {
            let options = scope.keywords.joined(separator: ", ")
            throw FilterError(column: token.column, "\(token.text) cannot be used \(scope.described); use \(options)")
        }
    }

    private func unknownKeyword(_ token: Token, _ scope: FilterScope) -> FilterError {
        let word = token.text.lowercased()
        if word == "not" {
            return FilterError(column: token.column, "unknown keyword \"\(token.text)\"; negate with !, as in !fault")
        }
        let all =
            FlagKeyword.allCases.map(\.rawValue) + NumberKeyword.allCases.map(\.rawValue)
            + TextKeyword.allCases.map(\.rawValue) + [
                "service", "edge", "annotation", "group.name", "group.arn", "rootcause.json",
            ]
        // One typo in a short word, two in a longer one: `foo` is not a misspelt `ok`.
        if let nearest = all.min(by: { editDistance($0, word) < editDistance($1, word) }),
            editDistance(nearest, word) <= (word.count <= 4 ? 1 : 2)
        {
            return FilterError(column: token.column, "unknown keyword \"\(token.text)\"; did you mean \(nearest)?")
        }
        return FilterError(
            column: token.column,
            "unknown keyword \"\(token.text)\"; expected a keyword such as \(scope.keywords.prefix(8).joined(separator: ", "))"
        )
    }
}

/// Edit distance counting a swap of two neighbours as one edit (optimal string alignment), for
/// "did you mean" suggestions: `tpye` is one typo away from `type`.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var beforePrevious: [Int] = []
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var row = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                row[j] = min(row[j], beforePrevious[j - 2] + 1)
            }
        }
        beforePrevious = previous
        previous = row
    }
    return previous[b.count]
}
