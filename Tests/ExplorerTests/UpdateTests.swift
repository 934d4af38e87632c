import Explorer
import Foundation
import SampleData
import TerminalKit
import Testing
import TraceStore
import XRayModel

@Suite struct UpdateTests {
    @Test func tabsCycleBothWaysAndByNumber() {
        var state = ExplorerFixtures.state()
        #expect(state.tab == .map)
        state.press(.char("2"))
        #expect(state.tab == .traces)
        state.press(Key(.tab))
        #expect(state.tab == .analytics)
        state.press(Key(.tab))
        #expect(state.tab == .map)
        // On the map, Tab moves between nodes and edges instead (the map's own binding).
        state.press(Key(.tab))
        #expect(state.tab == .map && state.map.selection != nil)
        state.press(.char("3"), Key(.backTab))
        #expect(state.tab == .traces)
        state.press(Key(.backTab))
        #expect(state.tab == .map)
    }

    @Test func vimAndArrowMotionMoveTheSelectionAndKeepItOnScreen() {
        var state = ExplorerFixtures.state(height: 12)
        state.press(.char("2"), .char("j"), Key(.down), .char("j"))
        #expect(state.selectedRow == 3)
        state.press(.char("k"))
        #expect(state.selectedRow == 2)
        state.press(.char("G"))
        #expect(state.selectedRow == state.summaries.count - 1)
        #expect(state.scrollTop == state.summaries.count - state.tableRows)
        state.press(.ctrl("u"))
        #expect(state.selectedRow == state.summaries.count - 1 - state.tableRows / 2)
        state.press(.char("g"))
        #expect(state.selectedRow == 0 && state.scrollTop == 0)
    }

    @Test func filterIsValidatedAsYouTypeAndAppliedOnEnter() {
        var state = ExplorerFixtures.state()
        state.press(.char("/"))
        state.type("http.status = ")
        #expect(state.filterError?.column == 15)  // expects a number at the end
        state.type("502")
        #expect(state.filterError == nil)
        let effects = state.press(Key(.enter))
        #expect(state.filter == "http.status = 502" && state.filterDraft == nil)
        #expect(effects == [.load(window: .whole, filter: "http.status = 502", now: state.now)])
        #expect(state.filterHistory.entries == ["http.status = 502"])
    }

    @Test func invalidFilterStaysInTheBarAndEscCancels() {
        var state = ExplorerFixtures.state()
        state.press(.char("/"))
        state.type("htp.status = 5")
        #expect(state.press(Key(.enter)).isEmpty)
        #expect(state.filterDraft == "htp.status = 5")
        #expect(state.filterError?.message.contains("did you mean http.status?") == true)
        state.press(Key(.escape))
        #expect(state.filterDraft == nil && state.filter.isEmpty)
    }

    @Test func historyWalksBackThroughAppliedFilters() {
        var state = ExplorerFixtures.state()
        for filter in ["fault", "error"] {
            // The bar opens holding the current filter, to edit it; clear it first.
            state.press(.char("/"), Key(.backspace), Key(.backspace), Key(.backspace), Key(.backspace), Key(.backspace))
            state.type(filter)
            state.press(Key(.enter))
        }
        state.press(.char("/"), Key(.backspace), Key(.backspace), Key(.backspace), Key(.backspace), Key(.backspace))
        state.press(Key(.up))
        #expect(state.filterDraft == "error")
        state.press(Key(.up))
        #expect(state.filterDraft == "fault")
        state.press(Key(.down))
        #expect(state.filterDraft == "error")
    }

    @Test func windowPickerChoosesPresetsAndCustomWindows() {
        var state = ExplorerFixtures.state()
        state.press(.char("w"))
        let effects = state.press(.char("k"), .char("k"), .char("k"), .char("k"), .char("k"), .char("k"), Key(.enter))
        #expect(state.window == .last(300))
        #expect(effects == [.load(window: .last(300), filter: "", now: state.now)])
        state.press(.char("w"), .char("c"))
        state.type("45m")
        state.press(Key(.enter))
        #expect(state.window == .last(2700) && state.overlay == nil)
        state.press(.char("w"), .char("c"))
        state.type("2026-11-26T09:00:00Z .. 2026-11-26T09:02:00Z")
        state.press(Key(.enter))
        #expect(state.window == .custom(TimeWindow(start: 1_795_683_600, end: 1_795_683_720)))
        state.press(.char("w"), .char("c"))
        state.type("soon")
        state.press(Key(.enter))
        #expect(state.lastError?.contains("cannot read \"soon\"") == true)
    }

