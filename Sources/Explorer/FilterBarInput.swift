import Foundation
import TerminalKit
import XRayFilter
import XRayModel

/// The filter bar, on the shared line editor: Enter applies a valid expression, Esc cancels,
/// ↑/↓ walk the history, Ctrl-R searches it, Tab completes at the cursor; every other key
/// edits, and the draft is validated as you type.
func editFilter(_ state: inout AppState, _ key: Key) -> [Effect] {
    guard var editor = state.filterEditor else { return [] }
    if state.historySearch != nil {
        if let accepted = searchHistory(&state, key, history: state.filterHistory) {
            state.filterHistory.endWalk()
            state.completions = nil
            editor.replace(with: accepted)
            state.filterEditor = editor
            state.filterError = validate(editor.text, groups: state.groups)
        }
        return []
    }
    // Only Tab keeps the candidates it cycles through on screen.
    if key.code != .tab && key.code != .backTab { state.completions = nil }
    if recallHistory(key, into: &editor, from: &state.filterHistory, search: &state.historySearch) {
        state.filterEditor = editor
        state.filterError = validate(editor.text, groups: state.groups)
        return []
    }
    switch key.code {
    case .escape:
        state.filterEditor = nil
        state.filterError = nil
        state.completions = nil
        state.filterHistory.endWalk()
        return []
    case .enter:
        if let error = validate(editor.text, groups: state.groups) {
            state.filterError = error
            return []
        }
        state.filterEditor = nil
        state.completions = nil
        state.filter = editor.text.trimmingCharacters(in: .whitespaces)
        state.filterHistory.add(state.filter)
        return [reload(state)]
    case .tab, .backTab:
        let before = String(editor.text.prefix(editor.cursor))
        let after = String(editor.text.dropFirst(editor.cursor))
        let completed = state.complete(before, backwards: key.code == .backTab)
        let killed = editor.killed
        editor = LineEditor(completed + after, cursor: completed.count)
        editor.killed = killed
    default:
        guard editor.handle(key) == .edited else {
            state.filterEditor = editor
            return []
        }
    }
    state.filterEditor = editor
    state.filterError = validate(editor.text, groups: state.groups)
    return []
}

/// Nil when the text is empty (no filter) or a valid expression.
func validate(_ text: String, groups: [API.GroupSummary] = []) -> FilterError? {
    guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
    do {
        _ = try FilterExpression(parsing: text, groups: groups)
        return nil
    } catch {
        return error
    }
}
