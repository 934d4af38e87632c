/// Splits a filter expression into tokens. Columns count characters from 1.
struct Lexer {
    private let characters: [Character]
    private var index = 0

    init(_ expression: String) {
        characters = Array(expression)
    }

    static func tokens(of expression: String) throws(FilterError) -> [Token] {
        var lexer = Lexer(expression)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private var current: Character? { index < characters.count ? characters[index] : nil }
    private func peek(_ offset: Int = 1) -> Character? {
        index + offset < characters.count ? characters[index + offset] : nil
    }

    mutating func next() throws(FilterError) -> Token {
        while let character = current, character.isWhitespace { index += 1 }
        let start = index
        let column = start + 1
        guard let character = current else { return Token(kind: .end, column: column, text: "") }

        if character == "\"" { return try string(column: column) }
        if character == "#" && peek() == "[" { return try json(column: column) }
        if character.isNumber || ((character == "-" || character == ".") && (peek()?.isNumber ?? false)) {
            return number(column: column)
        }
        if Self.isWordCharacter(character) {
            while let next = current, Self.isWordCharacter(next) || next == "-" { index += 1 }
            let text = String(characters[start..<index])
            return Token(kind: .word(text), column: column, text: text)
        }
        for symbol in ["!=", "<=", ">=", "=", "<", ">", "!", "(", ")", "{", "}", ",", ":", "[", "]"] {
            let length = symbol.count
            if index + length <= characters.count, String(characters[index..<index + length]) == symbol {
                index += length
                return Token(kind: .symbol(symbol), column: column, text: symbol)
            }
        }
        let hint: String
        switch character {
        case "'": hint = "; strings take double quotes"
        case "&": hint = "; write AND"
        case "|": hint = "; write OR"
        default: hint = ""
        }
        throw FilterError(column: column, "unexpected character \"\(character)\"\(hint)")
    }

    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "."
    }

    /// A double-quoted string with the escapes JSON has.
    private mutating func string(column: Int) throws(FilterError) -> Token {
        let start = index
        index += 1
        var value = ""
        while let character = current {
            index += 1
            switch character {
            case "\"":
                return Token(kind: .string(value), column: column, text: String(characters[start..<index]))
            case "\\":
                guard let escaped = current else { break }
                index += 1
                switch escaped {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "r": value.append("\r")
                case "b": value.append("\u{08}")
                case "f": value.append("\u{0C}")
                case "u": value.unicodeScalars.append(try unicodeEscape(column: index - 1))
                default: value.append(escaped)  // \" \\ \/ and anything else stand for themselves
                }
            default: value.append(character)
            }
        }
        throw FilterError(column: column, "the string that starts here has no closing quote")
    }

    /// The scalar of `\uXXXX`, the index just past the `u`; a UTF-16 surrogate pair
    /// (`\ud83d\ude00`) is two escapes, as in JSON.
    private mutating func unicodeEscape(column: Int) throws(FilterError) -> Unicode.Scalar {
        guard let high = hexQuad() else {
            throw FilterError(column: column, "\\u must be followed by four hex digits")
        }
        if let scalar = Unicode.Scalar(high) { return scalar }
        // A lone surrogate cannot stand for a character: the low half must follow.
        let start = index
        if (0xD800...0xDBFF).contains(high), current == "\\", peek() == "u" {
            index += 2
            if let low = hexQuad(), (0xDC00...0xDFFF).contains(low),
                let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            {
                return scalar
            }
            index = start
        }
        throw FilterError(
            column: column, "\\u escapes half of a surrogate pair; write both halves, as in \\ud83d\\ude00")
    }

    /// Four hex digits at the current index, consumed; nil (and nothing consumed) otherwise.
    private mutating func hexQuad() -> UInt32? {
        guard index + 4 <= characters.count else { return nil }
        let hex = String(characters[index..<index + 4])
        guard hex.allSatisfy(\.isHexDigit), let code = UInt32(hex, radix: 16) else { return nil }
        index += 4
        return code
    }

    private mutating func number(column: Int) -> Token {
        let start = index
        if current == "-" { index += 1 }
        while let character = current, character.isNumber || character == "." { index += 1 }
        if current == "e" || current == "E", let after = peek(), after.isNumber || after == "-" || after == "+" {
            index += 2
            while let character = current, character.isNumber { index += 1 }
        }
        let text = String(characters[start..<index])
        if let value = Double(text) { return Token(kind: .number(value), column: column, text: text) }
        return Token(kind: .word(text), column: column, text: text)
    }

    /// `#[ ... ]` up to the bracket that closes it, skipping brackets inside JSON strings.
    private mutating func json(column: Int) throws(FilterError) -> Token {
        let start = index
        guard let end = Self.endOfJSON(characters, from: start + 1) else {
            throw FilterError(column: column, "the #[ that starts here is never closed with \"]\"")
        }
        index = end
        let text = String(characters[start + 1..<end])
        return Token(kind: .json(text), column: column, text: "#" + text)
    }

    /// The index just past the `]` that closes the `[` at `start`, skipping JSON strings; nil
    /// when it is never closed. Completion uses it too, to step over a finished `#[...]`.
    static func endOfJSON(_ characters: [Character], from start: Int) -> Int? {
        var index = start
        var depth = 0
        var inString = false
        while index < characters.count {
            let character = characters[index]
            index += 1
            if inString {
                if character == "\\" { index += 1 } else if character == "\"" { inString = false }
                continue
            }
            switch character {
            case "\"": inString = true
            case "[": depth += 1
            case "]":
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
        }
        return nil
    }
}
