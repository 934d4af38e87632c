import TerminalKit
import XRayModel

/// Where the chrome puts things, shared by rendering and mouse handling.
enum ChromeLayout {
    static let minimumWidth = 40
    static let minimumHeight = 10
    static let tableFirstRow = 2

    /// Tab labels as the tab bar draws them: ` 1 Map `, ` 2 Traces `, ...
    static func tabLabels() -> [(tab: Tab, label: String, x: Int)] {
        var x = 0
        return Tab.allCases.enumerated().map { index, tab in
            let label = " \(index + 1) \(tab.rawValue) "
            defer { x += DisplayWidth.of(label) + 1 }
            return (tab, label, x)
        }
    }

    static func tab(atColumn column: Int) -> Tab? {
        tabLabels().first { column >= $0.x && column < $0.x + DisplayWidth.of($0.label) }?.tab
    }
}

/// Draws the whole explorer for a state: a pure function, so every screen is testable as text.
public func render(_ state: AppState) -> Screen {
    var screen = Screen(width: state.width, height: state.height)
    guard state.width >= ChromeLayout.minimumWidth, state.height >= ChromeLayout.minimumHeight else {
        drawTooSmall(&screen, state)
        return screen
    }
    let (tabBar, rest) = screen.bounds.splitTop(1)
    let (body, bars) = rest.splitBottom(2)
    let (filterBar, statusBar) = bars.splitTop(1)
    drawTabBar(&screen, tabBar, state)
    if state.timeline != nil {
        TimelineView.draw(state, into: &screen, in: body)
    } else {
        switch state.tab {
        case .map: MapView.draw(state, into: &screen, in: body)
        case .traces: TraceTableView.draw(state, into: &screen, in: body)
        case .analytics: AnalyticsView.draw(state, into: &screen, in: body)
        }
    }
    drawFilterBar(&screen, filterBar, state)
    drawStatusBar(&screen, statusBar, state)
    switch state.overlay {
    case .help: HelpOverlay.draw(state.bindings, scroll: state.helpScroll, into: &screen)
    case .windowPicker(let selected, let custom): WindowPickerOverlay.draw(state, selected, custom, into: &screen)
    case .columnPicker(let selected): ColumnPickerOverlay.draw(state, selected, into: &screen)
    case nil: break
    }
    return screen
}

private func drawTooSmall(_ screen: inout Screen, _ state: AppState) {
    let lines = [
        "Terminal too small",
        "\(state.width)x\(state.height); need \(ChromeLayout.minimumWidth)x\(ChromeLayout.minimumHeight)",
        "q quits",
    ]
    let top = max(0, (state.height - lines.count) / 2)
    for (offset, line) in lines.enumerated() {
        let x = max(0, (state.width - DisplayWidth.of(line)) / 2)
        screen.write(line, x: x, y: top + offset, style: Style(offset == 0 ? .statusError : .text))
    }
}

private func drawTabBar(_ screen: inout Screen, _ area: Rect, _ state: AppState) {
    screen.fill(area, style: Style(.tabInactive))
    for (tab, label, x) in ChromeLayout.tabLabels() {
        let active = tab == state.tab && state.timeline == nil
        screen.write(label, x: area.x + x, y: area.y, style: Style(active ? .tabActive : .tabInactive, bold: active))
    }
    if let trace = state.timeline?.trace {
        let label = " trace \(trace.id) "
        let x = (ChromeLayout.tabLabels().last.map { $0.x + DisplayWidth.of($0.label) + 1 } ?? 0)
        screen.write(label, x: x, y: area.y, style: Style(.tabActive, bold: true), limit: area.width - x - 8)
    }
    let hint = "? help "
    screen.write(hint, x: area.maxX - DisplayWidth.of(hint), y: area.y, style: Style(.tabInactive))
}

private func drawFilterBar(_ screen: inout Screen, _ area: Rect, _ state: AppState) {
    if let prompt = state.timeline?.savePrompt {
        if prompt.confirmOverwrite {
            let text = "\(prompt.path) exists; overwrite it? y replaces it, any other key keeps it"
            screen.write(text, x: area.x, y: area.y, style: Style(.focus, bold: true), limit: area.width)
        } else {
            PromptBar.draw(
                label: "write the trace (BatchGetTraces JSON) to: ", prompt.editor,
                hint: "Enter writes · Esc cancels", into: &screen, area: area, style: Style(.focus))
        }
        return
    }
    if let search = state.historySearch, state.filterEditor != nil || state.commandEditor != nil {
        let history = state.commandEditor != nil ? state.commandHistory : state.filterHistory
        PromptBar.drawHistorySearch(search, history: history, into: &screen, area: area)
        return
    }
    if let editor = state.commandEditor {
        CommandBar.drawBar(state, editor, into: &screen, area: area)
        return
    }
    if let editor = state.filterEditor {
        drawFilterEditor(&screen, area, state, editor)
    } else if !state.filter.isEmpty {
        screen.write("filter: ", x: area.x, y: area.y, style: Style(.dim))
        screen.write(state.filter, x: area.x + 8, y: area.y, style: Style(.filterValid), limit: area.width - 20)
        let hint = "x clears"
        screen.write(hint, x: area.maxX - DisplayWidth.of(hint), y: area.y, style: Style(.dim))
    } else {
        screen.write("/ to filter, e.g. http.status = 500", x: area.x, y: area.y, style: Style(.dim), limit: area.width)
    }
}