    @Test func pauseHoldsLiveUpdatesAndCountsTheNewTraces() {
        var state = ExplorerFixtures.state(live: true)
        #expect(update(&state, .dataChanged).count == 1)
        state.press(.char(" "))
        #expect(state.paused)
        // Paused, data is still loaded, but held: the table does not move.
        #expect(update(&state, .dataChanged).count == 1)
        let shown = state.summaries
        var newer = ExplorerFixtures.loaded
        newer.request = (state.window, state.filter)
        for second in 1...3 {
            var extra = API.TraceSummary()
            extra.Id = "1-6b080000-00000000000000000000000\(second)"
            extra.StartTime = ExplorerFixtures.start + 400 + Double(second)
            newer.summaries.insert(extra, at: 0)
        }
        _ = update(&state, .loaded(newer))
        #expect(state.summaries == shown && state.newWhilePaused == 3)
        #expect(render(state).text.contains("PAUSED (+3 new traces)"))
        state.press(.char(" "))
        #expect(!state.paused && state.newWhilePaused == 0 && state.summaries.count == shown.count + 3)
        // A new question (another filter) is answered even while paused.
        state.press(.char(" "), .char("/"))
        state.type("fault")
        state.press(Key(.enter))
        _ = update(&state, .loaded(ExplorerFixtures.loaded(first: 2, answering: "fault", in: state.window)))
        #expect(state.summaries.count == 2)
        var file = ExplorerFixtures.state(live: false)
        file.press(.char(" "))
        #expect(!file.paused)
    }

    @Test func newDataKeepsTheSelectedTrace() {
        var state = ExplorerFixtures.state()
        state.press(.char("2"), .char("j"), .char("j"))
        let selected = state.summaries[state.selectedRow].Id
        _ = update(&state, .loaded(ExplorerFixtures.loaded(plus: "1-6b080000-000000000000000000000001")))
        #expect(state.summaries[state.selectedRow].Id == selected)
        #expect(state.selectedRow == 3)
    }

    /// Scrolled down, a trace arriving on top moves neither the selected trace nor its line on
    /// screen: the rows shift under a still window.
    @Test func newDataKeepsTheScrollPosition() {
        var state = ExplorerFixtures.state(height: 8)
        state.press(.char("2"))
        for _ in 0..<6 { state.press(.char("j")) }
        let selected = state.summaries[state.selectedRow].Id
        let line = state.selectedRow - state.scrollTop
        #expect(state.scrollTop > 0, "the table scrolled")
        _ = update(&state, .loaded(ExplorerFixtures.loaded(plus: "1-6b080000-000000000000000000000001")))
        #expect(state.summaries[state.selectedRow].Id == selected)
        #expect(state.selectedRow - state.scrollTop == line)
    }

    /// A refresh held while paused is dropped once another filter's answer is shown: resuming
    /// must not bring back rows of the old filter, nor the old "+N new" count.
    @Test func aNewFilterWhilePausedDropsTheHeldRefresh() {
        var state = ExplorerFixtures.state(live: true)
        state.press(.char(" "))
        var newer = ExplorerFixtures.loaded(plus: "1-6b080000-000000000000000000000009")
        newer.request = (state.window, state.filter)
        _ = update(&state, .loaded(newer))
        #expect(state.newWhilePaused == 1)
        state.press(.char("/"))
        state.type("fault")
        state.press(Key(.enter))
        _ = update(&state, .loaded(ExplorerFixtures.loaded(first: 2, answering: "fault", in: state.window)))
        #expect(state.newWhilePaused == 0 && !render(state).text.contains("new traces"))
        state.press(.char(" "))
        #expect(!state.paused && state.summaries.count == 2 && state.filter == "fault")
    }

    @Test func helpClosesOnAnyKeyAndQuitQuits() {
        var state = ExplorerFixtures.state()
        state.press(.char("?"))
        #expect(state.overlay == .help)
        state.press(.char("j"))
        #expect(state.overlay == .help, "motion keys scroll the help")
        state.press(.char("n"))
        #expect(state.overlay == nil)
        state.press(.ctrl("c"))
        #expect(state.quit)
    }

    @Test func clickingATabOrARowSelectsIt() {
        var state = ExplorerFixtures.state()
        _ = update(&state, .mouse(MouseEvent(.press, x: 8, y: 0)))
        #expect(state.tab == .traces)
        _ = update(&state, .mouse(MouseEvent(.press, x: 10, y: 6)))
        #expect(state.selectedRow == 4)
        _ = update(&state, .mouse(MouseEvent(.wheelDown, x: 10, y: 6)))
        #expect(state.selectedRow == 7)
    }

    @Test func loadErrorsShowInTheStatusBar() {
        var state = ExplorerFixtures.state()
        _ = update(
            &state,
            .loaded(LoadResult(window: ExplorerFixtures.window, summaries: [], graph: nil, error: "throttled by AWS")))
        #expect(render(state).row(at: state.height - 1).contains("throttled by AWS"))
    }

    @Test func keyOverridesReplaceTheDefaults() {
        let bindings = KeyTable.bindings(overriding: [.quit: [Key(name: "Ctrl-q")!]])
        #expect(KeyTable.command(for: .ctrl("q"), in: bindings) == .quit)
        #expect(KeyTable.command(for: .char("q"), in: bindings) == nil)
        #expect(Key(name: "F1") == Key(.function(1)) && Key(name: "Space") == .char(" ") && Key(name: "nope") == nil)
    }

