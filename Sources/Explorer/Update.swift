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
        // Paused or not, the data is loaded; paused, it waits in `pendingLoad`.
        return [reload(state)]
    case .loadProgress(let fraction):
        state.loadingScanned = fraction
        return []
    case .loaded(let result):
        state.loading = false
        state.loadingScanned = nil
        // The collector's counters are news even while paused.
        if let ingest = result.ingest { state.ingest = ingest }
        // A refresh of what is on screen waits while paused; the answer to a new question does not.
        let isRefresh =
            result.request.map { request in
                state.shownRequest.map { $0.window == request.window && $0.filter == request.filter } ?? false
            } ?? false
        if state.paused && isRefresh && result.error == nil {
            let shown = Set(state.summaries.compactMap(\.Id))
            state.newWhilePaused = result.summaries.filter { !shown.contains($0.Id ?? "") }.count
            state.pendingLoad = result
            return []
        }
        apply(result, to: &state)
        return []
    case .traceOpened(let trace, let id):
        let byID = state.openingByID == id
        if byID { state.openingByID = nil }
        guard let trace else {
            state.lastError = byID ? "no trace \(id) in \(state.sourceName)" : "trace \(id) is no longer in the source"
            return []
        }
        state.timeline = TimelineState(trace: trace)
        state.searchEditor = nil
        return byID ? showTableAround(trace, &state) : []
    case .traceFailed(let id, let reason):
        state.lastError = "cannot open trace \(id): \(reason)"
        return []
    case .groupsLoaded(let groups):
        state.groups = groups
        return []
    case .saved(let path, let outcome):
        state.saved(path, outcome)
        return []
    case .mouse(let event):
        return mouse(&state, event)
    case .themeFailed(let message):
        state.lastError = message
        return []
    case .paste(let text):
        return paste(text, &state)
    case .key(let key):
        if state.commandEditor != nil { return CommandBar.edit(&state, key) }
        if state.filterEditor != nil { return editFilter(&state, key) }
        if state.searchEditor != nil { return state.editTraceSearch(key) }
        if state.timeline?.savePrompt != nil { return state.editSavePrompt(key) }
        if case .windowPicker = state.overlay { return pickWindow(&state, key) }
        if case .columnPicker = state.overlay {
            state.pickColumns(key)
            return []
        }
        state.notice = nil
        guard let command = KeyTable.command(for: key, in: state.bindings, scope: state.keyScope) else {
            if state.overlay == .help { state.overlay = nil }  // any key closes the help
            return []
        }
        return run(command, &state)
    }
}

/// Pasted text goes whole into the open prompt; with none open (and no trace), it opens the
/// filter bar holding it. It is never read as keys.
private func paste(_ text: String, _ state: inout AppState) -> [Effect] {
    if state.historySearch != nil, state.commandEditor != nil || state.filterEditor != nil {
        let history = state.commandEditor != nil ? state.commandHistory : state.filterHistory
        pasteIntoHistorySearch(&state, text, history: history)
    } else if var editor = state.commandEditor {
        editor.insert(text)
        state.commandEditor = editor
        state.commandCompletions = nil
    } else if var editor = state.filterEditor {
        editor.insert(text)
        state.filterEditor = editor
        state.completions = nil
        state.filterError = validate(editor.text, groups: state.groups)
    } else if var editor = state.searchEditor {
        editor.insert(text)
        state.searchEditor = editor
    } else if var prompt = state.timeline?.savePrompt, !prompt.confirmOverwrite {
        prompt.editor.insert(text)
        state.timeline?.savePrompt = prompt
    } else if case .windowPicker(let selected, var custom?) = state.overlay {
        custom.insert(text)
        state.overlay = .windowPicker(selected: selected, custom: custom)
    } else if state.timeline == nil && state.overlay == nil {
        var editor = LineEditor()
        editor.insert(text)
        state.filterEditor = editor
        state.filterError = validate(editor.text, groups: state.groups)
    } else {
        state.notice = "pasted text goes into a prompt: / to filter, : for a command"
    }
    return []
}

