import Foundation
import TerminalKit
import XRayModel

/// A run of text drawn in one colour role.
public struct JSONToken: Hashable, Sendable {
    public var text: String
    public var role: Role

    public init(_ text: String, _ role: Role) {
        self.text = text
        self.role = role
    }
}

/// One line of pretty-printed JSON: its nesting depth and its coloured runs. Draw it
/// `JSONLines.indentWidth * indent` columns in; `text` does not include that indentation.
public struct JSONLine: Hashable, Sendable {
    public var indent: Int
    public var tokens: [JSONToken]

    public init(indent: Int, tokens: [JSONToken]) {
        self.indent = indent
        self.tokens = tokens
    }

    /// The line's text without indentation.
    public var text: String {
        tokens.count == 1 ? tokens[0].text : tokens.map(\.text).joined()
    }
}

/// Pretty-printing of raw JSON (segment documents as received) for a scrollable, searchable
/// view: keys stay in source order, numbers and strings exactly as written.
public enum JSONLines {
    /// Columns per nesting level.
    public static let indentWidth = 2

    /// Pretty-prints JSON text, one line per scalar, opener and closer (empty `{}` and `[]` stay
    /// on one line), coloured by the `json.*` roles. Characters that could control the terminal
    /// are shown as `\uXXXX` escapes. Text that is not JSON comes back as its own lines (role
    /// `.text`, sanitized) after a first line saying where it stops being JSON.
    public static func pretty(_ json: String) -> [JSONLine] {
        switch JSONScanner.scan(json) {
        case .success(let items): return render(items)
        case .failure(let error): return invalid(json, error)
        }
    }

    /// Indices of the lines whose text contains `text`, ignoring case; none for empty text.
    public static func find(_ text: String, in lines: [JSONLine]) -> [Int] {
        guard !text.isEmpty else { return [] }
        return lines.indices.filter { lines[$0].text.range(of: text, options: .caseInsensitive) != nil }
    }

    // MARK: Rendering

    private static let comma = JSONToken(",", .jsonPunctuation)
    private static let colon = JSONToken(": ", .jsonPunctuation)

    /// The lines for `items`; a container whose opener index maps (through `path`) to a path in
    /// `collapsed` is drawn as one summary line.
    static func render(
        _ items: [JSONItem], collapsed: Set<String> = [], path: (Int) -> String? = { _ in nil }
    ) -> [JSONLine] {
        var lines: [JSONLine] = []
        lines.reserveCapacity(items.count)
        var index = 0
        while index < items.count {
            let item = items[index]
            var tokens: [JSONToken] = []
            if let key = item.key {
                tokens.reserveCapacity(4)
                tokens.append(JSONToken(key, .jsonKey))
                tokens.append(colon)
            }
            switch item.kind {
            case .scalar(let text, let role):
                tokens.append(JSONToken(text, role))
                if item.comma { tokens.append(comma) }
            case .open(let isObject):
                if item.count == 0 {
                    tokens.append(JSONToken(isObject ? "{}" : "[]", .jsonPunctuation))
                    if items[item.end].comma { tokens.append(comma) }
                    index = item.end
                } else if !collapsed.isEmpty, let id = path(index), collapsed.contains(id) {
                    let noun = isObject ? (item.count == 1 ? "key" : "keys") : (item.count == 1 ? "item" : "items")
                    tokens.append(JSONToken(isObject ? "{" : "[", .jsonPunctuation))
                    tokens.append(JSONToken(" … \(item.count) \(noun) ", .dim))
                    tokens.append(JSONToken(isObject ? "}" : "]", .jsonPunctuation))
                    if items[item.end].comma { tokens.append(comma) }
                    index = item.end
                } else {
                    tokens.append(JSONToken(isObject ? "{" : "[", .jsonPunctuation))
                }
            case .close(let isObject):
                tokens.append(JSONToken(isObject ? "}" : "]", .jsonPunctuation))
                if item.comma { tokens.append(comma) }
            }
            lines.append(JSONLine(indent: item.depth, tokens: tokens))
            index += 1
        }
        return lines
    }

    /// The message line, then the raw text line by line, made safe to draw.
    static func invalid(_ json: String, _ error: JSONSyntaxError) -> [JSONLine] {
        var lines = [JSONLine(indent: 0, tokens: [JSONToken(error.message, .filterInvalid)])]
        // Split on the byte, as the line numbers in the message count it ("\r\n" is one Character).
        for line in json.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            var raw = String(decoding: line, as: UTF8.self)
            if raw.hasSuffix("\r") { raw.removeLast() }
            raw = raw.replacingOccurrences(of: "\t", with: "    ")
            lines.append(JSONLine(indent: 0, tokens: [JSONToken(Sanitizer.clean(raw), .text)]))
        }
        return lines
    }
}
