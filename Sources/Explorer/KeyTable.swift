import TerminalKit

/// Everything a key can do. One table (`KeyTable.bindings`) maps keys to commands; key
/// handling, the `?` help overlay and the README's key list are all generated from it, so they
/// cannot drift apart.
public enum Command: String, CaseIterable, Sendable {
    case quit, help
    case nextTab, previousTab, showMap, showTraces, showAnalytics
    case down, up, left, right, top, bottom, pageDown, pageUp
    case filter, clearFilter, window, pause, open, back, commandLine
    case nextItem, previousItem, faults, legend, zoomIn, zoomOut, fitMap, panLeft, panRight, panUp, panDown
    case sortColumn, reverseSort, narrower, wider, pickColumns, keepValue, dropValue, copy
    case nextGrouping, previousGrouping, pin
    case fold, collapseAll, expandAll, nextProblem, previousProblem, searchTrace, zoom, rawDocument, rawTrace, save
    case foldMetadata, unfoldMetadata, foldMetadataNode, detailDown, detailUp
}

/// Where a binding applies. A key bound in a view's scope means something else there than its
/// global binding (Tab moves between the map's nodes instead of between tabs).
public enum KeyScope: String, Sendable, Hashable {
    case global
    case map
    case traces
    case analytics
    case timeline

    var label: String { self == .global ? "" : "\(rawValue): " }
}

public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var command: Command
    public var summary: String
    public var scope: KeyScope

    public init(keys: [Key], command: Command, summary: String, scope: KeyScope = .global) {
        self.keys = keys
        self.command = command
        self.summary = summary
        self.scope = scope
    }
}

