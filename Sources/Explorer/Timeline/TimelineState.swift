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
    public var model: TimelineModel
    public var collapsed: Set<Int> = []
    /// The selected span (an index into `trace.spans`).
    public var selected: Int
    /// The first visible row.
    public var scrollTop = 0
    /// The part of the trace the bars are scaled to; nil is all of it.
    public var zoom: TimeWindow?
    public var tab: DetailTab = .overview
    /// Levels of the metadata tree folded with `{` (from the deepest); 0 shows it all.
    public var metadataFolded = 0
    public var mode: TimelineMode = .waterfall
    public var rawScroll = 0
    /// The raw view's lines, made when it opens (a big trace's JSON is megabytes).
    public var rawLines: [JSONLine] = []
    /// What `/` searches for inside the trace, and the spans (or raw lines) it found.
    public var search = ""
    /// Non-nil while `w` asks for a file name; `confirm` once the file exists.
    public var savePrompt: SavePrompt?

    public struct SavePrompt: Sendable, Hashable {
        public var path: String
        public var confirmOverwrite = false
    }

    public init(trace: Trace) {
        model = TimelineModel(trace: trace)
        selected = trace.rootIndex ?? 0
    }

    public var trace: Trace { model.trace }

    /// Rows on screen, in order (span indices).
    public var rows: [Int] { model.visibleRows(collapsed: collapsed) }

    /// The time range the bars are drawn over.
    public var range: TimeWindow {
        zoom ?? TimeWindow(start: trace.startTime, end: max(trace.endTime, trace.startTime + 0.000_001))
    }
}
