import TerminalKit
import XRayModel

/// The open trace's part of `update`: selection, folding, problems and search, zoom, the detail
/// tabs, the raw view, copying and saving.
extension AppState {
    mutating func timelineCommand(_ command: Command) -> [Effect]? {
        guard var timeline else { return nil }
        var close = false
        defer { self.timeline = close ? nil : timeline }
        let model = timeline.model
        switch command {
        case .fold:
            guard timeline.mode == .waterfall, model.hasChildren(timeline.selected) else { return [] }
            if timeline.collapsed.remove(timeline.selected) == nil { timeline.collapsed.insert(timeline.selected) }
            keepSelectionOnScreen(&timeline, rows: timeline.rows)
        case .collapseAll:
            timeline.collapsed = Set(model.foldable)
            // The selection moves to its outermost folded ancestor, which stays visible.
            timeline.selected = model.ancestors(of: timeline.selected).first ?? timeline.selected
            keepSelectionOnScreen(&timeline, rows: timeline.rows)
        case .expandAll:
            timeline.collapsed = []
            keepSelectionOnScreen(&timeline, rows: timeline.rows)
        case .foldMetadata:
            timeline.tab = .metadata
            timeline.metadataFolded = min(8, timeline.metadataFolded + 1)
            clampDetail(&timeline)
        case .unfoldMetadata:
            timeline.tab = .metadata
            timeline.metadataFolded = max(0, timeline.metadataFolded - 1)
            clampDetail(&timeline)
        case .foldMetadataNode:
            guard timeline.tab == .metadata else {
                timeline.tab = .metadata
                return []
            }
            if let path = DetailPane.metadataPath(atLine: timeline.metadataCursor, of: timeline) {
                if timeline.metadataToggled.remove(path) == nil { timeline.metadataToggled.insert(path) }
            }
            clampDetail(&timeline)
        case .detailDown, .detailUp:
            let step = command == .detailDown ? 1 : -1
            if timeline.tab == .metadata {
                timeline.metadataCursor += step
            } else {
                timeline.detailScroll += step
            }
            clampDetail(&timeline)
        case .nextProblem, .previousProblem:
            let backwards = command == .previousProblem
            if timeline.mode != .waterfall {
                // In the raw view n/N go from one line that matches the search to the next.
                let lines = timeline.rawMatches
                let next =
                    backwards
                    ? lines.last { $0 < timeline.rawScroll } ?? lines.last
                    : lines.first { $0 > timeline.rawScroll } ?? lines.first
                if let next { timeline.rawScroll = next }
            } else if !timeline.search.isEmpty {
                // The next match in the whole tree, folded or not: reveal unfolds its ancestors.
                guard
                    let next = model.neighbour(of: timeline.selected, in: timeline.searchMatches, backwards: backwards)
                else { return [] }
                reveal(next, in: &timeline)
            } else if let next = model.problem(after: timeline.selected, backwards: backwards) {
                reveal(next, in: &timeline)
            } else {
                notice = "no errors or faults in this trace"
            }
        case .searchTrace: searchEditor = LineEditor(timeline.search)
        case .zoom:
            if timeline.zoom != nil {
                timeline.zoom = nil
            } else {
                let document = timeline.document
                let end = document.endTime ?? timeline.trace.endTime
                timeline.zoom = TimeWindow(start: document.startTime, end: max(end, document.startTime + 0.000_001))
            }
        case .nextItem, .previousItem:
            let tabs = DetailTab.allCases
            let step = command == .nextItem ? 1 : tabs.count - 1
            timeline.tab = tabs[(tabs.firstIndex(of: timeline.tab)! + step) % tabs.count]
        case .rawDocument, .rawTrace:
            let mode: TimelineMode = command == .rawDocument ? .rawDocument : .rawTrace
            timeline.mode = timeline.mode == mode ? .waterfall : mode
            timeline.rawScroll = 0
            timeline.rawLines = timeline.mode == .waterfall ? [] : JSONLines.pretty(RawView.json(timeline))
        case .copy:
            if timeline.mode == .waterfall {
                notice = "copied \(timeline.trace.id) (OSC 52)"
                return [.copy(timeline.trace.id)]
            }
            let json = RawView.json(timeline)
            notice = "copied \(json.utf8.count) bytes of JSON (OSC 52)"
            return [.copy(json)]
        case .save: timeline.savePrompt = .init(path: "\(timeline.trace.id).json")
        case .back:
            guard overlay == nil else { return nil }
            if timeline.mode != .waterfall {
                timeline.mode = .waterfall
                timeline.rawLines = []
            } else if !timeline.search.isEmpty {
                timeline.search = ""
            } else if timeline.zoom != nil {
                timeline.zoom = nil
            } else {
                close = true
            }
        default: return nil
        }
        return []
    }

