import XRayModel

/// The own aggregates of traces placed in the last moments, kept apart from their minute's
/// aggregate until they settle. A trace often gains a document after it was first placed (the
/// caller's segment arrives after the callee's, an import block ends between them), and a
/// trace already merged into its minute cannot be taken out of it: the whole minute had to be
/// made again from its traces, which at a few thousand traces a second was a sixth of the
/// collector's work. A pending trace is simply replaced.
struct PendingGraphs: Sendable {
    struct Entry: Sendable {
        var bucket: Int
        var graph: ServiceGraphBuilder
        /// The placement round and the time (seconds, monotonic) it was last placed.
        var round: Int
        var time: Double
    }

    /// A trace settles once it was last placed at least this many rounds and seconds ago.
    static let settleRounds = 2
    static let settleSeconds = 2.0

    private var entries: [Int32: Entry] = [:]
    private var byBucket: [Int: Set<Int32>] = [:]
    private var round = 0

    var count: Int { entries.count }

    func contains(_ slot: Int32) -> Bool { entries[slot] != nil }

    func hasEntries(in bucket: Int) -> Bool { byBucket[bucket] != nil }

    mutating func add(_ slot: Int32, graph: ServiceGraphBuilder, bucket: Int, now: Double) {
        remove(slot)
        entries[slot] = Entry(bucket: bucket, graph: graph, round: round, time: now)
        byBucket[bucket, default: []].insert(slot)
    }

    @discardableResult
    mutating func remove(_ slot: Int32) -> Entry? {
        guard let entry = entries.removeValue(forKey: slot) else { return nil }
        byBucket[entry.bucket]?.remove(slot)
        if byBucket[entry.bucket]?.isEmpty == true { byBucket[entry.bucket] = nil }
        return entry
    }

    mutating func removeAll(in bucket: Int) {
        for slot in byBucket.removeValue(forKey: bucket) ?? [] { entries[slot] = nil }
    }

    /// A minute's settled aggregate with its pending traces added, in slot order (the same
    /// traces always sum the same way).
    func merged(into settled: ServiceGraphBuilder, bucket: Int) -> ServiceGraphBuilder {
        guard let slots = byBucket[bucket] else { return settled }
        var builder = settled
        for slot in slots.sorted() { builder.merge(entries[slot]!.graph) }
        return builder
    }

    /// Ends a placement round and takes out the entries that have settled.
    mutating func settle(now: Double) -> [Entry] {
        round += 1
        let settled = entries.keys.filter { slot in
            round - entries[slot]!.round >= Self.settleRounds && now - entries[slot]!.time >= Self.settleSeconds
        }
        return settled.sorted().compactMap { remove($0) }
    }
}