    /// A source that fails to give a trace says why in the status bar (throttling, expired
    /// credentials), rather than claiming the trace is gone; the collector's counters show too.
    @Test func aFailedTraceLoadAndTheIngestCountersReachTheStatusBar() {
        var state = ExplorerFixtures.state(width: 220, live: true)
        var loaded = LoadResult(
            window: TimeWindow(start: 0, end: 1), summaries: state.summaries, graph: state.graph, error: nil)
        loaded.ingest = "12 received, 10 accepted, 2 rejected"
        loaded.scannedFraction = 0.437
        _ = update(&state, .loaded(loaded))
        _ = update(&state, .traceFailed(id: "1-abc", reason: "BatchGetTraces: ThrottledException (HTTP 429)"))
        let bar = render(state).text.split(separator: "\n").last.map(String.init) ?? ""
        #expect(state.timeline == nil)
        #expect(bar.contains("cannot open trace 1-abc: BatchGetTraces: ThrottledException"), "\(bar)")
        #expect(bar.contains("12 received, 10 accepted, 2 rejected"), "\(bar)")
        #expect(bar.contains("scanned 43% of the window"), "\(bar)")
    }

    /// A load that stops at its limit says how far back through the window it got, from the
    /// last page's ApproximateTime; one that read everything says nothing.
    /// A source that charges a call per trace (AWS) draws a filter's map from the newest
    /// matching traces only, and the map says how many.
    @Test func aLimitedTraceGraphIsTheNewestMatchesAndSaysSo() async throws {
        struct Limited: TraceSource {
            let store: TraceStore
            var name: String { "limited" }
            var traceGraphLimit: Int? { 3 }
            func summaries(_ query: SummaryQuery) async throws -> SummaryPage { try await store.summaries(query) }
            func traces(ids: [String]) async throws -> [Trace] { try await store.traces(ids: ids) }
            func serviceGraph(window: TimeWindow) async throws -> API.GetServiceGraphResult {
                try await store.serviceGraph(window: window)
            }
            func timeSeries(window: TimeWindow, period: Double) async throws -> [API.TimeSeriesServiceStatistics] {
                []
            }
            func changes() -> AsyncStream<Void> { AsyncStream { $0.finish() } }
        }
        let store = TraceStore(name: "fixture")
        for trace in ExplorerFixtures.traces { await store.ingest(trace.documents) }
        let result = await ExplorerRunner.load(
            Limited(store: store), window: .whole, filter: "http.status = 200", now: ExplorerFixtures.start + 300)
        #expect(result.summaries.count > 3 && result.graphTraces == 3)
        let client = try #require(result.graph?.Services?.first { $0.Type == "client" })
        #expect(client.Edges?.first?.SummaryStatistics?.TotalCount == 3)
        var state = ExplorerFixtures.state(width: 120, height: 30)
        _ = update(&state, .loaded(result))
        #expect(render(state).text.contains("the newest 3 of \(result.summaries.count) matching traces"))
        let unlimited = await ExplorerRunner.load(
            store, window: .whole, filter: "http.status = 200", now: ExplorerFixtures.start + 300)
        #expect(unlimited.graphTraces == nil)
    }

    @Test func aLoadCutShortReportsHowMuchOfTheWindowItScanned() async {
        let store = TraceStore(pageSize: 10)
        let start = 1_700_000_000.0
        await store.ingest(SampleGenerator(scenario: .eksWorkshop, seed: 3, start: start, duration: 100).documents())
        let window = WindowChoice.last(100)
        let heard = LockedFractions()
        let cut = await ExplorerRunner.load(store, window: window, filter: "", now: start + 100, limit: 20) {
            heard.append($0)
        }
        #expect(cut.summaries.count == 20)
        // Each page moved the scan back in time, and the last report is where the load stopped.
        #expect(heard.values.count == 2 && heard.values == heard.values.sorted())
        #expect(heard.values.last == cut.scannedFraction)
        let oldest = cut.summaries.compactMap(\.StartTime).min() ?? start
        let expected = (start + 100 - oldest) / 100
        #expect(
            cut.scannedFraction.map { abs($0 - expected) < 0.001 } == true, "\(String(describing: cut.scannedFraction))"
        )
        // The status bar says the table holds only some of the window's traces.
        var state = AppState(
            sourceName: "store", isLive: true, window: window, width: 140, height: 10, now: start + 100)
        state.loading = true
        _ = update(&state, .loadProgress(scanned: 0.25))
        #expect(render(state).text.contains("(loading: 25% of the window scanned)"))
        _ = update(&state, .loaded(cut))
        let windowCount = await ExplorerRunner.load(store, window: window, filter: "", now: start + 100).summaries.count
        #expect(windowCount > 20)
        #expect(render(state).text.contains("20 of \(windowCount) traces"), "\(render(state).text)")
        let whole = await ExplorerRunner.load(store, window: window, filter: "", now: start + 100, limit: 20_000)
        #expect(whole.scannedFraction == nil)
        _ = update(&state, .loaded(whole))
        #expect(render(state).text.contains(" \(windowCount) traces"))
    }
}

/// Progress reports, heard from the load's task.
final class LockedFractions: @unchecked Sendable {
    private let lock = NSLock()
    private var heard: [Double] = []
    func append(_ value: Double) { lock.withLock { heard.append(value) } }
    var values: [Double] { lock.withLock { heard } }
}
