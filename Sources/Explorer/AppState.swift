import TerminalKit
import XRayFilter
import XRayModel

public enum Tab: String, CaseIterable, Sendable {
    case map = "Map"
    case traces = "Traces"
    case analytics = "Analytics"
}

/// The time window the explorer shows.
public enum WindowChoice: Hashable, Sendable {
    /// The last N seconds up to now (re-evaluated on every load, so live data scrolls in).
    case last(Double)
    /// Everything the source holds (the default for files).
    case whole
    case custom(TimeWindow)

    public static let presets: [WindowChoice] = [
        .last(300), .last(900), .last(3600), .last(21_600), .last(86_400), .whole,
    ]

    /// The concrete window at `now`, given the source's whole range (when it knows it).
    public func resolved(now: Double, range: TimeWindow?) -> TimeWindow {
        switch self {
        case .last(let seconds): return TimeWindow(start: now - seconds, end: now)
        case .whole: return range ?? TimeWindow(start: now - 3600, end: now)
        case .custom(let window): return window
        }
    }

    public var label: String {
        switch self {
        case .last(let seconds):
            return seconds >= 3600 ? "last \(Int(seconds / 3600))h" : "last \(Int(seconds / 60))m"
        case .whole: return "whole source"
        case .custom(let window): return window.description
        }
    }
}

public enum Overlay: Hashable, Sendable {
    case help
    /// The window picker, with the highlighted preset, and the custom entry being typed.
    case windowPicker(selected: Int, custom: LineEditor?)
    /// The trace table's column picker, with the highlighted row.
    case columnPicker(selected: Int)
}

/// Everything the explorer shows, in one value. Only `update` changes it.
public struct AppState: Sendable {
    public var sourceName: String
    public var isLive: Bool
    public var paused = false
    public var tab: Tab = .map
    public var width: Int
    public var height: Int
    public var window: WindowChoice
    /// The window of the data on screen, as resolved by the last load.
    public var shownWindow: TimeWindow?
    public var now: Double

    public var filter = ""
    /// Non-nil while the filter bar is being edited.
    public var filterEditor: LineEditor?
    public var filterDraft: String? { filterEditor?.text }
    public var filterError: FilterError?
    /// Applied filters, newest last; kept across runs by the runner (`HistoryFiles`).
    public var filterHistory = LineHistory()
    /// Ctrl-R in the filter bar or the command line: the query and the entry it found.
    public var historySearch: HistorySearch?
    /// The `:` command line while it is open, and its own history.
    public var commandEditor: LineEditor?
    public var commandHistory = LineHistory()
    /// Tab completions of the command line: the candidates and the one shown.
    public var commandCompletions: (candidates: [String], index: Int)?
    /// The trace asked for by id (`:trace`, `--open`): when it opens, the table behind it moves
    /// to its time.
    public var openingByID: String?
    /// A trace to select in the table once a load holds it (the one opened by id).
    public var selectWhenLoaded: String?
    /// Themes `:theme` offers.
    public var themeNames: [String] = []
    /// The source's groups: `group.name = "..."` is checked against them.
    public var groups: [API.GroupSummary] = []
    /// Tab completions of the filter draft: the candidates and the one shown.
    public var completions: (candidates: [Completion], index: Int)?

    public var overlay: Overlay?
    /// The first help row shown, when the key table is longer than the screen.
    public var helpScroll = 0
    public var summaries: [API.TraceSummary] = []
    public var graph: API.GetServiceGraphResult?
    /// The map tab: the graph as drawn, its layout, selection and view.
    public var map = MapState()
    /// The trace opened from the table, with its timeline's state.
    public var timeline: TimelineState?
    /// The trace search being typed (`/` in a trace).
    public var searchEditor: LineEditor?
    public var searchDraft: String? { searchEditor?.text }
    public var selectedRow = 0
    public var scrollTop = 0
    /// Traces that arrived while paused.
    public var newWhilePaused = 0
    public var loading = false
    /// While a load pages through the window: how much of it is scanned so far.
    public var loadingScanned: Double?
    public var lastError: String?
    public var quit = false
    public var bindings: [KeyBinding]
    /// The trace table's columns, cursor and sort.
    public var table = TableState()
    /// The analytics tab's grouping, selection and comparison.
    public var analytics = AnalyticsState()
    /// Traces in the window before the filter, when the source says (`N of M traces`).
    public var scanned: Int?
    /// The window and filter of the data on screen.
    public var shownRequest: (window: WindowChoice, filter: String)?
    /// A load that finished while paused, applied on resume.
    public var pendingLoad: LoadResult?
    /// The theme has no colours: bars draw their classes in shades instead.
    public var monochrome = false
    /// How status mixes are drawn: solid blocks told apart by colour, or shades without colour.
    var mixGlyphs: StatusMix.Glyphs { monochrome ? .shaded : .solid }
    /// A one-off message for the status bar (`copied ...`), cleared by the next key.
    public var notice: String?
    /// What the embedded collector has received (`120 received, 118 accepted, 2 rejected`).
    public var ingest: String?
    /// Part of the window the shown summaries cover, when the load stopped short of all of it.
    public var scannedFraction: Double?
    /// The map shows only this many of the matching traces (the newest), when the source limits it.
    public var graphTraces: Int?

    public init(
        sourceName: String, isLive: Bool, window: WindowChoice, width: Int, height: Int, now: Double,
        bindings: [KeyBinding] = KeyTable.bindings
    ) {
        self.sourceName = sourceName
        self.isLive = isLive
        self.window = window
        self.width = width
        self.height = height
        self.now = now
        self.bindings = bindings
    }

    /// Rows the trace table has for data (screen minus tab bar, header, filter and status bars).
    public var tableRows: Int { max(1, height - 4) }

    /// Which key bindings apply besides the global ones.
    var keyScope: KeyScope {
        guard timeline == nil else { return .timeline }
        switch tab {
        case .map: return .map
        case .traces: return .traces
        case .analytics: return .analytics
        }
    }
}
