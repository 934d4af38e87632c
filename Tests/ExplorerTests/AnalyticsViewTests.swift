import Foundation
import TerminalKit
import Testing
import XRayFilter
import XRayModel

@testable import Explorer

/// The Analytics tab as a user meets it, over the bundled eks-workshop sample file.
@Suite struct AnalyticsViewTests {
    @Test func groupedByStatusThenByClientIP() async throws {
        var state = await SampleFileFixture.state()
        state.press(.char("3"))
        #expect(state.analytics.field == .status)
        try expectSnapshot(render(state).text, named: "analytics-eks-status-120x40")
        // Counted here with a plain loop, independently of the analytics code.
        var byStatus: [Int: Int] = [:]
        for summary in state.summaries { byStatus[summary.Http?.HttpStatus ?? -1, default: 0] += 1 }
        for row in AnalyticsView.groups(state) {
            #expect(row.count == byStatus[Int(row.label) ?? -1], "status \(row.label)")
        }
        state.press(.char("b"))
        #expect(state.analytics.field == .clientIP)
        try expectSnapshot(render(state).text, named: "analytics-eks-clientip-120x40")
        var byClient: [String: Int] = [:]
        for summary in state.summaries { byClient[summary.Http?.ClientIp ?? "", default: 0] += 1 }
        for row in AnalyticsView.groups(state) { #expect(row.count == byClient[row.label], "client \(row.label)") }
        state.press(.char("B"))
        #expect(state.analytics.field == .status)
    }

    @Test func enterRefinesTheFilterToTheSelectedGroup() async throws {
        var state = await SampleFileFixture.state()
        state.press(.char("3"), .char("b"), .char("j"))
        let row = AnalyticsView.groups(state)[1]
        let effects = state.press(Key(.enter))
        #expect(state.filter == "http.clientip = \"\(row.label)\"")
        #expect(effects == [.load(window: .whole, filter: state.filter, now: state.now)])
        let refined = await SampleFileFixture.state(filter: state.filter)
        #expect(refined.summaries.count == row.count)
    }

    @Test func compareAPinnedSetWithTheCurrentFilter() async throws {
        var state = await SampleFileFixture.state()
        state.press(.char("3"), .char("p"))
        #expect(state.analytics.pinned?.summaries.count == 3600)
        #expect(render(state).row(at: 39).contains("pinned 3600 traces as A"))
        // B: the traces the back end handled slowly, typed into the filter bar as a user does;
        // the runner answers the load the keys asked for.
        state.press(.char("/"))
        state.type("responsetime > 1")
        let effects = state.press(Key(.enter))
        #expect(effects == [.load(window: .whole, filter: "responsetime > 1", now: state.now)])
        #expect(state.analytics.pinned?.summaries.count == 3600, "the pinned set stays while B loads")
        let slow = await SampleFileFixture.state(filter: "responsetime > 1")
        _ = update(&state, .loaded(ExplorerRunnerResult.from(slow)))
        let screen = render(state)
        try expectSnapshot(screen.text, named: "analytics-eks-compare-120x40")
        #expect(
            screen.text.contains(
                "COMPARE by http.status: A = all (3600), B = responsetime > 1 (\(slow.summaries.count))"))
        let rows = try #require(AnalyticsView.comparison(state))
        for row in rows {
            let status = Int(row.label)
            #expect(row.countA == state.analytics.pinned!.summaries.filter { $0.Http?.HttpStatus == status }.count)
            #expect(row.countB == slow.summaries.filter { $0.Http?.HttpStatus == status }.count)
            #expect(
                abs(
                    row.shareDelta - (Double(row.countB) / Double(slow.summaries.count) - Double(row.countA) / 3600)
                        * 100) < 1e-9)
        }
        state.press(.char("p"))
        #expect(state.analytics.pinned == nil && render(state).text.contains("GROUP BY"))
    }

    @Test func smallScreensDropTheChartsButKeepTheTable() {
        var state = ExplorerFixtures.state(width: 60, height: 14)
        state.press(.char("3"))
        let screen = render(state)
        #expect(!screen.text.contains("RESPONSE TIME") && screen.text.contains("GROUP BY"))
    }
}

/// The load result that produced a state, to feed it to another state.
enum ExplorerRunnerResult {
    static func from(_ state: AppState) -> LoadResult {
        LoadResult(
            window: state.shownWindow!, summaries: state.summaries, graph: state.graph, error: nil,
            scanned: state.scanned, request: (state.window, state.filter))
    }
}
