import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// The bounded queue between the UDP socket and the parser: the event loop only appends raw
/// datagrams, so a slow store never stalls the socket. When it is full the oldest datagram is
/// dropped and counted, as the X-Ray daemon's ring buffer does.
public final class IngestQueue: Sendable {
    private struct State {
        var items = CircularBuffer<Data>()
        var closed = false
    }

    public let capacity: Int
    private let state = NIOLockedValueBox(State())
    private let counters: CounterBox
    private let signal: AsyncStream<Void>.Continuation
    private let wakeUps: AsyncStream<Void>

    public init(capacity: Int, counters: CounterBox) {
        self.capacity = max(1, capacity)
        self.counters = counters
        (wakeUps, signal) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Called on the event loop for each datagram; never blocks.
    func push(_ datagram: Data) {
        let droppedOne = state.withLockedValue { state -> Bool in
            guard !state.closed else { return false }
            var dropped = false
            if state.items.count >= capacity {
                state.items.removeFirst()
                dropped = true
            }
            state.items.append(datagram)
            return dropped
        }
        counters.update {
            $0.received += 1
            if droppedOne { $0.dropped += 1 }
        }
        signal.yield()
    }

    public var depth: Int { state.withLockedValue { $0.items.count } }

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
