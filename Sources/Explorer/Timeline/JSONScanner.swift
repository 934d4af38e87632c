import TerminalKit

/// One step of a JSON document in source order, flat: a scalar value, or the opening or closing
/// of an object or array. `JSONLines` and `JSONTree` both draw from this list.
struct JSONItem: Sendable {
    enum Kind: Sendable {
        case scalar(String, Role)
        case open(isObject: Bool)
        case close(isObject: Bool)
    }

    /// Nesting depth: 0 for the top-level value; a container's closer has its opener's depth.
    var depth: Int
    /// The member name as written (with quotes and escapes), when this value is in an object.
    var key: String?
    var kind: Kind
    /// Whether a comma follows this value in the source (set on scalars and closers).
    var comma = false
    /// For an opener: how many members or elements the container has.
    var count = 0
    /// For an opener: the index of its closer.
    var end = 0
}

/// Where and why a document is not JSON.
struct JSONSyntaxError: Error, Sendable, Equatable {
    var line: Int
    var column: Int
    var reason: String

    var message: String { "invalid JSON at line \(line) column \(column): \(reason)" }
}

/// A linear, non-recursive JSON reader over UTF-8 bytes (so nesting depth cannot overflow the
/// stack). Keeps every number and string exactly as written; only characters that could
/// control a terminal are rewritten, as `\uXXXX` escapes.
struct JSONScanner {
    private let bytes: [UInt8]
    private var index = 0

    private init(_ text: String) {
        bytes = Array(text.utf8)
    }

    static func scan(_ text: String) -> Result<[JSONItem], JSONSyntaxError> {
        var scanner = JSONScanner(text)
        do {
            return .success(try scanner.document())
        } catch {
            return .failure(error)
        }
    }

    private struct Container {
        var isObject: Bool
        var opener: Int
    }

    private enum Want {
        case value, firstKeyOrClose, key, firstValueOrClose, commaOrClose, end
    }

