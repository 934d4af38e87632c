import Foundation
import SampleData
import Testing
import XRayModel

@testable import TraceStore

/// Traces that gain documents after they were placed (a caller's segment after its callee's,
/// an import block ending between them) keep the minutes' map aggregates exact without making
/// them again from the traces: the trace's own aggregate waits beside its minute's until the
/// trace settles.
@Suite struct PendingGraphTests {
    static let window = TimeWindow(start: PersistenceTests.start - 60, end: PersistenceTests.start + 300)

    @Test func tracesThatGainDocumentsKeepTheMapExact() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("store.db")
        let documents = SampleGenerator(scenario: .shop, seed: 7, start: PersistenceTests.start, duration: 120)
            .documents()
        // Every trace's documents in two halves, the second placed after the first was written.
        let byTrace = Dictionary(grouping: documents.indices) { documents[$0].traceID }
        let later = Set(byTrace.values.flatMap { $0.count > 1 ? Array($0.dropFirst($0.count / 2)) : [] })
        #expect(later.count > 100, "traces of several documents")
        let whole = TraceStore()
        await whole.ingest(documents)
        let expected = try await whole.serviceGraph(window: Self.window)

        let store = try await PersistenceTests.open(path)
        // Nothing cached: a minute made again would have to read its traces back.
        await store.setCachesPlacedTraces(false)
        await store.ingest(documents.indices.filter { !later.contains($0) }.map { documents[$0] })
        try await store.flush()
        await store.ingest(later.sorted().map { documents[$0] })
        try await store.flush()
        #expect(try await store.serviceGraph(window: Self.window) == expected)
        let buckets = await store.graphBuckets
        #expect(buckets.members.keys.allSatisfy { !buckets.lacksBuilder($0) }, "every minute has its aggregate")
        #expect(buckets.pending.count > 0)

        // Settled (two rounds and two seconds later), the map is the same.
        try await Task.sleep(for: .seconds(PendingGraphs.settleSeconds + 0.1))
        for round in 0..<PendingGraphs.settleRounds {
            await store.ingest(
                try PersistenceTests.document(trace: 900_000 + round, start: PersistenceTests.start - 3600))
            try await store.flush()
        }
        let settled = await store.graphBuckets
        #expect(settled.pending.count <= PendingGraphs.settleRounds, "only the traces of the last rounds")
        #expect(try await store.serviceGraph(window: Self.window) == expected)
        await store.close()

        // The database holds each minute's whole aggregate, pending traces included.
        let reopened = try await PersistenceTests.open(path)
        #expect(try await reopened.serviceGraph(window: Self.window) == expected)
        let loaded = await reopened.graphBuckets
        #expect(loaded.members.keys.allSatisfy { !loaded.lacksBuilder($0) })
        await reopened.close()
    }
}
