/// What the data behind the filter bar knows, for completing values. The order of each list does
/// not matter: values are deduplicated and offered in a fixed order (see ``FilterCompletion``).
public struct CompletionContext: Sendable {
    /// Service names known from the data: `service("…")`, `edge("…", "…")`, `id(name: "…")` and `name = "…"`.
    public var services: [String]
    /// Annotation keys known from the data: `annotation.KEY` and `annotation[KEY]`.
    public var annotationKeys: [String]
    /// HTTP status codes known from the data: `http.status = …`.
    public var statusCodes: [Int]
    /// User names known from the data: `user = "…"`.
    public var users: [String]
    /// Client IP addresses known from the data: `http.clientip = "…"`.
    public var clientIPs: [String]

    public init(
        services: [String] = [], annotationKeys: [String] = [], statusCodes: [Int] = [], users: [String] = [],
        clientIPs: [String] = []
    ) {
        self.services = services
        self.annotationKeys = annotationKeys
        self.statusCodes = statusCodes
        self.users = users
        self.clientIPs = clientIPs
    }
}

/// One way to complete a filter expression.
public struct Completion: Sendable, Hashable {
    /// The text with the completion applied (the word before the end of the text replaced).
    public var text: String
    /// What was inserted, for display in a suggestion list: the keyword, operator or value
    /// (`http.status`, `!=`, `"checkout"`), without the spaces and closing punctuation that
    /// `text` also gets.
    public var label: String

    public init(text: String, label: String) {
        self.text = text
        self.label = label
    }
}

/// Tab completion for the filter-expression bar. Pure: the same text and context always give
/// the same completions.
///
/// The text is completed at its end. The word being typed there (a run of keyword characters,
/// or a string whose closing quote is still missing) is replaced; the text before it is read
/// with the filter language's own lexer and a tolerant walk over the grammar to decide what may
/// come next:
///
/// - **Where a term starts** (empty text, after `AND`, `OR`, `!`, `(` or `{`): the keywords of
///   the scope, completed case-insensitively and written in lower case. At the top level these
///   are the flags, number and string keywords, `service(`, `edge(`, `annotation.`,
///   `group.name`, `group.arn`, `rootcause.json` and `rootcause.KIND.LEVEL`; inside
///   `service() { }`, `edge() { }` and `rootcause.KIND.LEVEL { }` only those the block allows
///   (FilterLanguage.md).
/// - **`annotation.` and part of a key**: the known annotation keys, as `annotation.KEY`, or as
///   `annotation["KEY"]` when the key has characters a keyword cannot hold. After `annotation[`,
///   the key and the closing `]`.
/// - **After a keyword**: its operators. `= != < <= > >=` after a number keyword,
///   `= != CONTAINS BEGINSWITH ENDSWITH` after a string keyword (which may also stand alone, so
///   `AND` and `OR` follow), all of them after an annotation, `=` after `group.name`,
///   `group.arn` and `rootcause.json`, `{` after `rootcause.KIND.LEVEL`, `(` after `service` or
///   `edge`. A `!` typed at the end after such a keyword is completed to `!=`.
/// - **After an operator**: values. Status codes after `http.status`, client IPs after
///   `http.clientip`, users after `user`, service names after `name` (where it names a
///   service), common methods after `http.method`, `true` and `false` after a flag. Strings are
///   written in double quotes with JSON's escapes; a value typed without quotes, or with its
///   closing quote missing, is completed by prefix and quoted.
/// - **In `service(`, `edge(` and `id(`**: quoted service names and `id(`, closing the quote and
///   the parenthesis (`service("web") `), or adding the comma for the first service of an edge
///   (`edge("web", `). In `id(`: the fields not yet given (`name:`, `type:`, `account.id:`), the
///   known service names for `name:`, then `,` or `)`.
/// - **After a complete term** (`http.status = 500 `, `fault `, `service("x") `): `{` where a
///   block may follow, then `AND`, `OR`, and the `)` or `}` that closes the innermost group or
///   block. When a word has been started there, keywords that fit it follow too, because terms
///   side by side are ANDed.
///
/// Completions that finish a keyword, operator or value end with a space, so the next Tab
/// continues from there; where the text does not end in a space and nothing has been typed yet,
/// one is put before the insertion (`http.status =` becomes `http.status = 500 `). Closing and
/// separating punctuation (`)`, `]`, `,`, `:`) and the `(` after `service` or `edge` are
/// attached to what precedes them instead: `(fault OR error ` becomes `(fault OR error) `.
///
/// Order: an exact match of what was typed (ignoring case) first, then prefix matches. Within
/// these, keywords come in tiers (status flags; numbers, `http.*` and `user`; `service(`,
/// `edge(`, `annotation.`; the other keywords; groups and root causes), alphabetically within
/// a tier; context values come alphabetically (status codes numerically), those that match
/// the typed prefix in its exact case before those that only match ignoring case. A completion
/// equal to the text is never offered, nor the same text twice.
///
/// Text that cannot be read (a character the language does not have, a keyword that does not
/// exist, an unfinished `#[ ... ]`) has no completions; empty text has the top-level keywords.
public enum FilterCompletion {
    /// Candidates for completing `text` at its end, best first (at most `limit`).
    public static func complete(_ text: String, context: CompletionContext, limit: Int = 20) -> [Completion] {
        guard limit > 0, let split = Typed(splitting: text),
            let tokens = try? Lexer.tokens(of: split.before).dropLast()
        else { return [] }

        var candidates: [Candidate] = []
        // `user !` is `user !=` being typed (or a negated term after `user`, which follows).
        if split.word.isEmpty, split.before.last == "!", let state = Walk(Array(tokens.dropLast())),
            state.takesNotEqual
        {
            let before = String(split.before.dropLast())
            let space = before.last.map { $0.isWhitespace } == false ? " " : ""
            candidates.append(Candidate(Offer.keyword("!=", suffix: " "), replacing: before + space))
        }
        if let state = Walk(Array(tokens)) {
            let offered = state.candidates(for: split, context: context)
            candidates += offered.compactMap { Candidate($0, typed: split) }
        }
        var seen: Set<String> = [text]
        return candidates.enumerated()
            .sorted { ($0.element.quality, $0.offset) < ($1.element.quality, $1.offset) }
            .map(\.element.completion)
            .filter { seen.insert($0.text).inserted }
            .prefix(limit)
            .map { $0 }
    }
}

