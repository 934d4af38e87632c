import Foundation
import SampleData
import Testing
import XRayFilter
import XRayModel

@testable import TraceStore

/// The indexes must not change a single answer: summaries and graphs are compared with a
/// full scan over the same documents, for random windows, while documents keep arriving.
@Suite struct IndexedQueryTests {
    static let start = 1_700_000_000.0

    /// Shop traffic plus traces whose orphan subsegment began before their segment, so the
    /// trace's start (what windows select on) is earlier than its summary's (the list order).
    static let sample = try! documents()

    static func documents() throws -> [StoredDocument] {
        var documents = SampleGenerator(scenario: .shop, seed: 11, start: start, duration: 600).documents()
        for index in 0..<40 {
            let traceID = String(format: "1-%08x-%024x", Int(start) + index * 15, 0xabc000 + index)
            let begin = start + Double(index) * 15 + 0.5
            let segment =
                #"{"id":"\#(String(format: "%016x", 0x5e000 + index))","trace_id":"\#(traceID)","name":"skewed","start_time":\#(begin),"end_time":\#(begin + 2)}"#
            let early =
                #"{"type":"subsegment","id":"\#(String(format: "%016x", 0x5b000 + index))","trace_id":"\#(traceID)","parent_id":"00000000deadbeef","name":"early","start_time":\#(begin - Double(index % 7) * 10 - 1),"end_time":\#(begin - 0.5)}"#
            documents += [try DocumentParser.parse(segment).get(), try DocumentParser.parse(early).get()]
        }
        return documents
    }

    static func randomWindow(_ random: inout SeededGenerator) -> TimeWindow {
        let first = start + Double(Int.random(in: -2...11, using: &random)) * 60
        // Half the windows start or end exactly on a minute, where the graph buckets meet.
        let offset = Bool.random(using: &random) ? 0 : Double.random(in: 0..<60, using: &random)
        let length =
            Bool.random(using: &random)
            ? Double(Int.random(in: 0...8, using: &random)) * 60 : Double.random(in: 0..<500, using: &random)
        return TimeWindow(start: first + offset, end: first + offset + length)
    }

    @Test func summariesMatchAFullScan() async throws {
        let documents = Self.sample
        var random = SeededGenerator(state: 7)
        let store = TraceStore(pageSize: 13)
        let filters = [nil, "fault", "responsetime > 0.5", #"service("skewed")"#]
        // Half in arrival order, then the rest shuffled, with queries in between.
        let half = documents.count / 2
        for (round, batch) in [Array(documents[..<half]), documents[half...].shuffled(using: &random)].enumerated() {
            await store.ingest(batch)
            let traces = FullScan.traces(Array(documents[..<(round == 0 ? half : documents.count)])).map {
                ($0, API.TraceSummary(trace: $0))
            }
            for _ in 0..<40 {
                let filterText = filters.randomElement(using: &random)!
                let query = SummaryQuery(
                    window: Self.randomWindow(&random), filter: filterText,
                    timeRangeType: TimeRangeType.allCases.randomElement(using: &random)!)
                let expected = FullScan.summaries(
                    traces, query, filter: try filterText.map { try FilterExpression(parsing: $0) })
                let actual = try await store.allSummaries(query)
                #expect(actual.summaries.compactMap(\.Id) == expected.ids, "\(query)")
                #expect(actual.processed == expected.processed, "\(query)")
            }
        }
    }

    @Test func aPageEndsWhereTheNextBegins() async throws {
        let store = TraceStore(pageSize: 10)
        await store.ingest(Self.sample)
        let window = TimeWindow(start: Self.start, end: Self.start + 300)
        let first = try await store.summaries(SummaryQuery(window: window))
        let second = try await store.summaries(SummaryQuery(window: window, nextToken: first.nextToken))
        #expect(first.nextToken?.hasPrefix("@") == true && second.nextToken?.hasPrefix("@") == true)
        #expect(second.tracesProcessed == 0 && first.tracesProcessed > 20)
        #expect(first.approximateTime == first.summaries.last?.StartTime)
        #expect(Set(first.summaries.compactMap(\.Id)).isDisjoint(with: second.summaries.compactMap(\.Id)))
        await #expect(throws: TraceSourceError.self) {
            _ = try await store.summaries(SummaryQuery(window: window, nextToken: "10"))
        }
    }

    /// Pages of ten, each going on where the last stopped, give what one page of everything
    /// gives, filtered or not, for each kind of window; a newer trace arriving between pages
    /// moves nothing.
    @Test func pagesWalkTheWindowOnce() async throws {
        let paged = TraceStore(pageSize: 10)
        let whole = TraceStore(pageSize: 100_000)
        await paged.ingest(Self.sample)
        await whole.ingest(Self.sample)
        let window = TimeWindow(start: Self.start + 60, end: Self.start + 400)
        for filter in [nil, "http.status >= 400", "responsetime > 0.05", #"service("cart")"#] {
            for type in TimeRangeType.allCases {
                let query = SummaryQuery(window: window, filter: filter, timeRangeType: type)
                let expected = try await whole.allSummaries(query).summaries.compactMap(\.Id)
                #expect(expected.count > 10 || filter != nil, "\(query)")
                #expect(try await paged.allSummaries(query).summaries.compactMap(\.Id) == expected, "\(query)")
            }
        }
        var query = SummaryQuery(window: window)
        let first = try await paged.summaries(query)
        await paged.ingest(
            SampleGenerator(scenario: .shop, seed: 12, start: Self.start + 500, duration: 30).documents())
        query.nextToken = first.nextToken
        let second = try await paged.summaries(query)
        let expected = try await whole.allSummaries(SummaryQuery(window: window)).summaries.compactMap(\.Id)
        #expect((first.summaries + second.summaries).compactMap(\.Id) == Array(expected.prefix(20)))
    }

    @Test func bucketedGraphEqualsABuilderOverTheSameTraces() async throws {
        let documents =
            try Self.documents()
            + SampleGenerator(
                scenario: .eksWorkshop, seed: 3, start: Self.start + 120, duration: 300
            ).documents()
        var random = SeededGenerator(state: 21)
        let store = TraceStore()
        let third = documents.count / 3
        var received = 0
        for end in [third, 2 * third, documents.count] {
            await store.ingest(documents[received..<end])
            received = end
            let traces = FullScan.traces(Array(documents[..<end])).sorted {
                ($0.startTime, $0.id) < ($1.startTime, $1.id)
            }
            for _ in 0..<15 {
                let window = Self.randomWindow(&random)
                let expected = ServiceGraphBuilder(traces: traces.filter { window.contains($0.startTime) })
                    .result(start: window.start, end: window.end)
                #expect(try await store.serviceGraph(window: window) == expected, "\(window)")
            }
        }
    }

    @Test func bucketsCoverHalfOpenMinutes() {
        #expect(GraphBuckets.bucket(containing: 120) == 2)
        #expect(GraphBuckets.bucket(containing: 120.0.nextDown) == 1)
        #expect(GraphBuckets.bucket(containing: -0.5) == -1)
        #expect(GraphBuckets.isInside(2, TimeWindow(start: 120, end: 180)))
        #expect(!GraphBuckets.isInside(2, TimeWindow(start: 120, end: 180.0.nextDown)))
        #expect(GraphBuckets.bucket(containing: .infinity) > GraphBuckets.bucket(containing: 1e12))
    }
}
