import TerminalKit
import XRayModel

/// Everything that can happen to the explorer. Keys, ticks, finished loads and new data all
/// arrive as actions on one stream, so `update` is the only place state changes.
public enum Action: Sendable {
    case key(Key)
    /// Pasted text (bracketed paste): inserted whole into the open prompt.
    case paste(String)
    case mouse(MouseEvent)
    case resize(width: Int, height: Int)
    case tick(now: Double)
    /// The source says new data may have arrived.
    case dataChanged
    case loaded(LoadResult)
    /// A load in progress has scanned this part of the window (newest first).
    case loadProgress(scanned: Double)
    case traceOpened(Trace?, id: String)
    /// The source could not give the trace, and says why.
    case traceFailed(id: String, reason: String)
    /// The source's groups, for checking `group.name` filters as they are typed.
    case groupsLoaded([API.GroupSummary])
    /// What came of writing a file.
    case saved(path: String, SaveOutcome)
    /// `:theme` could not load the theme, and why.
    case themeFailed(String)
}

public enum SaveOutcome: Sendable, Hashable {
    case written(bytes: Int)
    /// The file exists and overwriting was not confirmed.
    case exists
    case failed(String)
}

public struct LoadResult: Sendable {
    public var window: TimeWindow
    public var summaries: [API.TraceSummary]
    public var graph: API.GetServiceGraphResult?
    public var error: String?
    /// Traces the source looked at in the window, matching the filter or not.
    public var scanned: Int?
    /// What was asked for: a refresh of what is shown is held while paused, a new question is not.
    public var request: (window: WindowChoice, filter: String)?
    /// The collector's counters when the source is receiving.
    public var ingest: String?
    /// How much of the window the summaries cover, newest first, when the load stopped before
    /// the source had gone through all of it (GetTraceSummaries' `ApproximateTime`).
    public var scannedFraction: Double?
    /// With a filter, how many of the matching traces the map was drawn from, when the source
    /// limits it (the newest first).
    public var graphTraces: Int?
    /// The first page of the first load, shown while the rest loads: the map and the newest
    /// traces appear at once, however large the window.
    public var isFirstPart = false

    public init(
        window: TimeWindow, summaries: [API.TraceSummary], graph: API.GetServiceGraphResult?, error: String?,
        scanned: Int? = nil, request: (window: WindowChoice, filter: String)? = nil
    ) {
        self.request = request
        self.window = window
        self.summaries = summaries
        self.graph = graph
        self.error = error
        self.scanned = scanned
    }
}

/// Work `update` asks for; the runner does it outside and reports back with an action.
public enum Effect: Hashable, Sendable {
    /// Load summaries and the graph for the current window and filter.
    case load(window: WindowChoice, filter: String, now: Double)
    case loadTrace(id: String)
    /// Put text on the clipboard of the terminal (OSC 52), which works over ssh too.
    case copy(String)
    /// Write text to a file; an existing file only when `overwrite` (the user confirmed).
    case save(path: String, contents: String, overwrite: Bool)
    /// Switch to the theme of this name (`:theme`).
    case setTheme(String)
}