// MARK: - The text being typed

/// The text split into what is read with the lexer and the word being typed at its end.
private struct Typed {
    /// Everything before the word being typed.
    var before: String
    /// The word being typed: keyword characters, or a string from its opening quote.
    var word: String
    /// Whether `word` is a string whose closing quote is missing.
    var inString: Bool

    /// What the word being typed stands for: a keyword or a value without quotes, or the value
    /// of the unfinished string.
    var value: String {
        guard inString else { return word }
        if let tokens = try? Lexer.tokens(of: word + "\""), case .string(let value) = tokens[0].kind {
            return value
        }
        return String(word.dropFirst())
    }

    /// nil inside an unfinished `#[ ... ]`, which has nothing to complete.
    init?(splitting text: String) {
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            switch characters[index] {
            case "\"":
                guard let end = Self.endOfString(characters, from: index) else {
                    before = String(characters[..<index])
                    word = String(characters[index...])
                    inString = true
                    return
                }
                index = end
            case "#" where index + 1 < characters.count && characters[index + 1] == "[":
                guard let end = Lexer.endOfJSON(characters, from: index + 1) else { return nil }
                index = end
            default:
                index += 1
            }
        }
        var start = characters.count
        while start > 0, Lexer.isWordCharacter(characters[start - 1]) || characters[start - 1] == "-" {
            start -= 1
        }
        // A leading "-" is a sign only before a digit; otherwise it is not part of the word.
        while start < characters.count, characters[start] == "-",
            !(start + 1 < characters.count && characters[start + 1].isNumber)
        {
            start += 1
        }
        before = String(characters[..<start])
        word = String(characters[start...])
        inString = false
    }

    /// The index just past the quote that closes the string opening at `start`, as the lexer reads it.
    private static func endOfString(_ characters: [Character], from start: Int) -> Int? {
        var index = start + 1
        while index < characters.count {
            switch characters[index] {
            case "\\": index += 2
            case "\"": return index + 1
            default: index += 1
            }
        }
        return nil
    }
}

// MARK: - Candidates

/// Something that may be inserted, before it is matched against what was typed.
private struct Offer {
    /// The text inserted in place of the typed word (also the label).
    var insert: String
    /// What the typed word is compared with: the keyword, or the value of a string.
    var match: String
    /// Written after `insert`: a space after a finished word, `) ` after a service name, ...
    var suffix: String
    /// Whether it is a string, which a word typed with an opening quote can complete.
    var isString = false
    /// Whether the case of a typed prefix ranks matches (values from the data).
    var caseMatters = false
    /// Whether it is put after a space (a keyword, an operator, a value), or attached to what
    /// precedes it, spaces removed (`(` after `service`, and the `)`, `]`, `,` and `:` that close
    /// or separate).
    var spaceBefore = true
}

