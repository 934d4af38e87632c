import Foundation
import TerminalKit
import XRayFilter
import XRayModel

/// The explorer's one state transition: apply an action, return the effects it needs.
public func update(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .resize(let width, let height):
        state.width = width
        state.height = height
        clampSelection(&state)
        if state.map.chosenDensity == nil { state.layoutMap() }
        state.revealSelection()
        state.clampPan()
        return []
    case .tick(let now):
        state.now = now
        return []
    case .dataChanged:
        if state.paused {
            state.newWhilePaused += 1
            return []
        }
        return [reload(state)]
    case .loaded(let result):
        state.loading = false
        state.shownWindow = result.window
        if let error = result.error {
            state.lastError = error
            return []
        }
        state.lastError = nil
        // Keep the selected trace selected when new data arrives above it.
        let selectedID =
            state.summaries.indices.contains(state.selectedRow) ? state.summaries[state.selectedRow].Id : nil
        state.summaries = result.summaries
        state.graph = result.graph
        state.refreshMap()
        if let selectedID, let row = state.summaries.firstIndex(where: { $0.Id == selectedID }) {
            state.scrollTop += row - state.selectedRow
            state.selectedRow = row
        }
        clampSelection(&state)
        return []
    case .traceOpened(let trace, let id):
        if let trace {
            state.openTrace = trace
            state.traceScroll = 0
        } else {
            state.lastError = "trace \(id) is no longer in the source"
        }
        return []
    case .mouse(let event):
        return mouse(&state, event)
    case .key(let key):
        if state.filterDraft != nil { return editFilter(&state, key) }
        if case .windowPicker = state.overlay { return pickWindow(&state, key) }
        guard let command = KeyTable.command(for: key, in: state.bindings, scope: state.keyScope) else {
            if state.overlay == .help { state.overlay = nil }  // any key closes the help
            return []
        }
        return run(command, &state)
    }
}

func reload(_ state: AppState) -> Effect {
    .load(window: state.window, filter: state.filter, now: state.now)
}

private func run(_ command: Command, _ state: inout AppState) -> [Effect] {
    if state.overlay == .help && command != .quit {
        // Motion keys scroll a help longer than the screen; any other key closes it.
        switch command {
        case .down: state.helpScroll += 1
        case .up: state.helpScroll = max(0, state.helpScroll - 1)
        case .pageDown: state.helpScroll += max(1, state.height / 2)
        case .pageUp: state.helpScroll = max(0, state.helpScroll - max(1, state.height / 2))
        default: state.overlay = nil
        }
        state.helpScroll = min(state.helpScroll, HelpOverlay.maximumScroll(state))
        return []
    }
    if state.keyScope == .map, let effects = state.mapCommand(command) { return effects }
    switch command {
    case .quit: state.quit = true
    case .help:
        state.overlay = .help
        state.helpScroll = 0
    case .nextTab: state.tab = Tab.allCases[(Tab.allCases.firstIndex(of: state.tab)! + 1) % Tab.allCases.count]
    case .previousTab:
        let count = Tab.allCases.count
        state.tab = Tab.allCases[(Tab.allCases.firstIndex(of: state.tab)! + count - 1) % count]
    case .showMap: state.tab = .map
    case .showTraces: state.tab = .traces
    case .showAnalytics: state.tab = .analytics
    case .down: move(&state, by: 1)
    case .up: move(&state, by: -1)
    case .pageDown: move(&state, by: max(1, state.tableRows / 2))
    case .pageUp: move(&state, by: -max(1, state.tableRows / 2))
    case .top: move(&state, by: -Int.max / 2)
    case .bottom: move(&state, by: Int.max / 2)
    case .left, .right: break
    case .nextItem, .previousItem, .faults, .legend, .zoomIn, .zoomOut, .panLeft, .panRight, .panUp, .panDown:
        break  // the map's own commands
    case .filter:
        state.filterDraft = state.filter
        state.filterError = nil
        state.historyPosition = nil
    case .clearFilter:
        guard !state.filter.isEmpty else { return [] }
        state.filter = ""
        return [reload(state)]
    case .window:
        let current = WindowChoice.presets.firstIndex(of: state.window) ?? 0
        state.overlay = .windowPicker(selected: current, custom: nil)
    case .pause:
        guard state.isLive else { return [] }
        state.paused.toggle()
        if !state.paused && state.newWhilePaused > 0 {
            state.newWhilePaused = 0
            return [reload(state)]
        }
    case .open:
        guard state.tab == .traces, state.openTrace == nil, state.summaries.indices.contains(state.selectedRow),
            let id = state.summaries[state.selectedRow].Id
        else { return [] }
        return [.loadTrace(id: id)]
    case .back:
        if state.overlay != nil {
            state.overlay = nil
        } else {
            state.openTrace = nil
        }
    }
    return []
}

