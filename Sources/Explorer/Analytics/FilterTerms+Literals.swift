import XRayFilter

/// How values are spelt in the terms.
extension FilterTerms {
    /// A string literal that reads back as exactly `text`. That is `quoted`'s, unless the text
    /// has control characters other than a newline (kept out of the filter bar) or a scalar that
    /// would join the quote or escape next to it into one character: the lexer reads characters,
    /// so a leading combining mark or a trailing prepended concatenation mark would hide a
    /// quote. Then every scalar outside printable ASCII is written as a `\u` escape.
    static func literal(_ text: String) -> String {
        let plain = quoted(text)
        let control = text.unicodeScalars.contains {
            $0 != "\n" && ($0.value < 0x20 || (0x7F...0x9F).contains($0.value))
        }
        if !control && (text.unicodeScalars.allSatisfy(\.isASCII) || readsBack(plain, as: text)) { return plain }
        return escaped(text)
    }

    /// Whether the parser reads the literal as the very scalars of `text`.
    private static func readsBack(_ literal: String, as text: String) -> Bool {
        guard case .text(_, let test?) = try? FilterExpression(parsing: "user = " + literal).root else { return false }
        return test.value.unicodeScalars.elementsEqual(text.unicodeScalars)
    }

    /// Printable ASCII only: `\"`, `\\` and `\uXXXX` (UTF-16, so two for a scalar past U+FFFF).
    static func escaped(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case " "..."~": out.unicodeScalars.append(scalar)
            default:
                for unit in String(scalar).utf16 {
                    let hex = String(unit, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
            }
        }
        return out + "\""
    }

    /// `annotation.KEY` when the key is made of ASCII letters, digits, `_` and `.`;
    /// `annotation["KEY"]` otherwise.
    static func annotationKeyword(_ key: String) -> String {
        let plain = !key.isEmpty && key.unicodeScalars.allSatisfy { Self.keyScalars.contains($0) }
        return plain ? "annotation.\(key)" : "annotation[\(literal(key))]"
    }

    private static let keyScalars = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.".unicodeScalars)

    /// A number as the filter language reads it back exactly: `502`, `-1.5`, `1e-05`; nil for
    /// infinities and NaN, which it has no spelling for.
    static func number(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(describing: value)
    }
}
