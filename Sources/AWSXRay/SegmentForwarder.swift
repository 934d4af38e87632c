import Foundation
import XRayModel

/// `collect --forward aws`: relays received documents to X-Ray with PutTraceSegments, as the
/// daemon does: batches of up to 50, or what has gathered after a second; signed and retried
/// by the client. Ingest never waits for it: `enqueue` only appends to a bounded buffer, and
/// when X-Ray falls behind the oldest documents are dropped and counted.
public final class SegmentForwarder: @unchecked Sendable {
    public struct Counters: Sendable, Hashable {
        public var forwarded = 0
        /// Refused by X-Ray (UnprocessedTraceSegments).
        public var unprocessed = 0
        /// Lost because the calls failed after their retries.
        public var failed = 0
        /// Dropped because the buffer was full.
        public var dropped = 0
        public var lastError: String?
    }

    public static let batchSize = 50
    public let client: XRayAPIClient
    let capacity: Int
    let idleFlush: Duration
    private let lock = NSLock()
    private var buffer: [String] = []
    private var counters = Counters()
    private var task: Task<Void, Never>?
    private var stopping = false

    public init(client: XRayAPIClient, capacity: Int = 10_000, idleFlush: Duration = .seconds(1)) {
        self.client = client
        self.capacity = max(Self.batchSize, capacity)
        self.idleFlush = idleFlush
    }

    public var snapshot: Counters { lock.withLock { counters } }

    /// Never blocks ingest: appends, dropping the oldest beyond the capacity.
    public func enqueue(_ documents: [String]) {
        lock.withLock {
            buffer.append(contentsOf: documents)
            let excess = buffer.count - capacity
            if excess > 0 {
                buffer.removeFirst(excess)
                counters.dropped += excess
            }
        }
    }

    public func start() {
        task = Task { [self] in
            while !lock.withLock({ stopping }) {
                if lock.withLock({ buffer.count }) < Self.batchSize {
                    try? await Task.sleep(for: idleFlush)
                }
                await sendBatch()
            }
        }
    }

    /// Sends what is left, then stops. A call in flight is let finish, not cancelled: that
    /// would lose its batch.
    public func stop() async {
        lock.withLock { stopping = true }
        _ = await task?.value
        while lock.withLock({ !buffer.isEmpty }) { await sendBatch() }
    }

    private func sendBatch() async {
        let batch = lock.withLock { () -> [String] in
            let count = min(Self.batchSize, buffer.count)
            let batch = Array(buffer.prefix(count))
            buffer.removeFirst(count)
            return batch
        }
        guard !batch.isEmpty else { return }
        do {
            let result = try await client.putTraceSegments(batch)
            let refused = result.UnprocessedTraceSegments?.count ?? 0
            lock.withLock {
                counters.forwarded += batch.count - refused
                counters.unprocessed += refused
            }
        } catch {
            lock.withLock {
                counters.failed += batch.count
                counters.lastError = error.description
            }
        }
    }
}