private func move(_ state: inout AppState, by delta: Int) {
    if state.openTrace != nil {
        state.traceScroll = max(0, min(state.traceScroll + delta, (state.openTrace?.spans.count ?? 1) - 1))
        return
    }
    guard state.tab == .traces else { return }
    state.selectedRow += delta
    clampSelection(&state)
}

/// Keeps the selection on a row and the row on screen.
func clampSelection(_ state: inout AppState) {
    state.selectedRow = max(0, min(state.selectedRow, state.summaries.count - 1))
    if state.selectedRow < state.scrollTop { state.scrollTop = state.selectedRow }
    if state.selectedRow >= state.scrollTop + state.tableRows {
        state.scrollTop = state.selectedRow - state.tableRows + 1
    }
    state.scrollTop = max(0, min(state.scrollTop, max(0, state.summaries.count - state.tableRows)))
}

/// The filter bar: typing edits the draft and validates it as you type; Enter applies a valid
/// expression, Esc cancels, ↑/↓ walk the history.
private func editFilter(_ state: inout AppState, _ key: Key) -> [Effect] {
    var draft = state.filterDraft ?? ""
    switch key.code {
    case .escape:
        state.filterDraft = nil
        state.filterError = nil
        return []
    case .enter:
        if let error = validate(draft) {
            state.filterError = error
            return []
        }
        state.filterDraft = nil
        state.filter = draft.trimmingCharacters(in: .whitespaces)
        if !state.filter.isEmpty && state.filterHistory.last != state.filter {
            state.filterHistory.append(state.filter)
        }
        return [reload(state)]
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
    state.filterError = validate(draft)
    return []
}

/// Nil when the text is empty (no filter) or a valid expression.
func validate(_ text: String) -> FilterError? {
    guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
    do {
        _ = try FilterExpression(parsing: text)
        return nil
    } catch {
        return error
    }
}

/// The window picker: ↑/↓ choose a preset, Enter takes it; `c` types a custom window
/// (a duration like `45m`, or `START .. END`).
private func pickWindow(_ state: inout AppState, _ key: Key) -> [Effect] {
    guard case .windowPicker(var selected, var custom) = state.overlay else { return [] }
    if var text = custom {
        switch key.code {
        case .escape: custom = nil
        case .backspace: if !text.isEmpty { text.removeLast() }; custom = text
        case .enter:
            guard let choice = parseCustomWindow(text, now: state.now) else {
                state.lastError =
                    "cannot read \"\(text)\" as a window (try 45m, or 2026-11-26T09:00:00Z .. 2026-11-26T10:00:00Z)"
                return []
            }
            state.overlay = nil
            state.window = choice
            state.lastError = nil
            return [reload(state)]
        case .character(let character) where !key.control: text.append(character); custom = text
        default: break
        }
        state.overlay = .windowPicker(selected: selected, custom: custom)
        return []
    }
    switch key.code {
    case .escape: state.overlay = nil
    case .up, .character("k"): selected = max(0, selected - 1)
    case .down, .character("j"): selected = min(WindowChoice.presets.count - 1, selected + 1)
    case .character("c"): custom = ""
    case .enter:
        state.overlay = nil
        state.window = WindowChoice.presets[selected]
        return [reload(state)]
    default: break
    }
    if state.overlay != nil { state.overlay = .windowPicker(selected: selected, custom: custom) }
    return []
}

func parseCustomWindow(_ text: String, now: Double) -> WindowChoice? {
    let parts = text.components(separatedBy: "..").map { $0.trimmingCharacters(in: .whitespaces) }
    if parts.count == 1, let seconds = TimeFormat.duration(parts[0]), seconds > 0 { return .last(seconds) }
    guard parts.count == 2, let start = TimeFormat.time(parts[0], now: now),
        let end = TimeFormat.time(parts[1], now: now),
        start < end
    else { return nil }
    return .custom(TimeWindow(start: start, end: end))
}

private func mouse(_ state: inout AppState, _ event: MouseEvent) -> [Effect] {
    switch event.kind {
    case .wheelDown where state.keyScope == .map: return state.mapCommand(.panDown) ?? []
    case .wheelUp where state.keyScope == .map: return state.mapCommand(.panUp) ?? []
    case .wheelDown: move(&state, by: 3)
    case .wheelUp: move(&state, by: -3)
    case .press:
        if event.y == 0 {
            // The tab bar: each tab's label is where TabBar drew it.
            if let tab = ChromeLayout.tab(atColumn: event.x) { state.tab = tab }
        } else if state.keyScope == .map {
            state.clickMap(x: event.x, y: event.y)
        } else if state.tab == .traces, state.openTrace == nil {
            let row = state.scrollTop + event.y - ChromeLayout.tableFirstRow
            if state.summaries.indices.contains(row) { state.selectedRow = row }
        }
    case .release: break
    }
    return []
}