    /// j/k and paging: the selection in the waterfall, the scroll position in the raw view.
    mutating func moveInTimeline(by delta: Int) {
        guard var timeline else { return }
        if timeline.mode != .waterfall {
            timeline.rawScroll = max(0, min(timeline.rawScroll + delta, maxRawScroll(timeline)))
        } else {
            let rows = timeline.rows
            let position = rows.firstIndex(of: timeline.selected) ?? 0
            timeline.selected = rows[max(0, min(rows.count - 1, position + delta))]
            keepSelectionOnScreen(&timeline, rows: rows)
        }
        self.timeline = timeline
    }

    /// Selects a span, unfolding its ancestors so it is visible.
    private func reveal(_ span: Int, in timeline: inout TimelineState) {
        for ancestor in timeline.model.ancestors(of: span) { timeline.collapsed.remove(ancestor) }
        timeline.selected = span
        keepSelectionOnScreen(&timeline, rows: timeline.rows)
    }

    /// The raw view scrolls until its last line is at the bottom of the body.
    private func maxRawScroll(_ timeline: TimelineState) -> Int {
        max(0, timeline.rawLines.count - TimelineView.rawRows(self))
    }

    /// Keeps the detail pane's scroll (and on the Metadata tab its cursor, which the scroll
    /// follows) within its lines.
    private func clampDetail(_ timeline: inout TimelineState) {
        let lines = DetailPane.content(timeline).count
        let shown = max(1, TimelineView.detailRows(self))
        if timeline.tab == .metadata {
            // Line 0 is the pane's hint; the tree's lines follow it.
            timeline.metadataCursor = max(0, min(timeline.metadataCursor, lines - 2))
            let line = timeline.metadataCursor + 1
            if line - 1 < timeline.detailScroll { timeline.detailScroll = line - 1 }
            if line >= timeline.detailScroll + shown { timeline.detailScroll = line - shown + 1 }
        }
        timeline.detailScroll = max(0, min(timeline.detailScroll, lines - shown))
    }

    private func keepSelectionOnScreen(_ timeline: inout TimelineState, rows: [Int]) {
        let visible = TimelineView.waterfallRows(self)
        let position = rows.firstIndex(of: timeline.selected) ?? 0
        if position < timeline.scrollTop { timeline.scrollTop = position }
        if position >= timeline.scrollTop + visible { timeline.scrollTop = position - visible + 1 }
        timeline.scrollTop = max(0, min(timeline.scrollTop, max(0, rows.count - visible)))
    }

    /// `/` in a trace: typing searches as you go; Enter keeps the search and goes to the first
    /// match, Esc drops it.
    mutating func editTraceSearch(_ key: Key) -> [Effect] {
        guard var editor = searchEditor else { return [] }
        switch key.code {
        case .escape:
            searchEditor = nil
            return []
        case .enter:
            searchEditor = nil
            guard var timeline else { return [] }
            timeline.search = editor.text
            if timeline.mode != .waterfall {
                timeline.rawScroll = timeline.rawMatches.first ?? timeline.rawScroll
            } else if let first = timeline.searchMatches.first {
                reveal(first, in: &timeline)
            }
            self.timeline = timeline
            return []
        default:
            _ = editor.handle(key)
        }
        searchEditor = editor
        return []
    }

    /// `w`: the file name is typed in the prompt; an existing file needs `y` to be replaced.
    mutating func editSavePrompt(_ key: Key) -> [Effect] {
        guard var prompt = timeline?.savePrompt, let timeline else { return [] }
        if prompt.confirmOverwrite {
            self.timeline?.savePrompt = nil
            guard key.code == .character("y") else {
                notice = "not written"
                return []
            }
            return [.save(path: prompt.path, contents: RawView.json(timeline.withMode(.rawTrace)), overwrite: true)]
        }
        switch key.code {
        case .escape:
            self.timeline?.savePrompt = nil
            return []
        case .enter:
            guard !prompt.path.isEmpty else { return [] }
            return [.save(path: prompt.path, contents: RawView.json(timeline.withMode(.rawTrace)), overwrite: false)]
        default:
            _ = prompt.editor.handle(key)
        }
        self.timeline?.savePrompt = prompt
        return []
    }

    mutating func saved(_ path: String, _ outcome: SaveOutcome) {
        switch outcome {
        case .written(let bytes):
            timeline?.savePrompt = nil
            notice = "wrote \(bytes) bytes to \(path)"
        case .exists:
            guard timeline?.savePrompt != nil else {
                // `:export` has no prompt to ask in: say so rather than overwrite.
                lastError = "\(path) exists and was not overwritten; :export to another name"
                return
            }
            timeline?.savePrompt?.confirmOverwrite = true
        case .failed(let message):
            timeline?.savePrompt = nil
            lastError = message
        }
    }
}

extension TimelineState {
    func withMode(_ mode: TimelineMode) -> TimelineState {
        var copy = self
        copy.mode = mode
        return copy
    }
}