private struct Candidate {
    var completion: Completion
    /// 0 for an exact match of the typed word, 2 for a prefix match, plus 1 where the case differs.
    var quality: Int

    init(_ offer: Offer, replacing before: String, quality: Int = 0) {
        completion = Completion(text: before + offer.insert + offer.suffix, label: offer.insert)
        self.quality = quality
    }

    /// nil when the offer does not fit what was typed.
    init?(_ offer: Offer, typed: Typed) {
        if typed.inString && !offer.isString { return nil }
        let value = typed.value
        let quality: Int
        if value.isEmpty {
            quality = 2
        } else if offer.match.lowercased() == value.lowercased() {
            quality = offer.caseMatters && offer.match != value ? 1 : 0
        } else if offer.match.lowercased().hasPrefix(value.lowercased()) {
            quality = offer.caseMatters && !offer.match.hasPrefix(value) ? 3 : 2
        } else {
            return nil
        }
        var before = typed.before
        if typed.word.isEmpty && !offer.spaceBefore {
            while before.last?.isWhitespace == true { before.removeLast() }
        } else if typed.word.isEmpty, let last = before.last, !last.isWhitespace, !"([!".contains(last) {
            before += " "
        }
        self.init(offer, replacing: before, quality: quality)
    }
}

extension Offer {
    static func keyword(_ word: String, suffix: String = " ", spaceBefore: Bool = true) -> Offer {
        Offer(insert: word, match: word, suffix: suffix, spaceBefore: spaceBefore)
    }

    static func string(_ value: String, suffix: String = " ") -> Offer {
        Offer(insert: quoted(value), match: value, suffix: suffix, isString: true, caseMatters: true)
    }

    static func quoted(_ value: String) -> String { FilterLiteral.quoted(value) }
}

// MARK: - Where the text is in the grammar

/// A place opened and not yet closed.
private enum Frame {
    case group
    case block(FilterScope)
    case serviceArguments
    case edgeArguments(second: Bool)
    case idArguments(given: Set<String>)
}

/// What the grammar takes next.
private enum Expectation {
    case term
    case afterTerm
    /// After a flag: `=` or `!=`, or what follows a term.
    case flagOperator
    case numberOperator(NumberKeyword)
    /// After a string keyword, which may also stand alone.
    case textOperator(TextKeyword)
    /// After an annotation key, which may also stand alone.
    case annotationOperator
    /// After `group.name`, `group.arn` or `rootcause.json`.
    case equals
    case blockOpen(FilterScope)
    case callOpen(edge: Bool)
    /// After `service(...)` or `edge(...)`: a block, or what follows a term.
    case afterCall(FilterScope)
    case booleanValue
    case numberValue(NumberKeyword)
    case textValue(TextKeyword)
    case annotationValue
    /// The value of `group.name`, `group.arn` or `rootcause.json`: nothing to offer.
    case otherValue
    case selector
    case afterSelector
    case idOpen
    case idField
    case idColon(String)
    case idValue(String)
    case afterIdValue
    case annotationOpen
    case annotationKey
    case annotationClose
}

/// A walk over the tokens before the word being typed, following the grammar loosely enough to
/// know what comes next. nil when the tokens cannot begin an expression.
private struct Walk {
    var frames: [Frame] = []
    var expectation = Expectation.term

    init?(_ tokens: [Token]) {
        for token in tokens {
            guard step(token) else { return nil }
        }
    }

    var scope: FilterScope {
        for frame in frames.reversed() {
            if case .block(let scope) = frame { return scope }
        }
        return .trace
    }

    /// Whether `!=` may come next.
    var takesNotEqual: Bool {
        switch expectation {
        case .flagOperator, .numberOperator, .textOperator, .annotationOperator: return true
        default: return false
        }
    }

    private static let textOperators = TextOperator.allCases.map(\.rawValue).filter { $0.first!.isLetter }

    private static func isTextOperator(_ token: Token) -> Bool {
        if token.isSymbol("=") || token.isSymbol("!=") { return true }
        return textOperators.contains { token.isWord($0.lowercased()) }
    }

