import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// The bounded queue between the UDP socket and the parser: the event loop only appends raw
/// datagrams, so a slow store never stalls the socket. It is bounded in bytes, as the X-Ray
/// daemon's buffer memory is: a burst of small segments waits, and the memory it may take is
/// known. When a datagram does not fit, the oldest are dropped and counted until it does.
public final class IngestQueue: Sendable {
    private struct State {
        var items = CircularBuffer<Data>()
        var bytes = 0
        var closed = false
    }

    /// What the queued datagrams may take, in bytes. A datagram larger than this still gets in,
    /// alone.
    public let capacityBytes: Int
    /// What a datagram costs beyond its bytes (its `Data`, its slot, the allocation), so that a
    /// flood of empty or tiny datagrams is bounded too.
    static let entryBytes = 64
    private let state = NIOLockedValueBox(State())
    private let counters: CounterBox
    private let signal: AsyncStream<Void>.Continuation
    private let wakeUps: AsyncStream<Void>

    public init(capacityBytes: Int, counters: CounterBox) {
        self.capacityBytes = max(1, capacityBytes)
        self.counters = counters
        (wakeUps, signal) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// One datagram; never blocks.
    func push(_ datagram: Data) { push(contentsOf: CollectionOfOne(datagram)) }

    /// The datagrams of one read from the socket (called on the event loop), under one lock and
    /// with one wake-up; never blocks.
    func push(contentsOf datagrams: some Collection<Data>) {
        guard !datagrams.isEmpty else { return }
        let dropped = state.withLockedValue { state -> Int in
            guard !state.closed else { return 0 }
            var dropped = 0
            for datagram in datagrams {
                let cost = datagram.count + Self.entryBytes
                while !state.items.isEmpty && state.bytes + cost > capacityBytes {
                    state.bytes -= state.items.removeFirst().count + Self.entryBytes
                    dropped += 1
                }
                state.items.append(datagram)
                state.bytes += cost
            }
            return dropped
        }
        counters.update {
            $0.received += datagrams.count
            $0.dropped += dropped
        }
        signal.yield()
    }

    public var depth: Int { state.withLockedValue { $0.items.count } }

    /// Bytes of the datagrams waiting, with what each costs beyond its bytes.
    public var queuedBytes: Int { state.withLockedValue { $0.bytes } }

    /// Up to `limit` datagrams, waiting while the queue is empty; nil once it is closed and
    /// drained.
    func next(limit: Int) async -> [Data]? {
        var iterator = wakeUps.makeAsyncIterator()
        while true {
            let (batch, closed) = state.withLockedValue { state -> ([Data], Bool) in
                let count = min(limit, state.items.count)
                var batch: [Data] = []
                batch.reserveCapacity(count)
                for _ in 0..<count { batch.append(state.items.removeFirst()) }
                state.bytes -= batch.reduce(0) { $0 + $1.count + Self.entryBytes }
                return (batch, state.closed)
            }
            if !batch.isEmpty { return batch }
            if closed { return nil }
            guard await iterator.next() != nil else { return nil }
        }
    }

    /// No more datagrams are taken; what is queued is still handed out (drained on SIGTERM).
    func close() {
        state.withLockedValue { $0.closed = true }
        signal.yield()
    }
}
