import TerminalKit

/// Ctrl-R in a prompt, as bash does it: typing narrows a reverse search through the prompt's
/// history from the entry found so far; Ctrl-R again finds the next older match; Enter (or
/// any motion key) takes the match into the prompt to edit; Esc (or Ctrl-G) puts back what
/// was there. When the query stops matching, the last match is kept, marked as failing.
public struct HistorySearch: Sendable, Hashable {
    public var query = ""
    /// The history index of the entry found, nil until something matches.
    public var match: Int?
    /// The query as typed matches nothing at or before `match`.
    public var failing = false
    /// The prompt's text before the search, for Esc.
    public var original: String

    public init(original: String) { self.original = original }

    /// Searches again for a changed query, from the current match (inclusive), as typing does.
    mutating func refine(_ query: String, in history: LineHistory) {
        self.query = query
        if let found = history.search(query, before: match.map { $0 + 1 }) {
            match = found.index
            failing = false
        } else {
            failing = !query.isEmpty
        }
    }
}

/// ↑ and ↓ walk a prompt's history and Ctrl-R starts searching it, alike in every prompt that
/// has one. Returns whether the key was one of them; `editor` then holds the entry recalled.
func recallHistory(
    _ key: Key, into editor: inout LineEditor, from history: inout LineHistory, search: inout HistorySearch?
) -> Bool {
    switch key.code {
    case .up:
        if let older = history.older(from: editor.text) { editor.replace(with: older) }
    case .down:
        if let newer = history.newer() { editor.replace(with: newer) }
    case .character("r") where key.control && !key.alt:
        search = HistorySearch(original: editor.text)
    default:
        return false
    }
    return true
}

/// Feeds a key to the open history search. Returns the text for the prompt when the search
/// ends (the match, or the original on Esc), nil while it goes on.
func searchHistory(_ state: inout AppState, _ key: Key, history: LineHistory) -> String? {
    guard var search = state.historySearch else { return nil }
    var editor = LineEditor(search.query)
    switch key.code {
    case .escape:
        state.historySearch = nil
        return search.original
    case .character("g") where key.control && !key.alt:
        state.historySearch = nil
        return search.original
    case .character("r") where key.control && !key.alt:
        if let found = history.search(search.query, before: search.match) {
            search.match = found.index
            search.failing = false
        } else {
            search.failing = !search.query.isEmpty
        }
    case .backspace:
        _ = editor.handle(key)
        // Shorter queries match more: look again from the newest entry.
        search.match = nil
        search.refine(editor.text, in: history)
    case .character where !key.control && !key.alt && editor.handle(key) == .edited:
        search.refine(editor.text, in: history)
    default:
        // Enter, arrows and the other editing keys end the search with what it found.
        state.historySearch = nil
        return search.match.map { history.entries[$0] } ?? search.original
    }
    state.historySearch = search
    return nil
}

/// Text pasted while searching extends the query.
func pasteIntoHistorySearch(_ state: inout AppState, _ text: String, history: LineHistory) {
    guard var search = state.historySearch else { return }
    var editor = LineEditor(search.query)
    editor.insert(text)
    search.refine(editor.text, in: history)
    state.historySearch = search
}
