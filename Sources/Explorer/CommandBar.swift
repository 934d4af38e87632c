import Foundation
import TerminalKit
import XRayModel

/// One command of the `:` command line: its name, what it takes, and what it does (for
/// completion, `?` help and the README, which all read this table).
public struct LineCommand: Sendable, Hashable {
    public var name: String
    public var arguments: String
    public var summary: String
}

/// The `:` command line: the shared line editor with its own history, Tab completion of
/// command names (and of group and theme names), and the commands of `table`.
public enum CommandBar {
    public static let table: [LineCommand] = [
        LineCommand(
            name: "trace", arguments: "ID", summary: "open a trace by X-Ray id (1-…) or 32-hex W3C trace id"),
        LineCommand(
            name: "window", arguments: "1h, or START .. END",
            summary: "show the last 1h, or a window such as 2026-12-01T10:00 .. 11:00 (UTC)"),
        LineCommand(name: "filter", arguments: "EXPR", summary: "apply a filter expression (nothing clears it)"),
        LineCommand(name: "group", arguments: "NAME", summary: "apply a group's filter expression"),
        LineCommand(name: "theme", arguments: "NAME", summary: "switch the colour theme"),
        LineCommand(
            name: "columns", arguments: "NAME, ...",
            summary: "choose the trace table's columns (time, trace id, status, annotation.KEY, ...)"),
        LineCommand(
            name: "export", arguments: "FILE",
            summary: "write the open trace, or the table's summaries (.json, or .ndjson: one a line)"),
        LineCommand(name: "q", arguments: "", summary: "quit (also :quit)"),
    ]

    static let hint = "Enter runs · Esc cancels · Tab completes"