    private mutating func document() throws(JSONSyntaxError) -> [JSONItem] {
        var items: [JSONItem] = []
        var stack: [Container] = []
        var want = Want.value
        var key: String?
        // A UTF-8 byte order mark is not JSON, but harmless and common in saved files.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while true {
            skipWhitespace()
            switch want {
            case .value:
                guard index < bytes.count else { throw failure("unexpected end of input, expected a value") }
                let depth = stack.count
                if let top = stack.indices.last { items[stack[top].opener].count += 1 }
                let byte = bytes[index]
                if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                    let isObject = byte == UInt8(ascii: "{")
                    index += 1
                    stack.append(Container(isObject: isObject, opener: items.count))
                    items.append(JSONItem(depth: depth, key: key, kind: .open(isObject: isObject)))
                    want = isObject ? .firstKeyOrClose : .firstValueOrClose
                } else {
                    let (text, role) = try scalar()
                    items.append(JSONItem(depth: depth, key: key, kind: .scalar(text, role)))
                    want = stack.isEmpty ? .end : .commaOrClose
                }
                key = nil
            case .firstKeyOrClose, .firstValueOrClose:
                let closer = want == .firstKeyOrClose ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if index < bytes.count, bytes[index] == closer {
                    close(&stack, &items)
                    want = stack.isEmpty ? .end : .commaOrClose
                } else {
                    want = want == .firstKeyOrClose ? .key : .value
                }
            case .key:
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw failure(found("expected a member name in double quotes"))
                }
                key = try string()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                    throw failure(found("expected ':' after the member name"))
                }
                index += 1
                want = .value
            case .commaOrClose:
                let top = stack[stack.count - 1]
                let closer = top.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if index < bytes.count, bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    items[items.count - 1].comma = true
                    want = top.isObject ? .key : .value
                } else if index < bytes.count, bytes[index] == closer {
                    close(&stack, &items)
                    want = stack.isEmpty ? .end : .commaOrClose
                } else {
                    throw failure(found(top.isObject ? "expected ',' or '}'" : "expected ',' or ']'"))
                }
            case .end:
                guard index == bytes.count else { throw failure(found("unexpected text after the JSON value")) }
                return items
            }
        }
    }

    private mutating func close(_ stack: inout [Container], _ items: inout [JSONItem]) {
        let container = stack.removeLast()
        index += 1
        items[container.opener].end = items.count
        items.append(
            JSONItem(depth: items[container.opener].depth, key: nil, kind: .close(isObject: container.isObject)))
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    // MARK: Scalars

    private mutating func scalar() throws(JSONSyntaxError) -> (String, Role) {
        switch bytes[index] {
        case UInt8(ascii: "\""):
            return (try string(), .jsonString)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return (try number(), .jsonNumber)
        case UInt8(ascii: "t"): return (try literal("true"), .jsonLiteral)
        case UInt8(ascii: "f"): return (try literal("false"), .jsonLiteral)
        case UInt8(ascii: "n"): return (try literal("null"), .jsonLiteral)
        default: throw failure(found("expected a value"))
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) -> String {
        let start = index
        let count = word.utf8CodeUnitCount
        let matches =
            start + count <= bytes.count
            && word.withUTF8Buffer { expected in expected.elementsEqual(bytes[start..<start + count]) }
        guard matches else { throw failure(found("expected a value")) }
        index += count
        return word.description
    }

    private mutating func number() throws(JSONSyntaxError) -> String {
        let start = index
        func isDigit(_ at: Int) -> Bool {
            at < bytes.count && bytes[at] >= UInt8(ascii: "0") && bytes[at] <= UInt8(ascii: "9")
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if isDigit(index) {
            while isDigit(index) { index += 1 }
        } else {
            throw failure(found("expected a digit in the number"))
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { throw failure(found("expected a digit after the decimal point")) }
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard isDigit(index) else { throw failure(found("expected a digit in the exponent")) }
            while isDigit(index) { index += 1 }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// A string with its quotes and escapes as written; `index` is at the opening quote.
    private mutating func string() throws(JSONSyntaxError) -> String {
        let start = index
        index += 1
        var needsCleaning = false
        while true {
            guard index < bytes.count else {
                index = start
                throw failure("unterminated string")
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                break
            } else if byte == UInt8(ascii: "\\") {
                index += 1
                guard index < bytes.count else { throw failure("unexpected end of input in an escape") }
                switch bytes[index] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 1
                case UInt8(ascii: "u"):
                    index += 1
                    for _ in 0..<4 {
                        guard index < bytes.count, Self.isHexDigit(bytes[index]) else {
                            throw failure(found("expected 4 hex digits after \\u"))
                        }
                        index += 1
                    }
                default:
                    throw failure(found("invalid escape"))
                }
            } else if byte < 0x20 {
                throw failure(found("control character in a string (it must be escaped)"))
            } else {
                // DEL, C1 controls (0xC2 0x80-0x9F) and bidi controls (0xE2 ...) may appear
                // unescaped in JSON; remember to look closer.
                if byte == 0x7F || byte == 0xC2 || byte == 0xE2 { needsCleaning = true }
                index += 1
            }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        return needsCleaning ? Self.escapeUnsafe(text) : text
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"):
            return true
        default: return false
        }
    }

    /// The characters `Sanitizer.clean` removes (controls, DEL, C1, bidi overrides), written as
    /// JSON escapes instead, so the string still reads as the JSON it was.
    static func escapeUnsafe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: false)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    // MARK: Errors

    /// `reason`, naming the character at the current position (or the end of the input).
    private func found(_ reason: String) -> String {
        guard index < bytes.count else { return reason + ", found the end of the input" }
        let end = min(index + 4, bytes.count)
        guard let scalar = String(decoding: bytes[index..<end], as: UTF8.self).unicodeScalars.first else {
            return reason
        }
        if Self.isUnsafe(scalar) || scalar.properties.isWhitespace || scalar == "\u{FFFD}" {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return reason + ", found U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return reason + ", found '\(Character(scalar))'"
    }

    /// An error at the current position, with a 1-based line and column (in characters).
    private func failure(_ reason: String) -> JSONSyntaxError {
        let offset = min(index, bytes.count)
        var line = 1
        var lineStart = 0
        for position in 0..<offset where bytes[position] == 0x0A {
            line += 1
            lineStart = position + 1
        }
        let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
        return JSONSyntaxError(line: line, column: column, reason: reason)
    }
}
