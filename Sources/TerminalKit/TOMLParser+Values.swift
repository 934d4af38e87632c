/// Values: strings with their escapes, integers (and clear refusals of the number forms we do
/// not read), arrays and inline tables, which may span lines.
extension TOMLParser {
    mutating func parseValue(key: [String]) throws(TOMLError) -> TOMLValue {
        guard let scalar = peek() else { throw fail("expected a value, found the end of the file", key: key) }
        switch scalar {
        case "\"":
            if peek(1) == "\"" && peek(2) == "\"" { throw fail("multi-line strings are not supported", key: key) }
            return .string(try parseBasicString(key: key))
        case "'":
            if peek(1) == "'" && peek(2) == "'" { throw fail("multi-line strings are not supported", key: key) }
            return .string(try parseLiteralString(key: key))
        case "[", "{":
            guard nesting < Self.maxNesting else {
                throw fail("arrays and inline tables nested more than \(Self.maxNesting) deep", key: key)
            }
            nesting += 1
            defer { nesting -= 1 }
            return scalar == "[" ? try parseArray(key: key) : try parseInlineTable(key: key)
        case "0"..."9", "+", "-": return .integer(try parseInteger(key: key))
        default:
            let word = bareWord()
            if word == "true" || word == "false" {
                index += word.unicodeScalars.count
                return .boolean(word == "true")
            }
            if word == "inf" || word == "nan" { throw fail("floating-point numbers are not supported", key: key) }
            if !word.isEmpty {
                throw fail("expected a value, found \(word) (strings need quotes: \"\(word)\")", key: key)
            }
            throw fail("expected a value, found \(describe(scalar))", key: key)
        }
    }

    /// The run of key-like characters at the cursor, without consuming it.
    private func bareWord() -> String {
        var end = index
        while end < scalars.count, TOMLKey.isBare(scalars[end]) { end += 1 }
        return String(String.UnicodeScalarView(scalars[index..<end]))
    }

    private mutating func parseInteger(key: [String]) throws(TOMLError) -> Int {
        var end = index
        while end < scalars.count, TOMLKey.isBare(scalars[end]) || "+.:".unicodeScalars.contains(scalars[end]) {
            end += 1
        }
        let text = String(String.UnicodeScalarView(scalars[index..<end]))
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        if digits.hasPrefix("0x") || digits.hasPrefix("0o") || digits.hasPrefix("0b") {
            throw fail("only decimal integers are supported, found \(text)", key: key)
        }
        if digits.contains(where: { ".eE".contains($0) }) || digits == "inf" || digits == "nan" {
            throw fail("floating-point numbers are not supported, found \(text)", key: key)
        }
        if digits.contains(":") || digits.dropFirst(4).first == "-" {
            throw fail("dates and times are not supported, found \(text)", key: key)
        }
        let valid =
            !digits.isEmpty && digits.first!.isASCII && digits.first!.isNumber && digits.last!.isNumber
            && digits.allSatisfy { $0 == "_" || ($0.isASCII && $0.isNumber) } && !digits.contains("__")
        guard valid else { throw fail("invalid integer \(text)", key: key) }
        if digits.count > 1 && digits.first == "0" { throw fail("leading zeros are not allowed in \(text)", key: key) }
        guard let magnitude = Int((negative ? "-" : "") + digits.filter { $0 != "_" }) else {
            throw fail("integer \(text) is out of range", key: key)
        }
        index = end
        return magnitude
    }

    mutating func parseBasicString(key: [String]) throws(TOMLError) -> String {
        index += 1
        var result = String.UnicodeScalarView()
        while true {
            guard let scalar = peek(), scalar != "\n", scalar != "\r" else {
                throw fail("unterminated string", key: key.isEmpty ? nil : key)
            }
            index += 1
            switch scalar {
            case "\"": return String(result)
            case "\\": result.append(try parseEscape(key: key))
            default:
                if isForbiddenControl(scalar) {
                    throw fail("control characters must be escaped in strings", key: key.isEmpty ? nil : key)
                }
                result.append(scalar)
            }
        }
    }

    private mutating func parseEscape(key: [String]) throws(TOMLError) -> Unicode.Scalar {
        guard let scalar = peek() else { throw fail("unterminated string", key: key.isEmpty ? nil : key) }
        index += 1
        switch scalar {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "e": return "\u{1B}"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let count = scalar == "u" ? 4 : 8
            var end = index
            while end < min(scalars.count, index + count), scalars[end].properties.isASCIIHexDigit { end += 1 }
            let hex = String(String.UnicodeScalarView(scalars[index..<end]))
            guard hex.count == count, let value = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(value) else {
                throw fail("invalid unicode escape \\\(scalar)\(hex)", key: key.isEmpty ? nil : key)
            }
            index += count
            return decoded
        default:
            throw fail("invalid escape \\\(Character(scalar)) in string", key: key.isEmpty ? nil : key)
        }
    }

    mutating func parseLiteralString(key: [String]) throws(TOMLError) -> String {
        index += 1
        let start = index
        while let scalar = peek(), scalar != "'" {
            if scalar == "\n" || scalar == "\r" { break }
            if isForbiddenControl(scalar) {
                throw fail("control characters are not allowed in strings", key: key.isEmpty ? nil : key)
            }
            index += 1
        }
        guard peek() == "'" else { throw fail("unterminated string", key: key.isEmpty ? nil : key) }
        index += 1
        return String(String.UnicodeScalarView(scalars[start..<(index - 1)]))
    }

    private mutating func parseArray(key: [String]) throws(TOMLError) -> TOMLValue {
        index += 1
        var elements: [TOMLValue] = []
        while true {
            try skipBlank()
            if peek() == "]" {
                index += 1
                return .array(elements)
            }
            elements.append(try parseValue(key: key))
            try skipBlank()
            switch peek() {
            case ",": index += 1
            case "]": continue
            case nil: throw fail("unterminated array (expected ])", key: key)
            case let scalar?: throw fail("expected , or ] in the array, found \(describe(scalar))", key: key)
            }
        }
    }

    private mutating func parseInlineTable(key: [String]) throws(TOMLError) -> TOMLValue {
        index += 1
        var table = TOMLTable(line: line)
        while true {
            try skipBlank()
            if peek() == "}" {
                index += 1
                return .table(table)
            }
            if peek() == nil { throw fail("unterminated inline table (expected })", key: key) }
            let (path, value, keyLine) = try parseKeyValue(in: key)
            try insert(value, at: path[...], into: &table, prefix: key, line: keyLine)
            try skipBlank()
            switch peek() {
            case ",": index += 1
            case "}": continue
            case nil: throw fail("unterminated inline table (expected })", key: key)
            case let scalar?: throw fail("expected , or } in the inline table, found \(describe(scalar))", key: key)
            }
        }
    }
}
