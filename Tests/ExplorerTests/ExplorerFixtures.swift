import Explorer
import SampleData
import TerminalKit
import XRayModel

/// Five minutes of the eks-workshop app, loaded into a state as the runner would.
enum ExplorerFixtures {
    static let start = 1_795_683_600.0  // 2026-11-26T09:00:00Z

    static let traces = generate(.eksWorkshop)
    /// Five minutes of the shop: inferred AWS nodes, a remote API, Korean and Japanese names.
    static let shopTraces = generate(.shop)

    static func generate(_ scenario: Scenario) -> [Trace] {
        var byTrace: [String: TraceDocuments] = [:]
        for document in SampleGenerator(scenario: scenario, seed: 3, start: start, duration: 300).documents() {
            byTrace[document.traceID, default: TraceDocuments(traceID: document.traceID)].insert(document)
        }
        return byTrace.values.map { $0.assemble() }
    }

    static var window: TimeWindow { TimeWindow(start: start, end: start + 300) }

    static var loaded: LoadResult { loaded(traces) }

    static func loaded(_ traces: [Trace]) -> LoadResult {
        let summaries = traces.map { API.TraceSummary(trace: $0) }
            .sorted { ($0.StartTime ?? 0, $0.Id ?? "") > ($1.StartTime ?? 0, $1.Id ?? "") }
        let graph = ServiceGraphBuilder(traces: traces).result(start: window.start, end: window.end)
        // As the runner answers the explorer's first question: the whole source, no filter.
        return LoadResult(
            window: window, summaries: summaries, graph: graph, error: nil, scanned: summaries.count,
            request: (.whole, ""))
    }

    /// The fixture's load with one more trace on top, newer than all the others.
    static func loaded(plus id: String) -> LoadResult {
        var newer = loaded
        var extra = API.TraceSummary()
        extra.Id = id
        extra.StartTime = start + 400
        newer.summaries.insert(extra, at: 0)
        return newer
    }

    /// The fixture's first `count` traces, as the answer to `filter` in `window`.
    static func loaded(first count: Int, answering filter: String, in window: WindowChoice) -> LoadResult {
        var answer = loaded
        answer.summaries = Array(answer.summaries.prefix(count))
        answer.request = (window, filter)
        return answer
    }

    static func state(width: Int = 100, height: Int = 24, live: Bool = false, shop: Bool = false) -> AppState {
        var state = AppState(
            sourceName: shop ? "shop.ndjson" : "eks-workshop.ndjson", isLive: live, window: .whole, width: width,
            height: height, now: start + 300)
        _ = update(&state, .loaded(shop ? loaded(shopTraces) : loaded))
        return state
    }
}

extension AppState {
    /// Feeds keys in order and returns every effect they asked for.
    @discardableResult
    mutating func press(_ keys: Key...) -> [Effect] {
        keys.flatMap { update(&self, .key($0)) }
    }

    @discardableResult
    mutating func type(_ text: String) -> [Effect] {
        text.flatMap { update(&self, .key(.char($0))) }
    }
}