    private static func isComparison(_ token: Token) -> Bool {
        if case .symbol(let symbol) = token.kind { return Comparison(rawValue: symbol) != nil }
        return false
    }

    private static func isValueWord(_ token: Token) -> Bool {
        if case .word(let word) = token.kind { return !["and", "or"].contains(word.lowercased()) }
        return false
    }

    private mutating func step(_ token: Token) -> Bool {
        switch expectation {
        case .term: return startTerm(token)
        case .afterTerm: return afterTerm(token)
        case .flagOperator:
            guard token.isSymbol("=") || token.isSymbol("!=") else { return afterTerm(token) }
            expectation = .booleanValue
        case .numberOperator(let keyword):
            guard Self.isComparison(token) else { return false }
            expectation = .numberValue(keyword)
        case .textOperator(let keyword):
            guard Self.isTextOperator(token) else { return afterTerm(token) }
            expectation = .textValue(keyword)
        case .annotationOperator:
            guard Self.isTextOperator(token) || Self.isComparison(token) else { return afterTerm(token) }
            expectation = .annotationValue
        case .equals:
            guard token.isSymbol("=") else { return false }
            expectation = .otherValue
        case .blockOpen(let scope):
            guard token.isSymbol("{") else { return false }
            frames.append(.block(scope))
            expectation = .term
        case .callOpen(let edge):
            guard token.isSymbol("(") else { return false }
            frames.append(edge ? .edgeArguments(second: false) : .serviceArguments)
            expectation = .selector
        case .afterCall(let scope):
            guard token.isSymbol("{") else { return afterTerm(token) }
            frames.append(.block(scope))
            expectation = .term
        case .booleanValue:
            guard token.isWord("true") || token.isWord("false") else { return false }
            expectation = .afterTerm
        case .numberValue:
            guard case .number = token.kind else { return false }
            expectation = .afterTerm
        case .textValue, .annotationValue, .otherValue:
            switch token.kind {
            case .string, .number, .json: break
            case .word where Self.isValueWord(token): break
            default: return false
            }
            expectation = .afterTerm
        case .selector, .afterSelector: return selector(token)
        case .idOpen:
            guard token.isSymbol("(") else { return false }
            frames.append(.idArguments(given: []))
            expectation = .idField
        case .idField:
            guard case .word(let word) = token.kind, case .idArguments(var given) = frames.last,
                ["name", "type", "account.id"].contains(word.lowercased()),
                given.insert(word.lowercased()).inserted
            else { return false }
            frames[frames.count - 1] = .idArguments(given: given)
            expectation = .idColon(word.lowercased())
        case .idColon(let field):
            guard token.isSymbol(":") else { return false }
            expectation = .idValue(field)
        case .idValue:
            guard case .string = token.kind else { return false }
            expectation = .afterIdValue
        case .afterIdValue:
            if token.isSymbol(",") {
                expectation = .idField
            } else if token.isSymbol(")") {
                frames.removeLast()
                expectation = .afterSelector
            } else {
                return false
            }
        case .annotationOpen:
            guard token.isSymbol("[") else { return false }
            expectation = .annotationKey
        case .annotationKey:
            switch token.kind {
            case .string, .word: expectation = .annotationClose
            default: return false
            }
        case .annotationClose:
            guard token.isSymbol("]") else { return false }
            expectation = .annotationOperator
        }
        return true
    }

    private mutating func startTerm(_ token: Token) -> Bool {
        if token.isSymbol("!") { return true }
        if token.isSymbol("(") {
            frames.append(.group)
            return true
        }
        guard case .word(let word) = token.kind, Self.isValueWord(token) else { return false }
        let keyword = word.lowercased()
        let scope = self.scope
        if scope.allowsTraceForms, let form = Self.traceForm(keyword) {
            expectation = form
        } else if let flag = FlagKeyword(rawValue: keyword), scope.flags.contains(flag) {
            expectation = .flagOperator
        } else if let number = NumberKeyword(rawValue: keyword), scope.numbers.contains(number) {
            expectation = .numberOperator(number)
        } else if let text = TextKeyword(rawValue: keyword), scope.texts.contains(text) {
            expectation = .textOperator(text)
        } else {
            return false
        }
        return true
    }

