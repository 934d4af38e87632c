import Foundation
import Testing
import TraceStore
import XRayFilter
import XRayModel

@Suite struct TraceStoreTests {
    static func document(trace: Int, id: Int, start: Double, status: Int = 200, inProgress: Bool = false) throws
        -> StoredDocument
    {
        let traceID = "1-5f000000-" + String(format: "%024x", trace)
        let end = inProgress ? #""in_progress":true"# : #""end_time":\#(start + 0.25)"#
        let json =
            #"{"id":"\#(String(format: "%016x", id))","trace_id":"\#(traceID)","name":"api","start_time":\#(start),\#(end),"http":{"response":{"status":\#(status)}}\#(status >= 500 ? #","fault":true"# : "")}"#
        return try DocumentParser.parse(json).get()
    }

    @Test func summariesAreNewestFirstAndPaged() async throws {
        let store = TraceStore(pageSize: 3)
        for index in 0..<7 {
            await store.ingest(try Self.document(trace: index, id: index + 1, start: 1000 + Double(index)))
        }
        var query = SummaryQuery(window: TimeWindow(start: 1000, end: 1010))
        var ids: [String] = []
        var pages = 0
        repeat {
            let page = try await store.summaries(query)
            ids += page.summaries.compactMap(\.Id)
            query.nextToken = page.nextToken
            pages += 1
        } while query.nextToken != nil
        #expect(pages == 3)
        #expect(ids == (0..<7).reversed().map { "1-5f000000-" + String(format: "%024x", $0) })
    }

    @Test func windowSelectsByTraceStart() async throws {
        let store = TraceStore()
        for index in 0..<10 {
            await store.ingest(try Self.document(trace: index, id: index + 1, start: 1000 + Double(index) * 60))
        }
        let page = try await store.summaries(SummaryQuery(window: TimeWindow(start: 1060, end: 1180)))
        #expect(page.summaries.count == 3)
        #expect(await store.timeRange() == TimeWindow(start: 1000, end: 1540.25))
    }

    @Test func inProgressThenCompleteUpdatesTheSummary() async throws {
        let store = TraceStore()
        await store.ingest(try Self.document(trace: 1, id: 1, start: 1000, inProgress: true))
        let window = TimeWindow(start: 0, end: 2000)
        #expect(try await store.summaries(SummaryQuery(window: window)).summaries.first?.IsPartial == true)
        await store.ingest(try Self.document(trace: 1, id: 1, start: 1000, status: 503))
        let summary = try #require(try await store.summaries(SummaryQuery(window: window)).summaries.first)
        #expect(summary.IsPartial == false && summary.HasFault == true)
        #expect(await store.counters == IngestCounters(added: 1, replaced: 1, unchanged: 0, rejected: 0))
    }

    @Test func filtersSelectTracesAndBadOnesThrowWithAColumn() async throws {
        let store = TraceStore()
        for index in 0..<6 {
            await store.ingest(
                try Self.document(
                    trace: index, id: index + 1, start: 1000 + Double(index), status: index % 3 == 0 ? 500 : 200))
        }
        let window = TimeWindow(start: 0, end: 2000)
        let faults = try await store.summaries(SummaryQuery(window: window, filter: "http.status = 500"))
        #expect(faults.summaries.compactMap(\.Id) == [3, 0].map { "1-5f000000-" + String(format: "%024x", $0) })
        #expect(faults.tracesProcessed == 6)
        let everything = try await store.summaries(SummaryQuery(window: window, filter: "  "))
        #expect(everything.summaries.count == 6)
        await #expect(throws: FilterError(column: 15, #"http.status takes a number, found the string "abc""#)) {
            try await store.summaries(SummaryQuery(window: window, filter: #"http.status = "abc""#))
        }
    }

    @Test func groupsResolveAgainstTheStoresGroups() async throws {
        let store = TraceStore()
        for index in 0..<4 {
            await store.ingest(
                try Self.document(trace: index, id: index + 1, start: 1000, status: index == 0 ? 503 : 200))
        }
        var group = API.GroupSummary()
        group.GroupName = "faults"
        group.GroupARN = "arn:aws:xray:us-east-1:123456789012:group/faults/ABC"
        group.FilterExpression = "fault"
        await store.setGroups([group])
        let window = TimeWindow(start: 0, end: 2000)
        #expect(
            try await store.summaries(SummaryQuery(window: window, filter: #"group.name = "faults""#)).summaries.count
                == 1)
        #expect(
            try await store.summaries(SummaryQuery(window: window, filter: #"!group.arn = "\#(group.GroupARN!)""#))
                .summaries.count == 3)
        await #expect(throws: FilterError(column: 14, #"unknown group "nope" (known groups: faults)"#)) {
            try await store.summaries(SummaryQuery(window: window, filter: #"group.name = "nope""#))
        }
    }

    @Test func serviceGraphAndTimeSeriesCountEveryTrace() async throws {
        let store = TraceStore()
        for index in 0..<6 {
            await store.ingest(
                try Self.document(
                    trace: index, id: index + 1, start: 1000 + Double(index) * 30, status: index == 5 ? 500 : 200))
        }
        let window = TimeWindow(start: 1000, end: 1200)
        let graph = try await store.serviceGraph(window: window)
        let clientEdge = try #require(graph.Services?.first { $0.Type == "client" }?.Edges?.first?.SummaryStatistics)
        #expect(clientEdge.TotalCount == 6 && clientEdge.OkCount == 5 && clientEdge.FaultStatistics?.TotalCount == 1)
        let series = try await store.timeSeries(window: window, period: 60)
        #expect(series.map(\.Timestamp) == [1000, 1060, 1120])
        #expect(series.map { $0.EdgeSummaryStatistics?.TotalCount } == [2, 2, 2])
    }

    @Test func changesAreAnnounced() async throws {
        let store = TraceStore()
        let changes = store.changes()
        var iterator = changes.makeAsyncIterator()
        // Registration is asynchronous; ingest until the stream sees it.
        let feeder = Task {
            for index in 0..<50 {
                await store.ingest(try Self.document(trace: index, id: index + 1, start: 1000))
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let changed: Void? = await iterator.next()
        #expect(changed != nil)
        feeder.cancel()
    }
}
