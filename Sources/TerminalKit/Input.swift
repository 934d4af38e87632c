/// A key as the program sees it, from ncurses or from a test.
public struct Key: Hashable, Sendable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        case character(Character)
        case up, down, left, right, home, end, pageUp, pageDown
        case enter, escape, tab, backTab, backspace, delete
        case function(Int)
    }

    public var code: Code
    public var control: Bool
    public var alt: Bool

    public init(_ code: Code, control: Bool = false, alt: Bool = false) {
        self.code = code
        self.control = control
        self.alt = alt
    }

    public static func char(_ character: Character) -> Key { Key(.character(character)) }
    public static func ctrl(_ character: Character) -> Key { Key(.character(character), control: true) }
    public static func alt(_ character: Character) -> Key { Key(.character(character), alt: true) }

    /// How the help overlay and the README name the key: `j`, `Ctrl-d`, `↑`, `Enter`.
    public var description: String {
        let name: String
        switch code {
        case .character(" "): name = "Space"
        case .character(let character): name = String(character)
        case .up: name = "↑"
        case .down: name = "↓"
        case .left: name = "←"
        case .right: name = "→"
        case .home: name = "Home"
        case .end: name = "End"
        case .pageUp: name = "PgUp"
        case .pageDown: name = "PgDn"
        case .enter: name = "Enter"
        case .escape: name = "Esc"
        case .tab: name = "Tab"
        case .backTab: name = "Shift-Tab"
        case .backspace: name = "Backspace"
        case .delete: name = "Delete"
        case .function(let number): name = "F\(number)"
        }
        return (control ? "Ctrl-" : "") + (alt ? "Alt-" : "") + name
    }
}

public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case press, release, wheelUp, wheelDown }
    public var kind: Kind
    public var x: Int
    public var y: Int

    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}

public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(width: Int, height: Int)
    /// Text the terminal says was pasted (bracketed paste), delivered whole so it is inserted
    /// as one edit and never read as keys: a pasted `q` must not quit.
    case paste(String)
}

/// Where frames go and events come from: ncurses for real, `HeadlessTerminal` in tests.
public protocol TerminalBackend: AnyObject {
    var size: (width: Int, height: Int) { get }
    func draw(_ screen: Screen, theme: Theme)
    /// Waits up to `milliseconds` for input (or forever when nil).
    func nextEvent(timeoutMilliseconds: Int?) -> InputEvent?
    /// Puts the terminal back as it was. Safe to call more than once.
    func shutdown()
    /// Sets the terminal's clipboard (OSC 52), where the terminal allows it.
    func copyToClipboard(_ text: String)
}

/// A backend with no terminal: events come from a queue, frames are kept for inspection.
public final class HeadlessTerminal: TerminalBackend {
    public private(set) var size: (width: Int, height: Int)
    public private(set) var frames: [Screen] = []
    public var pending: [InputEvent] = []
    public private(set) var isShutDown = false

    public init(width: Int, height: Int, events: [InputEvent] = []) {
        size = (width, height)
        pending = events
    }

    public var lastFrame: Screen? { frames.last }

    public func draw(_ screen: Screen, theme: Theme) { frames.append(screen) }

    public func nextEvent(timeoutMilliseconds: Int?) -> InputEvent? {
        guard !pending.isEmpty else { return nil }
        let event = pending.removeFirst()
        if case .resize(let width, let height) = event { size = (width, height) }
        return event
    }

    public func shutdown() { isShutDown = true }

    public private(set) var copied: [String] = []
    public func copyToClipboard(_ text: String) { copied.append(text) }
}