public enum KeyTable {
    public static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.char("q"), .ctrl("c")], command: .quit, summary: "quit"),
        KeyBinding(keys: [.char("?"), Key(.function(1))], command: .help, summary: "show or hide this help"),
        KeyBinding(keys: [Key(.tab)], command: .nextTab, summary: "next tab"),
        KeyBinding(keys: [Key(.backTab)], command: .previousTab, summary: "previous tab"),
        KeyBinding(keys: [.char("1")], command: .showMap, summary: "service map"),
        KeyBinding(keys: [.char("2")], command: .showTraces, summary: "traces"),
        KeyBinding(keys: [.char("3")], command: .showAnalytics, summary: "analytics"),
        KeyBinding(keys: [.char("j"), Key(.down)], command: .down, summary: "move down"),
        KeyBinding(keys: [.char("k"), Key(.up)], command: .up, summary: "move up"),
        KeyBinding(keys: [.char("h"), Key(.left)], command: .left, summary: "move left"),
        KeyBinding(keys: [.char("l"), Key(.right)], command: .right, summary: "move right"),
        KeyBinding(keys: [.char("g"), Key(.home)], command: .top, summary: "go to the top"),
        KeyBinding(keys: [.char("G"), Key(.end)], command: .bottom, summary: "go to the bottom"),
        KeyBinding(keys: [.ctrl("d"), Key(.pageDown)], command: .pageDown, summary: "half a page down"),
        KeyBinding(keys: [.ctrl("u"), Key(.pageUp)], command: .pageUp, summary: "half a page up"),
        KeyBinding(keys: [.char("/")], command: .filter, summary: "filter (X-Ray filter expression)"),
        KeyBinding(keys: [.char("x")], command: .clearFilter, summary: "clear the filter"),
        KeyBinding(keys: [.char(":")], command: .commandLine, summary: "command line (:trace ID, :window 1h, ...)"),
        KeyBinding(keys: [.char("w")], command: .window, summary: "choose the time window"),
        KeyBinding(keys: [.char(" ")], command: .pause, summary: "pause or resume live updates"),
        KeyBinding(keys: [Key(.enter)], command: .open, summary: "open the selected trace"),
        KeyBinding(keys: [Key(.escape)], command: .back, summary: "back: close the trace, overlay or selection"),
        KeyBinding(keys: [Key(.tab)], command: .nextItem, summary: "next node, then edges", scope: .map),
        KeyBinding(keys: [Key(.backTab)], command: .previousItem, summary: "previous node or edge", scope: .map),
        KeyBinding(
            keys: [Key(.enter)], command: .open, summary: "traces through the selected node or edge", scope: .map),
        KeyBinding(
            keys: [.char("f")], command: .faults, summary: "traces where the selected node faulted", scope: .map),
        KeyBinding(keys: [.char("L")], command: .legend, summary: "show or hide the legend", scope: .map),
        KeyBinding(keys: [.char("+"), .char("=")], command: .zoomIn, summary: "more detail per node", scope: .map),
        KeyBinding(keys: [.char("-")], command: .zoomOut, summary: "less detail per node (fits more)", scope: .map),
        KeyBinding(
            keys: [.char("0")], command: .fitMap, summary: "fit the map to the screen again (after + or -)",
            scope: .map),
        KeyBinding(keys: [Key(.left, control: true), .alt("h")], command: .panLeft, summary: "pan left", scope: .map),
        KeyBinding(
            keys: [Key(.right, control: true), .alt("l")], command: .panRight, summary: "pan right", scope: .map),
        KeyBinding(keys: [Key(.up, control: true), .alt("k")], command: .panUp, summary: "pan up", scope: .map),
        KeyBinding(keys: [Key(.down, control: true), .alt("j")], command: .panDown, summary: "pan down", scope: .map),
        KeyBinding(
            keys: [.char("s")], command: .sortColumn, summary: "sort by the column under the cursor (again: reverse)",
            scope: .traces),
        KeyBinding(keys: [.char("S")], command: .reverseSort, summary: "reverse the sort", scope: .traces),
        KeyBinding(keys: [.char("<")], command: .narrower, summary: "narrow the column", scope: .traces),
        KeyBinding(keys: [.char(">")], command: .wider, summary: "widen the column", scope: .traces),
        KeyBinding(keys: [.char("c")], command: .pickColumns, summary: "show or hide columns", scope: .traces),
        KeyBinding(
            keys: [.char("=")], command: .keepValue, summary: "filter to the value under the cursor", scope: .traces),
        KeyBinding(
            keys: [.char("!")], command: .dropValue, summary: "filter out the value under the cursor", scope: .traces),
        KeyBinding(keys: [.char("y")], command: .copy, summary: "copy the trace id (OSC 52)", scope: .traces),
        KeyBinding(keys: [.char("b")], command: .nextGrouping, summary: "group by the next field", scope: .analytics),
        KeyBinding(
            keys: [.char("B")], command: .previousGrouping, summary: "group by the previous field", scope: .analytics),
        KeyBinding(keys: [Key(.enter)], command: .open, summary: "refine the filter to the group", scope: .analytics),
        KeyBinding(
            keys: [.char("p")], command: .pin, summary: "pin these traces as A to compare (again: unpin)",
            scope: .analytics),
        KeyBinding(
            keys: [Key(.enter), .char(" ")], command: .fold, summary: "fold or unfold the span", scope: .timeline),
        KeyBinding(keys: [.char("[")], command: .collapseAll, summary: "fold every span", scope: .timeline),
        KeyBinding(keys: [.char("]")], command: .expandAll, summary: "unfold every span", scope: .timeline),
        KeyBinding(
            keys: [.char("n")], command: .nextProblem,
            summary: "next error or fault (next match while searching)", scope: .timeline),
        KeyBinding(
            keys: [.char("N")], command: .previousProblem, summary: "previous error or fault (or match)",
            scope: .timeline),
        KeyBinding(
            keys: [.char("/")], command: .searchTrace, summary: "search names, URLs and annotations",
            scope: .timeline),
        KeyBinding(
            keys: [.char("z")], command: .zoom, summary: "zoom to the span's time (again: all)", scope: .timeline),
        KeyBinding(keys: [Key(.tab)], command: .nextItem, summary: "next detail tab", scope: .timeline),
        KeyBinding(
            keys: [.char("{")], command: .foldMetadata, summary: "fold the metadata tree a level", scope: .timeline),
        KeyBinding(
            keys: [.char("}")], command: .unfoldMetadata, summary: "unfold the metadata tree a level",
            scope: .timeline),
        KeyBinding(
            keys: [.char("o")], command: .foldMetadataNode, summary: "fold or unfold the metadata node at ▶",
            scope: .timeline),
        KeyBinding(keys: [Key(.backTab)], command: .previousItem, summary: "previous detail tab", scope: .timeline),
        KeyBinding(
            keys: [.char("J")], command: .detailDown, summary: "scroll the detail pane down (Metadata: move ▶)",
            scope: .timeline),
        KeyBinding(
            keys: [.char("K")], command: .detailUp, summary: "scroll the detail pane up (Metadata: move ▶)",
            scope: .timeline),
        KeyBinding(
            keys: [.char("r")], command: .rawDocument, summary: "raw JSON of the span's document", scope: .timeline),
        KeyBinding(
            keys: [.char("R")], command: .rawTrace, summary: "raw JSON of the trace (BatchGetTraces)", scope: .timeline),
        KeyBinding(
            keys: [.char("y")], command: .copy, summary: "copy the trace id, or the JSON shown (OSC 52)",
            scope: .timeline),
        KeyBinding(
            keys: [.char("w")], command: .save, summary: "write the trace to a file (BatchGetTraces JSON)",
            scope: .timeline),
    ]

    /// Applies `overrides` (command name to key names, from the config file) over the defaults.
    public static func bindings(overriding overrides: [Command: [Key]]) -> [KeyBinding] {
        bindings.map { binding in
            var binding = binding
            if let keys = overrides[binding.command] { binding.keys = keys }
            return binding
        }
    }

    /// The command for a key in a scope: the scope's own binding first, then the global one.
    public static func command(for key: Key, in bindings: [KeyBinding] = bindings, scope: KeyScope = .global)
        -> Command?
    {
        let matching = bindings.filter { $0.keys.contains(key) }
        return (matching.first { $0.scope == scope } ?? matching.first { $0.scope == .global })?.command
    }

    /// The README's key list, generated from the table (`xray-tui keys`).
    public static func markdown(_ bindings: [KeyBinding] = bindings) -> String {
        var lines = ["| keys | what they do |", "|---|---|"]
        for binding in bindings {
            let keys = binding.keys.map { "`\($0.description)`" }.joined(separator: " ")
            lines.append("| \(keys) | \(binding.scope.label)\(binding.summary) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension Key {
    /// Reads a key name as the config file and the README write it: `q`, `Ctrl-d`, `Enter`, `F1`.
    public init?(name: String) {
        var rest = Substring(name)
        var control = false
        var alt = false
        while true {
            if rest.lowercased().hasPrefix("ctrl-") && rest.count > 5 {
                control = true
                rest = rest.dropFirst(5)
            } else if rest.lowercased().hasPrefix("alt-") && rest.count > 4 {
                alt = true
                rest = rest.dropFirst(4)
            } else {
                break
            }
        }
        let named: [String: Code] = [
            "up": .up, "down": .down, "left": .left, "right": .right, "home": .home, "end": .end,
            "pgup": .pageUp, "pgdn": .pageDown, "enter": .enter, "esc": .escape, "tab": .tab,
            "shift-tab": .backTab, "backspace": .backspace, "delete": .delete, "space": .character(" "),
            "↑": .up, "↓": .down, "←": .left, "→": .right,
        ]
        if let code = named[rest.lowercased()] {
            self.init(code, control: control, alt: alt)
        } else if rest.count == 1, let character = rest.first {
            self.init(.character(control ? Character(character.lowercased()) : character), control: control, alt: alt)
        } else if rest.lowercased().hasPrefix("f"), let number = Int(rest.dropFirst()), (1...24).contains(number) {
            self.init(.function(number), control: control, alt: alt)
        } else {
            return nil
        }
    }
}
