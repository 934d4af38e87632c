/// A colour role: what a cell *is* (a faulted node, a 4xx status, the selected row), never
/// which widget drew it. Themes map roles to colours, so one theme file restyles every view.
public struct Role: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let name: String
    public init(_ name: String) { self.name = name }
    public init(stringLiteral name: String) { self.name = name }
    public var description: String { name }
}

extension Role {
    public static let text: Role = "text"
    public static let dim: Role = "text.dim"
    public static let title: Role = "title"
    public static let border: Role = "border"
    public static let tabActive: Role = "tab.active"
    public static let tabInactive: Role = "tab.inactive"
    public static let statusBar: Role = "status.bar"
    public static let statusLive: Role = "status.live"
    public static let statusPaused: Role = "status.paused"
    public static let statusError: Role = "status.error"
    public static let selection: Role = "bar.selected"
    public static let focus: Role = "focus"
    public static let filterValid: Role = "filter.valid"
    public static let filterInvalid: Role = "filter.invalid"
    public static let helpKey: Role = "help.key"
    public static let nodeOK: Role = "node.ok"
    public static let nodeError: Role = "node.error"
    public static let nodeThrottle: Role = "node.throttle"
    public static let nodeFault: Role = "node.fault"
    public static let status2xx: Role = "status.2xx"
    public static let status4xx: Role = "status.4xx"
    public static let status429: Role = "status.429"
    public static let status5xx: Role = "status.5xx"
    public static let barOK: Role = "bar.ok"
    public static let barError: Role = "bar.error"
    public static let barThrottle: Role = "bar.throttle"
    public static let barFault: Role = "bar.fault"
    /// A span still in progress: its bar runs to the end of the trace, so it needs its own colour.
    public static let barInProgress: Role = "bar.in-progress"
    /// Raw JSON documents: object keys, string values, numbers, `true`/`false`/`null`, and the
    /// braces, brackets, colons and commas between them.
    public static let jsonKey: Role = "json.key"
    public static let jsonString: Role = "json.string"
    public static let jsonNumber: Role = "json.number"
    public static let jsonLiteral: Role = "json.literal"
    public static let jsonPunctuation: Role = "json.punctuation"

    /// Every role the program draws with; a theme file may set any of them.
    public static let all: [Role] = [
        .text, .dim, .title, .border, .tabActive, .tabInactive, .statusBar, .statusLive, .statusPaused,
        .statusError, .selection, .focus, .filterValid, .filterInvalid, .helpKey, .nodeOK, .nodeError,
        .nodeThrottle, .nodeFault, .status2xx, .status4xx, .status429, .status5xx, .barOK, .barError,
        .barThrottle, .barFault, .barInProgress, .jsonKey, .jsonString, .jsonNumber, .jsonLiteral, .jsonPunctuation,
    ]
}

/// How a cell is drawn: its role, plus emphasis a view may add on top of the theme's.
public struct Style: Hashable, Sendable {
    public var role: Role
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(_ role: Role = .text, bold: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.role = role
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
    }

    public static let plain = Style()
}
