import TerminalKit
import XRayModel

/// Everything that can happen to the explorer. Keys, ticks, finished loads and new data all
/// arrive as actions on one stream, so `update` is the only place state changes.
public enum Action: Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(width: Int, height: Int)
    case tick(now: Double)
    /// The source says new data may have arrived.
    case dataChanged
    case loaded(LoadResult)
    case traceOpened(Trace?, id: String)
}

public struct LoadResult: Sendable {
    public var window: TimeWindow
    public var summaries: [API.TraceSummary]
    public var graph: API.GetServiceGraphResult?
    public var error: String?

    public init(window: TimeWindow, summaries: [API.TraceSummary], graph: API.GetServiceGraphResult?, error: String?) {
        self.window = window
        self.summaries = summaries
        self.graph = graph
        self.error = error
    }
}

/// Work `update` asks for; the runner does it outside and reports back with an action.
public enum Effect: Hashable, Sendable {
    /// Load summaries and the graph for the current window and filter.
    case load(window: WindowChoice, filter: String, now: Double)
    case loadTrace(id: String)
}
