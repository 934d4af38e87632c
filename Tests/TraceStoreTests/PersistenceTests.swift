import Foundation
import SampleData
import Testing
import XRayModel

@testable import TraceStore

/// The store's SQLite copy: what goes in comes back after a restart.
@Suite struct PersistenceTests {
    static let start = 1_700_000_000.0
    static let everything = TimeWindow(start: 0, end: 4_000_000_000)

    /// Summaries without `Revision`, which counts versions received and so starts again at a
    /// restart (each document is loaded once, in its kept version).
    static func summaries(_ store: TraceStore) async throws -> [API.TraceSummary] {
        try await store.allSummaries(SummaryQuery(window: everything)).summaries.map {
            var summary = $0
            summary.Revision = nil
            return summary
        }
    }

    static func open(_ path: String, retention: Double? = nil, now: Double = start + 3600) async throws
        -> TraceStore
    {
        try await TraceStore.open(
            path: path, name: "test", retention: retention, now: { now }, flushInterval: .seconds(3600),
            pruneInterval: .seconds(3600),
            log: { _ in })
    }

    @Test func aClosedStoreOpensWithTheSameTraces() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("store.db")
        let documents = SampleGenerator(scenario: .shop, seed: 2, start: Self.start, duration: 120).documents()
        let first = try await Self.open(path)
        await first.ingest(documents)
        let summaries = try await Self.summaries(first)
        let ids = summaries.compactMap(\.Id)
        let traces = try await first.traces(ids: ids).map(\.documents)
        await first.close()
        #expect(await first.persistence.written > 0)

        let second = try await Self.open(path)
        #expect(try await Self.summaries(second) == summaries)
        #expect(try await second.traces(ids: ids).map(\.documents) == traces)
        #expect(try await second.serviceGraph(window: Self.everything) == first.serviceGraph(window: Self.everything))
        await second.close()
    }

    @Test func aReplacedInProgressDocumentIsStoredComplete() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("store.db")
        let store = try await Self.open(path)
        await store.ingest(try TraceStoreTests.document(trace: 1, id: 1, start: Self.start, inProgress: true))
        try await store.flush()
        let complete = try TraceStoreTests.document(trace: 1, id: 1, start: Self.start, status: 502)
        await store.ingest(complete)
        await store.close()

        let reopened = try await Self.open(path)
        let trace = try #require(try await reopened.traces(ids: [complete.traceID]).first)
        #expect(trace.documents.map(\.raw) == [complete.raw])
        let summary = try #require(try await reopened.summaries(SummaryQuery(window: Self.everything)).summaries.first)
        #expect(summary.IsPartial == false && summary.HasFault == true)
        await reopened.close()
    }

    @Test func retentionPrunesMemoryAndDisk() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("store.db")
        let now = Self.start + 86_400
        let store = try await Self.open(path, retention: 3600, now: now)
        // Traces every ten minutes over the last two hours.
        for index in 0..<12 {
            await store.ingest(try Self.document(trace: index, start: now - 7200 + Double(index) * 600 + 1))
        }
        #expect(await store.traceCount == 12)
        await store.prune(now: now)
        #expect(await store.traceCount == 6)
        #expect(try await store.summaries(SummaryQuery(window: Self.everything)).summaries.count == 6)
        await store.prune(now: now + 1200)
        #expect(await store.traceCount == 4)
        await store.close()

        // Without retention nothing more is dropped: what is missing was deleted from the file.
        let reopened = try await Self.open(path)
        #expect(await reopened.traceCount == 4)
        await reopened.close()
        // Retention also applies when the file is opened.
        let later = try await Self.open(path, retention: 3600, now: now + 3000)
        #expect(await later.traceCount == 1)
        await later.close()
        let last = try await Self.open(path)
        #expect(await last.traceCount == 1)
        await last.close()
    }

    @Test func documentsReachTheFileWithoutAFlushOrClose() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("store.db")
        // The real timers: a killed process loses at most the last quarter second.
        let store = try await TraceStore.open(path: path, name: "timers", retention: nil)
        let documents = SampleGenerator(scenario: .eksWorkshop, seed: 1, start: Self.start, duration: 30).documents()
        await store.ingest(documents)
        let expected = Set(documents.map { "\($0.traceID)/\($0.id)" }).count
        let database = try #require(await store.storage?.database)
        var stored = 0
        for _ in 0..<100 where stored < expected {
            try await Task.sleep(for: .milliseconds(50))
            stored = try await database.storedDocumentCount()
        }
        #expect(stored == expected)
        #expect(await store.persistence.pending == 0)
        await store.close()
    }

    /// What a `kill -9` leaves: the main file as of the last checkpoint (for a new store, a
    /// header without the application id yet) and the transactions since in `-wal`.
    @Test func aCrashImageOpensWithEveryFlushedDocument() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("store.db")
        let store = try await Self.open(path)
        let documents = SampleGenerator(scenario: .eksWorkshop, seed: 6, start: Self.start, duration: 20).documents()
        await store.ingest(documents)
        try await store.flush()
        let crashed = directory.path("crashed.db")
        for suffix in ["", "-wal"] {
            try FileManager.default.copyItem(atPath: path + suffix, toPath: crashed + suffix)
        }
        await store.close()

        let reopened = try await Self.open(crashed)
        #expect(await reopened.traceCount == FullScan.traces(documents).count)
        #expect(try await Self.summaries(reopened) == Self.summaries(store))
        await reopened.close()
    }

    @Test func aMemoryDatabaseWorksWithoutAFile() async throws {
        let store = try await Self.open(":memory:")
        await store.ingest(try Self.document(trace: 1, start: Self.start))
        try await store.flush()
        #expect(await store.persistence == PersistenceCounters(pending: 0, written: 1, writeErrors: 0))
        await store.close()
    }

    static func document(trace: Int, start: Double) throws -> StoredDocument {
        let traceID = String(format: "1-%08x-%024x", Int(start), trace)
        let json =
            #"{"id":"\#(String(format: "%016x", trace + 1))","trace_id":"\#(traceID)","name":"api","start_time":\#(start),"end_time":\#(start + 0.5)}"#
        return try DocumentParser.parse(json).get()
    }
}
