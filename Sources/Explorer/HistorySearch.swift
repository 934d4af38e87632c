import TerminalKit

/// Ctrl-R in a prompt: typing narrows a reverse search through the prompt's history, newest
/// first; Ctrl-R again finds the next older match; Enter (or any motion key) takes the match
/// into the prompt to edit; Esc puts back what was there.
public struct HistorySearch: Sendable, Hashable {
    public var query = ""
    /// The history index of the entry found, nil while nothing matches.
    public var match: Int?
    /// The prompt's text before the search, for Esc.
    public var original: String

    public init(original: String) { self.original = original }
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
    case .character("r") where key.control && !key.alt:
        if let found = history.search(search.query, before: search.match) { search.match = found.index }
    case .character("g") where key.control && !key.alt:
        state.historySearch = nil
        return search.original
    default:
        if key.code == .backspace || (editor.handle(key) == .edited && !key.control && !key.alt) {
            if key.code == .backspace { _ = editor.handle(key) }
            search.query = editor.text
            search.match = history.search(search.query)?.index
        } else {
            // Enter, arrows and the other editing keys end the search with what it found.
            state.historySearch = nil
            return search.match.map { history.entries[$0] } ?? search.original
        }
    }
    state.historySearch = search
    return nil
}