    /// The commands as a Markdown table, for `xray-tui keys` and the README.
    public static func markdown() -> String {
        var lines = ["| command | what it does |", "|---|---|"]
        for command in table {
            let usage = command.arguments.isEmpty ? command.name : "\(command.name) \(command.arguments)"
            lines.append("| `:\(usage)` | \(command.summary) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Enter, Esc, Tab, ↑/↓ and Ctrl-R; the rest edits.
    static func edit(_ state: inout AppState, _ key: Key) -> [Effect] {
        guard var editor = state.commandEditor else { return [] }
        if state.historySearch != nil {
            if let accepted = searchHistory(&state, key, history: state.commandHistory) {
                state.commandHistory.endWalk()
                state.commandCompletions = nil
                editor.replace(with: accepted)
                state.commandEditor = editor
            }
            return []
        }
        // Only Tab keeps the candidates it cycles through on screen.
        if key.code != .tab && key.code != .backTab { state.commandCompletions = nil }
        if recallHistory(key, into: &editor, from: &state.commandHistory, search: &state.historySearch) {
            state.commandEditor = editor
            return []
        }
        switch key.code {
        case .escape:
            close(&state)
            return []
        case .enter:
            let text = editor.text.trimmingCharacters(in: .whitespaces)
            close(&state)
            guard !text.isEmpty else { return [] }
            state.commandHistory.add(text)
            return run(text, &state)
        case .tab, .backTab:
            complete(&editor, &state, backwards: key.code == .backTab)
        default:
            _ = editor.handle(key)
        }
        state.commandEditor = editor
        return []
    }

    private static func close(_ state: inout AppState) {
        state.commandEditor = nil
        state.commandCompletions = nil
        state.commandHistory.endWalk()
    }

    /// Runs one command line (`trace 1-…`, `window 1h`, ...); errors go to the status bar.
    static func run(_ text: String, _ state: inout AppState) -> [Effect] {
        let (name, argument) = split(text)
        switch name.lowercased() {
        case "trace":
            guard let id = traceID(from: argument) else {
                state.lastError =
                    "\"\(argument)\" is not a trace id: give 1-5f2b3c4d-00112233445566778899aabb or 32 hex digits"
                return []
            }
            return openTrace(id, in: &state)
        case "window":
            guard let choice = parseCustomWindow(argument, now: state.now) else {
                state.lastError = "cannot read \"\(argument)\" as a window (try 1h, or 2026-12-01T10:00 .. 11:00)"
                return []
            }
            state.window = choice
            state.lastError = nil
            return [reload(state)]
        case "filter":
            return applyFilter(argument, &state)
        case "group":
            guard let group = state.groups.first(where: { $0.GroupName == argument }) else {
                let known = state.groups.compactMap(\.GroupName)
                state.lastError =
                    known.isEmpty
                    ? "the source has no groups" : "no group \"\(argument)\"; known: \(known.joined(separator: ", "))"
                return []
            }
            return applyFilter(group.FilterExpression ?? "", &state)
        case "theme":
            guard !argument.isEmpty else {
                state.lastError = "which theme? \(state.themeNames.joined(separator: ", "))"
                return []
            }
            return [.setTheme(argument)]
        case "columns":
            return setColumns(argument, &state)
        case "export":
            return export(to: argument, &state)
        case "q", "quit":
            state.quit = true
            return []
        default:
            state.lastError =
                "unknown command \":\(name)\"; known: " + table.map { ":" + $0.name }.joined(separator: " ")
            return []
        }
    }

    static func split(_ text: String) -> (name: String, argument: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.firstIndex(of: " ") else { return (trimmed, "") }
        return (String(trimmed[..<space]), trimmed[space...].trimmingCharacters(in: .whitespaces))
    }

    private static func applyFilter(_ expression: String, _ state: inout AppState) -> [Effect] {
        if let error = validate(expression, groups: state.groups) {
            state.lastError = "filter: \(error.description)"
            return []
        }
        state.filter = expression
        state.filterHistory.add(expression)
        state.lastError = nil
        return [reload(state)]
    }

    private static func setColumns(_ argument: String, _ state: inout AppState) -> [Effect] {
        let names = argument.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let unknown = names.filter { TraceColumn(name: $0) == nil }
        guard unknown.isEmpty, !names.isEmpty else {
            state.lastError =
                "columns: \(unknown.isEmpty ? "name at least one" : "unknown \(unknown.joined(separator: ", "))"); "
                + "known: " + TraceColumn.standard.map(\.name).joined(separator: ", ") + ", annotation.KEY"
            return []
        }
        state.table.columns = names.compactMap(TraceColumn.init(name:))
        state.table.cursor = min(state.table.cursor, state.table.columns.count - 1)
        state.tab = .traces
        state.lastError = nil
        return []
    }

    /// `:export FILE`: the open trace, or else the table's summaries in the extension's format.
    private static func export(to path: String, _ state: inout AppState) -> [Effect] {
        guard !path.isEmpty else {
            state.lastError = "export: give a file name (.json, or .ndjson for a summary a line)"
            return []
        }
        if let timeline = state.timeline {
            return [.save(path: path, contents: RawView.json(timeline.withMode(.rawTrace)), overwrite: false)]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let contents: String
        if path.lowercased().hasSuffix(".ndjson") || path.lowercased().hasSuffix(".jsonl") {
            contents = state.summaries.compactMap { summary in
                (try? encoder.encode(summary)).map { String(decoding: $0, as: UTF8.self) + "\n" }
            }.joined()
        } else {
            encoder.outputFormatting.insert(.prettyPrinted)
            var result = API.GetTraceSummariesResult()
            result.TraceSummaries = state.summaries
            contents = (try? encoder.encode(result)).map { String(decoding: $0, as: UTF8.self) + "\n" } ?? ""
        }
        return [.save(path: path, contents: contents, overwrite: false)]
    }

    /// Tab: a command name, then a group or theme name or a column; again, the next candidate.
    private static func complete(_ editor: inout LineEditor, _ state: inout AppState, backwards: Bool) {
        if let (candidates, index) = state.commandCompletions, candidates.indices.contains(index),
            candidates[index] == editor.text
        {
            let next = (index + (backwards ? candidates.count - 1 : 1)) % candidates.count
            state.commandCompletions = (candidates, next)
            editor.replace(with: candidates[next])
            return
        }
        let text = editor.text
        let candidates: [String]
        if !text.contains(" ") {
            candidates = (table.map(\.name) + ["quit"]).filter { $0.hasPrefix(text.lowercased()) }.map { $0 + " " }
        } else {
            let (name, argument) = split(text)
            let values: [String]
            switch name {
            case "group": values = state.groups.compactMap(\.GroupName)
            case "theme": values = state.themeNames
            case "columns": values = TraceColumn.standard.map(\.name)
            case "window": values = ["5m", "15m", "1h", "6h", "24h"]
            default: values = []
            }
            candidates = values.filter { $0.lowercased().hasPrefix(argument.lowercased()) }.map { name + " " + $0 }
        }
        guard !candidates.isEmpty else {
            state.commandCompletions = nil
            return
        }
        let first = backwards ? candidates.count - 1 : 0
        state.commandCompletions = (candidates, first)
        editor.replace(with: candidates[first])
    }

    /// `:text`, then the candidates Tab cycles through, or the matching commands' usage.
    static func drawBar(_ state: AppState, _ editor: LineEditor, into screen: inout Screen, area: Rect) {
        let (name, _) = split(editor.text)
        let matching = table.filter { !name.isEmpty && $0.name.hasPrefix(name.lowercased()) }
        let usage: String
        if let (candidates, index) = state.commandCompletions, candidates.count > 1 {
            usage = candidates.enumerated().map { $0.offset == index ? "[\($0.element)]" : $0.element }
                .joined(separator: "  ")
        } else if matching.count == 1, let command = matching.first {
            usage = ":\(command.name) \(command.arguments)  \(command.summary)"
        } else {
            usage = hint
        }
        PromptBar.draw(label: ":", editor, hint: usage, into: &screen, area: area, style: Style(.focus))
    }
}

/// An X-Ray trace id as given, or one made from the 32 hex digits of a W3C trace id (what
/// OpenTelemetry logs print; AWS's exporter maps them so: the first 8 are the time part).
public func traceID(from text: String) -> String? {
    // X-Ray ids are lower-case hex; one copied in capitals is the same trace.
    let text = text.trimmingCharacters(in: .whitespaces).lowercased()
    if XRayID.isValidTraceID(text) { return text }
    let hex = text
    guard hex.utf8.count == 32, hex.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
        return nil
    }
    return "1-" + hex.prefix(8) + "-" + hex.dropFirst(8)
}

/// Opens a trace by id (`:trace`, `--open`): its timeline, with the table behind it moved to
/// its time once it arrives.
public func openTrace(_ id: String, in state: inout AppState) -> [Effect] {
    state.openingByID = id
    return [.loadTrace(id: id)]
}
