/// The store's link to its database: the queue of changes, the writer in flight, the timers
/// and what has been reported. Only the store actor touches it.
struct Persistence: Sendable {
    let database: DocumentDatabase
    /// Nil for `":memory:"`, which no other process can open.
    let lock: StoreLock?
    let retention: Double?
    /// `--max-db-size`: the oldest traces are pruned while the file uses more.
    let maxBytes: Int?
    let now: @Sendable () -> Double
    /// Where write failures are reported (stderr outside tests).
    let log: @Sendable (String) -> Void
    var queue = WriteQueue()
    /// The write running now; the next one waits for it, so batches land in order.
    var inFlight: Task<StoreError?, Never>?
    var timers: [Task<Void, Never>] = []
    /// A failing write is reported once, not every 250 ms, until one succeeds again.
    var failureReported = false
    /// A write started by `startFlush` that failed, until the next `startFlush` reports it
    /// (nil again once a later write succeeds: its documents were written after all).
    var unreportedFailure: StoreError?
    /// When pruning for size was last logged, and the count of traces it had pruned by then.
    var sizeReport: (time: Double, count: Int) = (-.infinity, 0)
    var pruningForSize = false
}
