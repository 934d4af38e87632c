import Foundation
import Testing
import TraceStore
import XRayModel

@testable import Collector

/// The stage between the queue and the store, which parses one batch while the store takes
/// the one before: every batch reaches the store, in the order its datagrams were queued, and
/// what is queued when the queue closes is drained before `run` returns.
@Suite struct IngestPipelineTests {
    /// The trace ids handed to `forward`, in the order they came.
    final class Forwarded: @unchecked Sendable {
        private let lock = NSLock()
        private var traceIDs: [String] = []

        func append(_ documents: [StoredDocument]) { lock.withLock { traceIDs += documents.map(\.traceID) } }
        var all: [String] { lock.withLock { traceIDs } }
    }

    static func traceID(_ number: Int) -> String { "1-6b07e701-" + String(format: "%024x", number) }

    /// A daemon datagram with a complete segment of its own trace; every 701st is malformed.
    static func datagram(_ number: Int) -> Data {
        let header = #"{"format": "json", "version": 1}"# + "\n"
        if number % 701 == 0 { return Data((header + #"{"trace_id": "#).utf8) }
        let body =
            #"{"trace_id":"\#(traceID(number))","id":"\#(String(format: "%016x", number + 1))","name":"front","#
            + #""start_time":1795680000.5,"end_time":1795680001.25}"#
        return Data((header + body).utf8)
    }

    @Test func batchesReachTheStoreInTheirOrderAndTheQueueIsDrained() async throws {
        let counters = CounterBox()
        let queue = IngestQueue(capacityBytes: 64 << 20, counters: counters)
        let store = TraceStore()
        let forwarded = Forwarded()
        let pipeline = IngestPipeline(
            queue: queue, store: store, counters: counters, log: .silent, forward: { forwarded.append($0) })
        let count = 5_000
        // Some queued before the pipeline starts, some while it runs, in reads of varied sizes,
        // so that batches are both full (1,024) and small.
        queue.push(contentsOf: (0..<2_500).map(Self.datagram))
        let running = Task { await pipeline.run() }
        var next = 2_500
        while next < count {
            let read = min(count - next, [1, 37, 400][next % 3])
            queue.push(contentsOf: (next..<next + read).map(Self.datagram))
            next += read
            if next % 5 == 0 { try await Task.sleep(for: .milliseconds(1)) }
        }
        queue.close()
        await running.value

        let valid = (0..<count).filter { $0 % 701 != 0 }
        #expect(forwarded.all == valid.map(Self.traceID))
        #expect(counters.value.accepted == valid.count)
        #expect(counters.value.rejectedTotal == count - valid.count)
        #expect(await store.traceCount == valid.count)
    }
}
