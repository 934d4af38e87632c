import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// The bounded queue between the UDP socket and the parser: the event loop only appends raw
/// datagrams, so a slow store never stalls the socket. It is bounded in bytes, as the X-Ray
/// daemon's buffer memory is: a burst of small segments waits, and the memory it may take is
/// known.
///
/// Without a spool, when a datagram does not fit the oldest are dropped and counted until it
/// does. With one, the datagram that does not fit and every one after it go to the spool on
/// disk, in order, until the parser has read the spool empty; a thread of the queue's own writes
/// them there, so the event loop never waits for the disk. Order: the memory queue, then the
/// spool, then the write in progress, then the datagrams waiting for the writer (`spill`).
public final class IngestQueue: Sendable {
    private struct State {
        var items = CircularBuffer<Data>()
        var bytes = 0
        /// Datagrams waiting for the spool's writer, and their bytes as `bytes` counts them.
        var spill = CircularBuffer<Data>()
        var spillBytes = 0
        /// From the first datagram spilled until the spool and the spill are read empty: every
        /// new datagram goes to the spill meanwhile, behind those already there.
        var spilling = false
        /// Datagrams the writer has taken and not yet written.
        var inFlight = 0
        /// Writes finished; the parser compares it before and after reading the spool.
        var writesDone = 0
        var closed = false
    }

    /// What the queued datagrams may take, in bytes: the memory queue's share and, with a spool,
    /// the spill's. A datagram larger than its share still gets in, alone.
    public let capacityBytes: Int
    let memoryCapacity: Int
    let spillCapacity: Int
    /// What a datagram costs beyond its bytes (its `Data`, its slot, the allocation), so that a
    /// flood of empty or tiny datagrams is bounded too.
    static let entryBytes = 64
    /// Datagrams per write to the spool: the parser waits for a write in progress when it has
    /// read everything else, so one write is kept short.
    static let writeBatch = 4_096
    private let state = NIOLockedValueBox(State())
    private let counters: CounterBox
    /// Where datagrams go when the memory is full; read once the memory is empty.
    let spool: IngestSpool?
    private let signal: AsyncStream<Void>.Continuation
    private let wakeUps: AsyncStream<Void>
    /// Wakes the spool's writer; signalled when it has written its last.
    private let writerWake = DispatchSemaphore(value: 0)
    private let writerFinished = DispatchSemaphore(value: 0)

    /// With a spool, a quarter of `capacityBytes` (unless `spillBytes` says otherwise) holds
    /// the datagrams waiting to be written to it.
    public init(capacityBytes: Int, counters: CounterBox, spool: IngestSpool? = nil, spillBytes: Int? = nil) {
        self.capacityBytes = max(1, capacityBytes)
        spillCapacity = spool == nil ? 0 : max(1, spillBytes ?? self.capacityBytes / 4)
        memoryCapacity = max(1, self.capacityBytes - (spool == nil ? 0 : spillCapacity))
        self.counters = counters
        self.spool = spool
        (wakeUps, signal) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        if let spool {
            // What an earlier run left is read first, and what arrives goes behind it.
            if !spool.isEmpty { state.withLockedValue { $0.spilling = true } }
            Thread { [self] in
                ThreadName.set("xray-tui spool")
                writeSpill(to: spool)
            }.start()
        }
    }

    /// One datagram; never blocks.
    func push(_ datagram: Data) { push(contentsOf: CollectionOfOne(datagram)) }

    /// The datagrams of one read from the socket (called on the event loop), under one lock and
    /// with one wake-up; never blocks.
    func push(contentsOf datagrams: some Collection<Data>) {
        guard !datagrams.isEmpty else { return }
        let (dropped, spilled) = state.withLockedValue { state -> (Int, Bool) in
            guard !state.closed else { return (0, false) }
            var dropped = 0
            for datagram in datagrams {
                let cost = datagram.count + Self.entryBytes
                if spool != nil && (state.spilling || (!state.items.isEmpty && state.bytes + cost > memoryCapacity)) {
                    state.spilling = true
                    // The writer is behind (a slow disk): the oldest waiting for it go.
                    while !state.spill.isEmpty && state.spillBytes + cost > spillCapacity {
                        state.spillBytes -= state.spill.removeFirst().count + Self.entryBytes
                        dropped += 1
                    }
                    state.spill.append(datagram)
                    state.spillBytes += cost
                    continue
                }
                while !state.items.isEmpty && state.bytes + cost > memoryCapacity {
                    state.bytes -= state.items.removeFirst().count + Self.entryBytes
                    dropped += 1
                }
                state.items.append(datagram)
                state.bytes += cost
            }
            return (dropped, !state.spill.isEmpty)
        }
        counters.update {
            $0.received += datagrams.count
            $0.dropped += dropped
        }
        if spilled { writerWake.signal() }
        signal.yield()
    }