/// `/ expression`, with the completions Tab offers or the error and its caret after the text.
private func drawFilterEditor(_ screen: inout Screen, _ area: Rect, _ state: AppState, _ editor: LineEditor) {
    let role: Role = state.filterError == nil ? .filterValid : .filterInvalid
    let candidates = state.completions.flatMap { state.filterError == nil || $0.candidates.count > 1 ? $0 : nil }
    guard candidates != nil || state.filterError != nil else {
        PromptBar.draw(
            label: "/ ", editor, hint: "Enter applies · Esc cancels · ↑↓ history · Ctrl-R search", into: &screen,
            area: area, style: Style(role))
        return
    }
    screen.write("/ ", x: area.x, y: area.y, style: Style(role, bold: true))
    // The text keeps most of the bar; what follows it gets the rest.
    let textWidth = min(DisplayWidth.of(editor.text) + 1, max(12, (area.width - 2) * 2 / 3))
    let viewport = PromptBar.draw(
        editor, into: &screen, x: area.x + 2, y: area.y, width: textWidth, style: Style(role))
    var x = area.x + 2 + textWidth + 2
    if let (candidates, index) = candidates {
        // The other candidates, so the user sees what Tab will bring next.
        for (offset, candidate) in candidates.enumerated() where x < area.maxX - 4 {
            let style = Style(offset == index ? .focus : .dim, bold: offset == index)
            x += screen.write(candidate.label + "  ", x: x, y: area.y, style: style, limit: area.maxX - x)
        }
    } else if let error = state.filterError {
        // The caret is the error's column in the text, wherever the bar has scrolled to.
        if let column = viewport.column(ofCharacter: max(0, error.column - 1)) {
            let caretX = area.x + 2 + column
            screen[caretX, area.y] = Cell(screen[caretX, area.y].grapheme, style: Style(.filterInvalid, reverse: true))
        }
        screen.write(error.description, x: x, y: area.y, style: Style(.filterInvalid), limit: area.maxX - x)
    }
}

private func drawStatusBar(_ screen: inout Screen, _ area: Rect, _ state: AppState) {
    screen.fill(area, style: Style(.statusBar))
    var x = area.x
    func part(_ text: String, _ role: Role = .statusBar, bold: Bool = false) {
        x += screen.write(" " + text + " ", x: x, y: area.y, style: Style(role, bold: bold), limit: area.maxX - x)
    }
    part(state.sourceName, bold: true)
    if state.isLive {
        if state.paused {
            part(
                state.newWhilePaused > 0 ? "PAUSED (+\(state.newWhilePaused) new traces)" : "PAUSED", .statusPaused,
                bold: true)
        } else {
            part("LIVE", .statusLive, bold: true)
        }
    }
    part(traceCount(state) + loadingNote(state))
    if let fraction = state.scannedFraction {
        part("scanned \(Int((fraction * 100).rounded(.down)))% of the window")
    }
    if let error = state.lastError { part(error, .statusError, bold: true) }
    if let notice = state.notice { part(notice, .statusLive) }
    if let ingest = state.ingest { part(ingest) }
    part(state.shownWindow.map { "\(state.window.label): \(compact($0))" } ?? state.window.label)
}

/// `3600 traces`, or with a filter `42 of 3600 traces` (when the source says how many it looked
/// at); `20000 of 1000000 traces` too when the load stopped at its limit.
func traceCount(_ state: AppState) -> String {
    guard let scanned = state.scanned, scanned >= state.summaries.count,
        !state.filter.isEmpty || scanned > state.summaries.count
    else {
        return "\(state.summaries.count) traces"
    }
    return "\(state.summaries.count) of \(scanned) traces"
}

/// ` (loading)`, or ` (loading: 12% of the window scanned)` while a long load pages through it.
func loadingNote(_ state: AppState) -> String {
    guard state.loading else { return "" }
    guard let scanned = state.loadingScanned else { return " (loading)" }
    return " (loading: \(Int((scanned * 100).rounded(.down)))% of the window scanned)"
}

/// `09:00:00 .. 09:05:00 UTC` within a day, full times otherwise: the status bar is narrow.
func compact(_ window: TimeWindow) -> String {
    let start = TimeFormat.iso8601(window.start)
    let end = TimeFormat.iso8601(window.end)
    guard start.prefix(10) == end.prefix(10) else { return "\(start) .. \(end)" }
    return "\(start.prefix(10)) \(start.dropFirst(11).prefix(8)) .. \(end.dropFirst(11).prefix(8)) UTC"
}
