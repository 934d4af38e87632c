import Foundation
import Testing
import XRayModel

@testable import TraceStore

/// Traces placed in a small round stay assembled for readers; a round larger than a sixteenth
/// of the cache (a burst) does not go in, and its traces are assembled when a reader asks.
@Suite struct PlacedTraceCacheTests {
    static func traceID(_ index: Int) -> String { "1-5f000000-" + String(format: "%024x", index) }

    static func isCached(_ index: Int, in store: TraceStore) async -> Bool {
        await store.cache.contains(traceID(index))
    }

    static func ingest(_ traces: Range<Int>, into store: TraceStore) async throws {
        for index in traces {
            await store.ingest(try TraceStoreTests.document(trace: index, id: index + 1, start: 1000 + Double(index)))
        }
        _ = await store.traceCount  // places them
    }

    @Test func aSmallRoundIsCachedAndABurstIsNot() async throws {
        // A trace of one document of 161 bytes is estimated at 1,156 bytes: two fit in a
        // sixteenth of 64 KB (4,096 bytes), twenty do not.
        let store = TraceStore(cacheBytes: 64 << 10)
        try await Self.ingest(0..<2, into: store)
        #expect(await Self.isCached(0, in: store))
        #expect(await Self.isCached(1, in: store))

        try await Self.ingest(2..<22, into: store)
        for index in 2..<22 { #expect(await !Self.isCached(index, in: store), "trace \(index)") }
        #expect(await store.traceCount == 22)

        // Read, a trace of the burst is assembled and kept.
        let traces = try await store.traces(ids: [Self.traceID(7)])
        #expect(traces.map(\.id) == [Self.traceID(7)] && traces.first?.spans.count == 1)
        #expect(await Self.isCached(7, in: store))
    }
}
