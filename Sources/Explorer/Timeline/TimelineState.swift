import TerminalKit
import XRayModel

/// The detail pane's tabs.
public enum DetailTab: String, CaseIterable, Sendable {
    case overview = "Overview"
    case resources = "Resources"
    case annotations = "Annotations"
    case metadata = "Metadata"
    case exceptions = "Exceptions"
}

/// What the trace view shows under the waterfall, or instead of it.
public enum TimelineMode: Sendable, Hashable {
    case waterfall
    /// The selected document's raw JSON.
    case rawDocument
    /// The whole trace as BatchGetTraces returns it.
    case rawTrace
}

/// An open trace: its model, folds, selection, zoom, the detail tab and the raw-data view.
public struct TimelineState: Sendable {
    /// Fixed for the open trace: `searchMatches` are worked out from it.
    public let model: TimelineModel
    public var collapsed: Set<Int> = []
    /// The selected row (a span's index into `trace.spans`, or an inferred node's row; see
    /// `TimelineModel`). Another row starts the detail pane at its top again.
    public var selected: Int {
        didSet { if selected != oldValue { resetDetail() } }
    }
    /// The first visible row.
    public var scrollTop = 0
    /// The part of the trace the bars are scaled to; nil is all of it.
    public var zoom: TimeWindow?
    public var tab: DetailTab = .overview {
        didSet {
            guard tab != oldValue else { return }
            detailScroll = 0
            metadataCursor = 0
        }
    }
    /// The detail pane's first shown line (`J` / `K` scroll it).
    public var detailScroll = 0
    /// Levels of the metadata tree folded with `{` (from the deepest); 0 shows it all.
    public var metadataFolded = 0 {
        didSet { metadataToggled = [] }
    }
    /// Metadata containers (JSON-pointer paths) folded or unfolded one at a time with `o`,
    /// against what the level in `metadataFolded` says.
    public var metadataToggled: Set<String> = []
    /// The metadata tree's line under the pane's cursor, which `J` / `K` move on that tab.
    public var metadataCursor = 0
    public var mode: TimelineMode = .waterfall
    public var rawScroll = 0
    /// The raw view's lines, made when it opens (a big trace's JSON is megabytes).
    public var rawLines: [JSONLine] = [] {
        didSet { rawMatches = JSONLines.find(search, in: rawLines) }
    }
    /// The raw lines `search` finds, kept with them so a frame does not scan megabytes.
    public private(set) var rawMatches: [Int] = []
    /// What `/` searches for inside the trace (names in the waterfall, text in the raw view).
    public var search = "" {
        didSet {
            guard search != oldValue else { return }
            searchMatches = model.search(search)
            rawMatches = JSONLines.find(search, in: rawLines)
        }
    }
    /// The rows `search` finds, in display order: worked out once per query, not per frame.
    public private(set) var searchMatches: [Int] = []
    /// Non-nil while `w` asks for a file name; `confirm` once the file exists.
    public var savePrompt: SavePrompt?

    public struct SavePrompt: Sendable, Hashable {
        public var editor: LineEditor
        public var confirmOverwrite = false
        public var path: String { editor.text }

        public init(path: String) { editor = LineEditor(path) }
    }

    public init(trace: Trace) {
        model = TimelineModel(trace: trace)
        selected = trace.rootIndex ?? 0
    }

    public var trace: Trace { model.trace }

    /// The selected row's document.
    public var document: SegmentDocument { model.document(selected) }

    private mutating func resetDetail() {
        detailScroll = 0
        metadataCursor = 0
        metadataToggled = []
    }

    /// Rows shown (unfolded), in order; the screen shows those from `scrollTop`.
    public var rows: [Int] { model.visibleRows(collapsed: collapsed) }

    /// The time range the bars are drawn over.
    public var range: TimeWindow {
        zoom ?? TimeWindow(start: trace.startTime, end: max(trace.endTime, trace.startTime + 0.000_001))
    }
}