/// A trace opened by id: the table behind it shows the quarter hour around it, when the
/// window shown does not hold it, so Esc lands among its neighbours.
private func showTableAround(_ trace: Trace, _ state: inout AppState) -> [Effect] {
    state.tab = .traces
    state.selectWhenLoaded = trace.id
    selectWaitingTrace(&state)
    let start = trace.startTime
    // The first load may not have answered yet (`--open`): then judge by the window asked for.
    if state.window == .whole { return [] }
    let shown = state.shownWindow ?? state.window.resolved(now: state.now, range: nil)
    if shown.start <= start, start <= shown.end { return [] }
    state.window = .custom(TimeWindow(start: start - 450, end: start + 450))
    return [reload(state)]
}

/// Shows a load: the rows in the table's order, the selected trace kept selected when new data
/// arrives above it, the map refreshed.
private func apply(_ result: LoadResult, to state: inout AppState) {
    state.shownWindow = result.window
    if let error = result.error {
        state.lastError = error
        return
    }
    state.lastError = nil
    // Whatever is shown now is newer than a load held while paused.
    state.pendingLoad = nil
    state.newWhilePaused = 0
    if result.request?.filter != state.shownRequest?.filter {
        // The groups of another filter: the old selection points at nothing in particular.
        state.analytics.selectedRow = 0
        state.analytics.scrollTop = 0
    }
    state.scanned = result.scanned
    state.scannedFraction = result.scannedFraction
    state.graphTraces = result.graphTraces
    state.shownRequest = result.request
    let selectedID = state.summaries.indices.contains(state.selectedRow) ? state.summaries[state.selectedRow].Id : nil
    state.summaries = state.table.sort == .newestFirst ? result.summaries : state.table.sort.apply(to: result.summaries)
    state.graph = result.graph
    state.refreshMap()
    if let selectedID, let row = state.summaries.firstIndex(where: { $0.Id == selectedID }) {
        state.scrollTop += row - state.selectedRow
        state.selectedRow = row
    }
    selectWaitingTrace(&state)
    clampSelection(&state)
}

/// Selects the trace opened by id once the table holds it, in the middle of the screen.
private func selectWaitingTrace(_ state: inout AppState) {
    guard let id = state.selectWhenLoaded, let row = state.summaries.firstIndex(where: { $0.Id == id }) else { return }
    state.selectWhenLoaded = nil
    state.selectedRow = row
    state.scrollTop = max(0, row - state.tableRows / 2)
    clampSelection(&state)
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
    if state.keyScope == .traces, let effects = state.tableCommand(command) { return effects }
    if state.keyScope == .analytics, let effects = state.analyticsCommand(command) { return effects }
    if state.keyScope == .timeline, let effects = state.timelineCommand(command) { return effects }
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
    case .nextItem, .previousItem, .faults, .legend, .zoomIn, .zoomOut, .fitMap, .panLeft, .panRight, .panUp, .panDown,
        .sortColumn, .reverseSort, .narrower, .wider, .pickColumns, .keepValue, .dropValue, .copy, .nextGrouping,
        .previousGrouping, .pin, .fold, .collapseAll, .expandAll, .nextProblem, .previousProblem, .searchTrace, .zoom,
        .rawDocument, .rawTrace, .save, .foldMetadata, .unfoldMetadata, .foldMetadataNode, .detailDown, .detailUp:
        break  // the map's, the table's, analytics' and the timeline's own commands
    case .filter:
        state.filterEditor = LineEditor(state.filter)
        state.filterError = nil
        state.filterHistory.endWalk()
    case .commandLine:
        state.commandEditor = LineEditor()
        state.commandCompletions = nil
        state.overlay = nil
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
        if !state.paused, let pending = state.pendingLoad { apply(pending, to: &state) }
    case .open:
        guard state.tab == .traces, state.timeline == nil, state.summaries.indices.contains(state.selectedRow),
            let id = state.summaries[state.selectedRow].Id
        else { return [] }
        return [.loadTrace(id: id)]
    case .back:
        if state.overlay != nil {
            state.overlay = nil
        } else {
            state.timeline = nil
        }
    }
    return []
}

private func move(_ state: inout AppState, by delta: Int) {
    if state.timeline != nil {
        state.moveInTimeline(by: delta)
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
        } else if state.keyScope == .traces && event.y == ChromeLayout.tableFirstRow - 1 {
            state.clickHeader(x: event.x)
        } else if state.tab == .traces, state.timeline == nil {
            let row = state.scrollTop + event.y - ChromeLayout.tableFirstRow
            if state.summaries.indices.contains(row) { state.selectedRow = row }
        }
    case .release: break
    }
    return []
}
