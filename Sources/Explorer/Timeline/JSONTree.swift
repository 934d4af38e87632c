import TerminalKit

/// A JSON document (such as a segment's `metadata`) as a tree whose objects and arrays can be
/// folded. Containers are named by JSON-pointer paths (RFC 6901): `""` is the whole document,
/// `/debug/0` the first element of its `debug` member; `~` and `/` in names are `~0` and `~1`.
public struct JSONTree: Sendable {
    private let items: [JSONItem]
    /// Opener index to path, for every non-empty container.
    private let paths: [Int: String]
    /// The lines shown when the text is not JSON (nil when it is).
    private let invalidLines: [JSONLine]?

    /// The paths of every container that can be folded (non-empty objects and arrays, but not
    /// the document itself), in document order: pass them all to `lines(collapsed:)` to fold
    /// everything down to the top-level members.
    public let containerPaths: [String]

    public init(_ json: String) {
        switch JSONScanner.scan(json) {
        case .success(let items):
            self.items = items
            invalidLines = nil
            var paths: [Int: String] = [:]
            var ordered: [String] = []
            // Per open container: its path and how many children have been seen.
            var stack: [(path: String, next: Int)] = []
            for (index, item) in items.enumerated() {
                switch item.kind {
                case .open:
                    var path = ""
                    if let top = stack.indices.last {
                        let step = item.key.map { Self.pointerStep(Self.decode($0)) } ?? String(stack[top].next)
                        path = stack[top].path + "/" + step
                        stack[top].next += 1
                    }
                    if item.count > 0 {
                        paths[index] = path
                        if !stack.isEmpty { ordered.append(path) }
                    }
                    stack.append((path, 0))
                case .close:
                    stack.removeLast()
                case .scalar:
                    if let top = stack.indices.last { stack[top].next += 1 }
                }
            }
            self.paths = paths
            containerPaths = ordered
        case .failure(let error):
            items = []
            paths = [:]
            containerPaths = []
            invalidLines = JSONLines.invalid(json, error)
        }
    }

    /// Whether the text was JSON; if not, `lines` shows it raw under a message.
    public var isValid: Bool { invalidLines == nil }

    /// The pretty-printed lines (the same as `JSONLines.pretty` when nothing is collapsed), each
    /// container whose path is in `collapsed` shown as one line: `"http": { … 3 keys }`.
    public func lines(collapsed: Set<String>) -> [JSONLine] {
        if let invalidLines { return invalidLines }
        return JSONLines.render(items, collapsed: collapsed, path: { paths[$0] })
    }

    /// The path of the container opened on `line` of `lines(collapsed:)` with the same
    /// `collapsed` set, so a view can fold or unfold the node under the cursor.
    public func path(ofLine line: Int, collapsed: Set<String>) -> String? {
        guard invalidLines == nil else { return nil }
        var index = 0
        var current = 0
        while index < items.count {
            let item = items[index]
            if case .open = item.kind {
                if current == line { return paths[index] }
                if item.count == 0 || paths[index].map(collapsed.contains) == true { index = item.end }
            } else if current == line {
                return nil
            }
            index += 1
            current += 1
        }
        return nil
    }

    /// A JSON-pointer reference token: `~` becomes `~0` and `/` becomes `~1`.
    static func pointerStep(_ name: String) -> String {
        guard name.contains("~") || name.contains("/") else { return name }
        return name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// The value of a JSON string literal as written (quotes included, escapes valid).
    static func decode(_ literal: String) -> String {
        let scalars = Array(literal.unicodeScalars.dropFirst().dropLast())
        guard scalars.contains("\\") else { return String(String.UnicodeScalarView(scalars)) }
        var result = String.UnicodeScalarView()
        var index = 0
        func hex(at position: Int) -> UInt32? {
            guard position + 4 <= scalars.count else { return nil }
            return UInt32(String(String.UnicodeScalarView(scalars[position..<position + 4])), radix: 16)
        }
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            guard scalar == "\\", index < scalars.count else {
                result.append(scalar)
                continue
            }
            let escape = scalars[index]
            index += 1
            switch escape {
            case "b": result.append("\u{08}")
            case "f": result.append("\u{0C}")
            case "n": result.append("\n")
            case "r": result.append("\r")
            case "t": result.append("\t")
            case "u":
                guard let high = hex(at: index) else { continue }
                index += 4
                var value = high
                if (0xD800...0xDBFF).contains(high), index + 1 < scalars.count, scalars[index] == "\\",
                    scalars[index + 1] == "u", let low = hex(at: index + 2), (0xDC00...0xDFFF).contains(low)
                {
                    value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                result.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            default: result.append(escape)  // \" \\ \/
            }
        }
        return String(result)
    }
}