    private mutating func afterTerm(_ token: Token) -> Bool {
        if token.isWord("and") || token.isWord("or") {
            expectation = .term
            return true
        }
        if token.isSymbol(")"), case .group = frames.last {
            frames.removeLast()
            expectation = .afterTerm
            return true
        }
        if token.isSymbol("}"), case .block = frames.last {
            frames.removeLast()
            expectation = .afterTerm
            return true
        }
        expectation = .term
        return startTerm(token)
    }

    private mutating func selector(_ token: Token) -> Bool {
        let closing: Bool
        switch (expectation, frames.last) {
        case (.selector, _) where token.isWord("id"):
            expectation = .idOpen
            return true
        case (.selector, _):
            if case .string = token.kind {
                expectation = .afterSelector
                return true
            }
            guard case .serviceArguments = frames.last, token.isSymbol(")") else { return false }
            closing = true
        case (_, .edgeArguments(second: false)):
            guard token.isSymbol(",") else { return false }
            frames[frames.count - 1] = .edgeArguments(second: true)
            expectation = .selector
            return true
        default:
            closing = token.isSymbol(")")
        }
        guard closing else { return false }
        let isEdge: Bool
        if case .edgeArguments = frames.removeLast() { isEdge = true } else { isEdge = false }
        expectation = .afterCall(isEdge ? .edge : .node)
        return true
    }

    /// What follows a keyword only the top level has (annotations, services, edges, groups, root causes).
    private static func traceForm(_ keyword: String) -> Expectation? {
        switch keyword {
        case "annotation": return .annotationOpen
        case "service": return .callOpen(edge: false)
        case "edge": return .callOpen(edge: true)
        case "group.name", "group.arn", "rootcause.json": return .equals
        default:
            if keyword.hasPrefix("annotation.") && keyword.count > "annotation.".count { return .annotationOperator }
            return rootCause(keyword).map { .blockOpen(.rootCause($0, $1)) }
        }
    }

    /// `rootcause.KIND.LEVEL`, as the parser takes it (response-time root causes have no exceptions).
    static func rootCause(_ keyword: String) -> (RootCauseKind, RootCauseLevel)? {
        let parts = keyword.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts[0] == "rootcause", let kind = RootCauseKind(rawValue: parts[1]),
            let level = RootCauseLevel(rawValue: parts[2]), kind != .responsetime || level != .exception
        else { return nil }
        return (kind, level)
    }
}

// MARK: - What each place offers

extension Walk {
    fileprivate func candidates(for typed: Typed, context: CompletionContext) -> [Offer] {
        switch expectation {
        case .term:
            if scope.allowsTraceForms, typed.word.lowercased().hasPrefix("annotation.") {
                return Self.annotationKeys(context, prefix: "annotation.")
            }
            return keywords
        case .afterTerm: return connectives(typed, context)
        case .flagOperator: return connectives(typed, context)
        case .numberOperator: return Comparison.allCases.map { Offer.keyword($0.rawValue) }
        case .textOperator:
            return TextOperator.allCases.map { Offer.keyword($0.rawValue) } + connectives(typed, context)
        case .annotationOperator:
            let operators = Comparison.allCases.map(\.rawValue) + Self.textOperators
            return operators.map { Offer.keyword($0) } + connectives(typed, context)
        case .equals: return [Offer.keyword("=")]
        case .blockOpen: return [Offer.keyword("{")]
        case .callOpen: return [Offer.keyword("(", suffix: "", spaceBefore: false)]
        case .afterCall: return [Offer.keyword("{")] + connectives(typed, context)
        case .booleanValue: return [Offer.keyword("true"), Offer.keyword("false")]
        case .numberValue(.httpStatus):
            return Set(context.statusCodes).sorted().map { Offer.keyword(String($0)) }
        case .numberValue: return []
        case .textValue(let keyword): return textValues(keyword, context)
        case .annotationValue, .otherValue: return []
        case .selector:
            guard case .edgeArguments(let second) = frames.last else {
                let names = Self.sorted(context.services).map { Offer.string($0, suffix: ") ") }
                return names + [Offer.keyword("id(", suffix: ""), Offer.keyword(")", spaceBefore: false)]
            }
            let names = Self.sorted(context.services).map { Offer.string($0, suffix: second ? ") " : ", ") }
            return names + [Offer.keyword("id(", suffix: "")]
        case .afterSelector:
            if case .edgeArguments(second: false) = frames.last {
                return [Offer.keyword(",", spaceBefore: false)]
            }
            return [Offer.keyword(")", spaceBefore: false)]
        case .idOpen: return [Offer.keyword("(", suffix: "", spaceBefore: false)]
        case .idField:
            guard case .idArguments(let given) = frames.last else { return [] }
            return ["name", "type", "account.id"].filter { !given.contains($0) }.map {
                Offer(insert: $0 + ":", match: $0, suffix: " ")
            }
        case .idColon: return [Offer.keyword(":", spaceBefore: false)]
        case .idValue(let field):
            return field == "name" ? Self.sorted(context.services).map { Offer.string($0, suffix: "") } : []
        case .afterIdValue:
            return [Offer.keyword(")", suffix: "", spaceBefore: false), Offer.keyword(",", spaceBefore: false)]
        case .annotationOpen: return [Offer.keyword("[", suffix: "", spaceBefore: false)]
        case .annotationKey:
            return Self.sorted(context.annotationKeys).map { key in
                let written = Self.isPlainKey(key) && !typed.inString ? key : Offer.quoted(key)
                return Offer(insert: written, match: key, suffix: "] ", isString: true, caseMatters: true)
            }
        case .annotationClose: return [Offer.keyword("]", spaceBefore: false)]
        }
    }

