import Foundation
import SampleData
import Testing
import XRayFilter
import XRayModel

@testable import TraceStore

/// The database's layout: trace rows, compressed documents, terms and graph minutes, read
/// back at start-up instead of re-parsing documents; databases of the first layout migrate;
/// the size limit prunes the oldest traces.
@Suite struct StoreLayoutTests {
    static let start = 1_700_000_000.0
    static let everything = TimeWindow(start: 0, end: 4_000_000_000)

    static func open(_ path: String, maxBytes: Int? = nil, log: @escaping @Sendable (String) -> Void = { _ in })
        async throws -> TraceStore
    {
        try await TraceStore.open(
            path: path, name: "test", retention: nil, maxBytes: maxBytes, now: { start + 3600 },
            flushInterval: .seconds(3600), pruneInterval: .seconds(3600), log: log)
    }

    static func fileBytes(_ path: String) -> Int {
        [path, path + "-wal"].reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        }
    }

    @Test func documentsComeBackByteForByteFromAFileHalfTheirSize() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("store.db")
        let documents = SampleGenerator(scenario: .eksWorkshop, seed: 4, start: Self.start, duration: 1800).documents()
        let store = try await Self.open(path)
        await store.ingest(documents)
        try await store.flush()
        await store.close()

        let received = documents.reduce(0) { $0 + $1.raw.utf8.count + 1 }
        #expect(Self.fileBytes(path) * 2 < received, "\(Self.fileBytes(path)) bytes on disk for \(received) received")

        let reopened = try await Self.open(path)
        let ids = Array(Set(documents.map(\.traceID)))
        let traces = try await reopened.traces(ids: ids)
        #expect(traces.count == ids.count)
        let stored = Set(traces.flatMap(\.documents).map(\.raw))
        #expect(stored == Set(documents.map(\.raw)))
        await reopened.close()
    }

    /// Rows, terms and graph aggregates written by one process answer the next one exactly as
    /// a store that parsed every document would.
    @Test func aReopenedStoreAnswersAsOneInMemory() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("store.db")
        let documents = SampleGenerator(scenario: .shop, seed: 5, start: Self.start, duration: 300).documents()
        let memory = TraceStore()
        await memory.ingest(documents)
        let first = try await Self.open(path)
        await first.ingest(documents)
        _ = try await first.serviceGraph(window: Self.everything)
        await first.close()

        let store = try await Self.open(path)
        let filters = [
            nil, "fault", "http.status >= 400", #"service("checkout") { fault }"#, #"edge("cart", "catalog")"#,
            "annotation.cart_items > 2", #"user BEGINSWITH "u""#, "responsetime > 0.3 AND !error", "inferred",
            #"rootcause.fault.service { name = "payments" }"#,
        ]
        for filter in filters {
            let query = SummaryQuery(window: Self.everything, filter: filter)
            let expected = try await memory.allSummaries(query).summaries
            let actual = try await store.allSummaries(query).summaries
            #expect(actual == expected, "\(filter ?? "no filter")")
        }
        let window = TimeWindow(start: Self.start + 60, end: Self.start + 240)
        #expect(try await store.serviceGraph(window: window) == memory.serviceGraph(window: window))
        #expect(
            try await store.timeSeries(window: Self.everything, period: 60)
                == memory.timeSeries(window: Self.everything, period: 60))
        await store.close()
    }

    /// A database of the first layout (one table of documents as text, written by the
    /// version before the trace table) is moved to the current layout at the first open.
    @Test func aFirstLayoutDatabaseIsMigrated() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("old.db")
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent("version1.db").path, toPath: path)
        // It holds the first 120 documents of the sample.
        let sample = fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("sample-data/eks-workshop.ndjson")
        let documents = Array(try SegmentFileReader.read(path: sample.path).documents.prefix(120))
        let memory = TraceStore()
        await memory.ingest(documents)

        let log = LogLines()
        let store = try await Self.open(path, log: log.sink)
        #expect(log.lines.contains { $0.contains("moving 120 documents") }, "\(log.lines)")
        let query = SummaryQuery(window: Self.everything)
        let expected = try await memory.allSummaries(query).summaries
        #expect(try await store.allSummaries(query).summaries == expected)
        await store.close()

        // The old table is gone and a second open has nothing to move.
        let again = LogLines()
        let reopened = try await Self.open(path, log: again.sink)
        #expect(again.lines.isEmpty, "\(again.lines)")
        #expect(try await reopened.allSummaries(query).summaries == expected)
        await reopened.close()
    }

    @Test func theSizeLimitPrunesTheOldestTraces() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("small.db")
        let limit = 1_000_000
        let log = LogLines()
        let store = try await Self.open(path, maxBytes: limit, log: log.sink)
        let documents = SampleGenerator(scenario: .shop, seed: 6, start: Self.start, duration: 1200).documents()
        for batch in stride(from: 0, to: documents.count, by: 2000) {
            await store.ingest(documents[batch..<min(documents.count, batch + 2000)])
            try await store.flush()
            await store.pruneToSize()
        }
        let used = try #require(try await store.storage?.database.usedBytes())
        #expect(used <= limit, "\(used) bytes used")
        let counters = await store.counters
        #expect(counters.prunedBySize > 0)
        #expect(log.lines.contains { $0.contains("oldest traces") }, "\(log.lines)")
        // The newest traces are kept, the oldest went.
        let kept = Set(try await store.allSummaries(SummaryQuery(window: Self.everything)).summaries.compactMap(\.Id))
        let byStart = FullScan.traces(documents).sorted { $0.startTime < $1.startTime }.map(\.id)
        #expect(kept.contains(byStart.last!))
        #expect(!kept.contains(byStart.first!))
        #expect(kept.count + counters.prunedBySize == byStart.count)
        await store.close()
    }
}
