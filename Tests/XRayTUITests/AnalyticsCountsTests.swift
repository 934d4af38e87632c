import Explorer
import Foundation
import TerminalKit
import Testing
import TraceStore
import XRayModel

/// The Analytics tab's group counts against what the CLI reports for the same file and filter:
/// two ways to the same numbers, one through the explorer and one through `xray-tui traces`.
@Suite struct AnalyticsCountsTests {
    static func explorer(filter: String = "") async throws -> AppState {
        let store = TraceStore(name: "sample")
        await store.ingest(try SegmentFileReader.read(path: CLI.sample("eks-workshop.ndjson")).documents)
        var state = AppState(sourceName: "sample", isLive: false, window: .whole, width: 120, height: 40, now: 0)
        state.filter = filter
        _ = update(&state, .loaded(await ExplorerRunner.load(store, window: .whole, filter: filter, now: 0)))
        state.press(.char("3"))
        return state
    }

    static func cliSummaries(filter: String? = nil) async throws -> [[String: Any]] {
        let path = CLI.sample("eks-workshop.ndjson")
        let response = try await CLI.json(
            ["traces", "--source", path, "--format", "json"] + (filter.map { ["--filter", $0] } ?? []))
        return try #require(response["TraceSummaries"] as? [[String: Any]])
    }

    static func http(_ summary: [String: Any], _ key: String) -> Any? { (summary["Http"] as? [String: Any])?[key] }

    @Test func groupsByStatusAndClientMatchTheCLI() async throws {
        var state = try await Self.explorer()
        let all = try await Self.cliSummaries()
        #expect(all.count == state.summaries.count)
        let statusRows = try #require(state.analyticsRows())
        for row in statusRows {
            let cli = all.filter { (Self.http($0, "HttpStatus") as? Int).map(String.init) == row.label }.count
            #expect(row.count == cli, "status \(row.label)")
        }
        // The same through the CLI's own filter, for the 500s.
        let fiveHundreds = try await Self.cliSummaries(filter: "http.status = 500")
        #expect(statusRows.first { $0.label == "500" }?.count == fiveHundreds.count)

        state.press(.char("b"))
        let clientRows = try #require(state.analyticsRows())
        for row in clientRows {
            let cli = all.filter { Self.http($0, "ClientIp") as? String == row.label }.count
            #expect(row.count == cli, "client \(row.label)")
        }
        let top = try #require(clientRows.first)
        let oneClient = try await Self.cliSummaries(filter: "http.clientip = \"\(top.label)\"")
        #expect(top.count == oneClient.count)
        // And the explorer with that filter shows exactly those traces.
        let filtered = try await Self.explorer(filter: "http.clientip = \"\(top.label)\"")
        #expect(Set(filtered.summaries.compactMap(\.Id)) == Set(oneClient.compactMap { $0["Id"] as? String }))
    }
}

extension AppState {
    /// The group-by rows the Analytics tab shows.
    func analyticsRows() -> [GroupRow]? { TraceAnalytics.groups(summaries, by: analytics.field) }

    mutating func press(_ keys: Key...) {
        for key in keys { _ = update(&self, .key(key)) }
    }
}