    /// The keywords a term may start with here, in tiers, alphabetically within a tier.
    private var keywords: [Offer] {
        let scope = self.scope
        var ranked: [(tier: Int, word: String, suffix: String)] = []
        for flag in scope.flags {
            ranked.append(([.inferred, .remote, .root].contains(flag) ? 3 : 0, flag.rawValue, " "))
        }
        for number in scope.numbers { ranked.append((1, number.rawValue, " ")) }
        for text in scope.texts {
            ranked.append((text.rawValue.hasPrefix("http.") || text == .user ? 1 : 3, text.rawValue, " "))
        }
        if scope.allowsTraceForms {
            ranked += [(2, "service(", ""), (2, "edge(", ""), (2, "annotation.", "")]
            ranked += ["group.name", "group.arn", "rootcause.json"].map { (4, $0, " ") }
            for kind in RootCauseKind.allCases {
                for level in RootCauseLevel.allCases
                where Self.rootCause("rootcause.\(kind.rawValue).\(level.rawValue)") != nil {
                    ranked.append((4, "rootcause.\(kind.rawValue).\(level.rawValue)", " "))
                }
            }
        }
        return ranked.sorted { ($0.tier, $0.word) < ($1.tier, $1.word) }.map {
            Offer.keyword($0.word, suffix: $0.suffix)
        }
    }

    /// `AND`, `OR`, what closes the innermost group or block, and, once a word has been started,
    /// the keywords it may begin (terms side by side are ANDed).
    private func connectives(_ typed: Typed, _ context: CompletionContext) -> [Offer] {
        var offers = [Offer.keyword("AND"), Offer.keyword("OR")]
        switch frames.last {
        case .group: offers.append(Offer.keyword(")", spaceBefore: false))
        case .block: offers.append(Offer.keyword("}"))
        default: break
        }
        if !typed.word.isEmpty {
            var term = self
            term.expectation = .term
            offers += term.candidates(for: typed, context: context)
        }
        return offers
    }

    private func textValues(_ keyword: TextKeyword, _ context: CompletionContext) -> [Offer] {
        let values: [String]
        switch keyword {
        case .user: values = Self.sorted(context.users)
        case .httpClientIP: values = Self.sorted(context.clientIPs)
        case .httpMethod: values = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
        case .name:
            switch scope {
            case .trace, .node, .rootCause(_, .service): values = Self.sorted(context.services)
            default: values = []
            }
        default: values = []
        }
        return values.map { Offer.string($0) }
    }

    private static func annotationKeys(_ context: CompletionContext, prefix: String) -> [Offer] {
        sorted(context.annotationKeys).map { key in
            let written = isPlainKey(key) ? "annotation.\(key)" : "annotation[\(Offer.quoted(key))]"
            return Offer(insert: written, match: "annotation.\(key)", suffix: " ", caseMatters: true)
        }
    }

    /// Whether `annotation.KEY` reads back as this key: the lexer takes it as one word.
    private static func isPlainKey(_ key: String) -> Bool {
        !key.isEmpty && key.allSatisfy { Lexer.isWordCharacter($0) || $0 == "-" }
    }

    /// Deduplicated, ignoring case first and then by exact spelling; empty values dropped.
    private static func sorted(_ values: [String]) -> [String] {
        Set(values).filter { !$0.isEmpty }.sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) }
    }
}
