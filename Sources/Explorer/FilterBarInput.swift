import Foundation
import TerminalKit
import XRayFilter
import XRayModel

/// The filter bar: typing edits the draft and validates it as you type; Enter applies a valid
/// expression, Esc cancels, ↑/↓ walk the history.
func editFilter(_ state: inout AppState, _ key: Key) -> [Effect] {
    var draft = state.filterDraft ?? ""
    switch key.code {
    case .escape:
        state.filterDraft = nil
        state.filterError = nil
        return []
    case .enter:
        if let error = validate(draft, groups: state.groups) {
            state.filterError = error
            return []
        }
        state.filterDraft = nil
        state.filter = draft.trimmingCharacters(in: .whitespaces)
        if !state.filter.isEmpty && state.filterHistory.last != state.filter {
            state.filterHistory.append(state.filter)
        }
        return [reload(state)]
    case .tab, .backTab:
        draft = state.complete(draft, backwards: key.code == .backTab)
        state.filterDraft = draft
        state.filterError = validate(draft, groups: state.groups)
        return []
    case .backspace:
        if !draft.isEmpty { draft.removeLast() }
    case .up, .down:
        guard !state.filterHistory.isEmpty else { return [] }
        let last = state.filterHistory.count - 1
        let position = state.historyPosition.map { key.code == .up ? max(0, $0 - 1) : min(last, $0 + 1) } ?? last
        state.historyPosition = position
        draft = state.filterHistory[position]
    case .character(let character) where !key.control && !key.alt:
        draft.append(character)
    default:
        return []
    }
    state.filterDraft = draft
    state.filterError = validate(draft, groups: state.groups)
    state.completions = nil
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