    /// Datagrams waiting: in memory, in the spool, and on their way to it.
    public var depth: Int {
        let inMemory = state.withLockedValue { $0.items.count + $0.spill.count + $0.inFlight }
        return inMemory + (spool?.depth ?? 0)
    }

    /// Datagrams waiting for the spool's writer (tests pace themselves by it).
    var waitingForWriter: Int { state.withLockedValue { $0.spill.count } }

    /// True while new datagrams go behind the spool.
    var isSpilling: Bool { state.withLockedValue { $0.spilling } }

    /// Memory the datagrams waiting take (those waiting to be written to the spool included),
    /// with what each costs beyond its bytes.
    public var queuedBytes: Int { state.withLockedValue { $0.bytes + $0.spillBytes } }

    /// Up to `limit` datagrams, oldest first, waiting while there are none. Nil once the queue
    /// is closed and its memory queue drained: what is in the spool stays there for the next
    /// start.
    func next(limit: Int) async -> [Data]? {
        var iterator = wakeUps.makeAsyncIterator()
        while true {
            let (batch, closed, writesBefore) = state.withLockedValue { state -> ([Data], Bool, Int?) in
                let batch = Self.take(limit, from: &state.items)
                state.bytes -= batch.reduce(0) { $0 + $1.count + Self.entryBytes }
                return (batch, state.closed, state.spilling ? state.writesDone : nil)
            }
            if !batch.isEmpty { return batch }
            if closed { return nil }
            if let writesBefore, let spool {
                let spooled = spool.take(limit: limit)
                if !spooled.isEmpty { return spooled }
                switch takeSpill(limit: limit, writesBefore: writesBefore) {
                case .batch(let batch): return batch
                case .again: continue
                case .wait: break
                }
            }
            guard await iterator.next() != nil else { return nil }
        }
    }

    private enum SpillTake {
        case batch([Data])
        case again
        case wait
    }

    /// With the spool read empty: the spill's oldest, when no write is under way (those being
    /// written are older). Once the spill is empty too, new datagrams go to memory again.
    private func takeSpill(limit: Int, writesBefore: Int) -> SpillTake {
        state.withLockedValue { state in
            // A write finished after the spool was read: it may hold the next datagrams.
            if state.writesDone != writesBefore { return .again }
            if state.inFlight > 0 { return .wait }
            let batch = Self.take(limit, from: &state.spill)
            state.spillBytes -= batch.reduce(0) { $0 + $1.count + Self.entryBytes }
            if state.spill.isEmpty { state.spilling = false }
            return batch.isEmpty ? .again : .batch(batch)
        }
    }

    private static func take(_ limit: Int, from items: inout CircularBuffer<Data>) -> [Data] {
        let count = min(limit, items.count)
        var batch: [Data] = []
        batch.reserveCapacity(count)
        for _ in 0..<count { batch.append(items.removeFirst()) }
        return batch
    }

    /// The spool's writer, on its own thread: moves the spill to disk, a batch at a time,
    /// until the queue is closed and the spill written.
    private func writeSpill(to spool: IngestSpool) {
        while true {
            let batch = state.withLockedValue { state -> [Data]? in
                if state.spill.isEmpty { return state.closed ? nil : [] }
                let batch = Self.take(Self.writeBatch, from: &state.spill)
                state.spillBytes -= batch.reduce(0) { $0 + $1.count + Self.entryBytes }
                state.inFlight = batch.count
                return batch
            }
            guard let batch else { break }
            if batch.isEmpty {
                writerWake.wait()
                continue
            }
            spool.append(batch)
            state.withLockedValue {
                $0.inFlight = 0
                $0.writesDone += 1
            }
            signal.yield()
        }
        writerFinished.signal()
    }

    /// No more datagrams are taken; what is in the memory queue is still handed out (drained
    /// on SIGTERM), and what waits for the spool's writer is written.
    func close() {
        state.withLockedValue { $0.closed = true }
        writerWake.signal()
        signal.yield()
    }

    /// Waits for the spool's writer to write what was left for it, then closes the spool.
    func closeSpool() {
        guard let spool else { return }
        close()
        writerFinished.wait()
        // For a second call.
        writerFinished.signal()
        spool.close()
    }
}
