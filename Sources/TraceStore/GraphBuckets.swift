import XRayModel

/// Service-graph aggregates per minute of trace start. A graph for a window merges the
/// minutes that lie wholly inside it and adds the traces of the (at most two) minutes cut by
/// its edges one by one, so a map over a day merges 1,440 aggregates and assembles no trace
/// but those of its edges.
///
/// A new trace's own aggregate waits beside its minute's (`PendingGraphs`) until the trace
/// settles, and is then merged into it; until then a change to the trace replaces it. A
/// settled trace that changes or goes away cannot be taken out of its minute's aggregate, so
/// that aggregate is dropped and made again from its traces when a window next needs it.
/// Aggregates, with their pending traces, are written to the database (`graph_minute`) with
/// the traces, so they outlive the process.
struct GraphBuckets: Sendable {
    static let width = 60.0
    /// Aggregates kept in memory beyond those of the last hour, once they are stored.
    static let memoryLimit = 1_500

    /// Traces by bucket, as their slots in the `TraceTable` (integers hash faster than ids).
    private(set) var members: [Int: Set<Int32>] = [:]
    /// The aggregates of each minute's settled traces. A minute with pending traces keeps its
    /// aggregate here (never only in the database, which holds the whole minute's).
    private var builders: [Int: ServiceGraphBuilder] = [:]
    private(set) var pending = PendingGraphs()
    /// Buckets whose aggregate in the database is up to date.
    private(set) var stored: Set<Int> = []
    /// Buckets whose aggregate changed or went away since the last write.
    private var changed: Set<Int> = []

    /// The bucket whose half-open minute `[width * b, width * (b + 1))` holds `time`. Checked
    /// by multiplying back, so that a time just below a minute's start, which division can
    /// round up, still lands in the minute before. Far-off times (an unbounded window) are
    /// clamped to buckets no trace has.
    static func bucket(containing time: Double) -> Int {
        let limit = 1e15
        let clamped = time.isNaN ? 0 : min(max(time, -limit), limit)
        var bucket = Int((clamped / width).rounded(.down))
        if start(of: bucket) > clamped { bucket -= 1 }
        if start(of: bucket + 1) <= clamped { bucket += 1 }
        return bucket
    }

    static func start(of bucket: Int) -> Double { Double(bucket) * width }

    /// True when every time the bucket can hold is inside the window.
    static func isInside(_ bucket: Int, _ window: TimeWindow) -> Bool {
        start(of: bucket) >= window.start && start(of: bucket + 1) <= window.end
    }

    /// The buckets holding traces that a window can select, oldest first.
    func buckets(touching window: TimeWindow) -> [Int] {
        guard window.start <= window.end else { return [] }
        let first = Self.bucket(containing: window.start)
        let last = Self.bucket(containing: window.end)
        return members.keys.filter { $0 >= first && $0 <= last }.sorted()
    }

    /// Start-up: a trace read from the database, and the minutes it has aggregates for.
    mutating func load(_ slot: Int32, into bucket: Int) { members[bucket, default: []].insert(slot) }

    mutating func loadStored(_ minutes: Set<Int>) { stored = minutes.filter { members[$0] != nil } }

    /// Places a trace that is new (`old` nil) or changed. `graph` is the trace's own
    /// aggregate (made beside its row, on any core). A new or still pending trace waits as
    /// pending when its minute's aggregate is at hand (the minute was empty, or its aggregate
    /// is in memory or stored); a settled trace that changed drops its minutes' aggregates.
    mutating func place(
        _ slot: Int32, graph: ServiceGraphBuilder, from old: Int?, to bucket: Int, now: Double,
        storage: DocumentDatabase?
    ) {
        if let old {
            guard pending.remove(slot) != nil else {
                remove(slot, from: old)
                members[bucket, default: []].insert(slot)
                return invalidate(bucket)
            }
            // Never merged into its minute's aggregate: only its own one changes.
            members[old]?.remove(slot)
            if members[old]?.isEmpty == true {
                members[old] = nil
                invalidate(old)
            } else {
                touch(old)
            }
        }
        let isNew = members[bucket] == nil
        members[bucket, default: []].insert(slot)
        guard holdsBuilder(bucket, isNew: isNew, storage: storage) else { return invalidate(bucket) }
        pending.add(slot, graph: graph, bucket: bucket, now: now)
        touch(bucket)
    }

    /// Makes sure the aggregate of the minute's settled traces is in memory: an empty one for a
    /// minute with no other trace, or the stored one (a stored minute has no pending traces).
    /// False when there is none: the minute is made again from its traces when needed.
    private mutating func holdsBuilder(_ bucket: Int, isNew: Bool, storage: DocumentDatabase?) -> Bool {
        if builders[bucket] != nil { return true }
        if isNew {
            builders[bucket] = ServiceGraphBuilder()
            return true
        }
        guard stored.contains(bucket), let storedBuilder = try? storage?.graph(minute: bucket) else { return false }
        builders[bucket] = storedBuilder
        return true
    }

    /// Ends a placement round: traces that have settled join their minute's aggregate (which
    /// does not change the minute's whole aggregate, so nothing is written again).
    mutating func settle(now: Double) {
        for entry in pending.settle(now: now) where builders[entry.bucket] != nil {
            builders[entry.bucket]!.merge(entry.graph)
        }
    }

    mutating func remove(_ slot: Int32, from bucket: Int) {
        members[bucket]?.remove(slot)
        if members[bucket]?.isEmpty == true { members[bucket] = nil }
        if pending.remove(slot) != nil, members[bucket] != nil {
            touch(bucket)
        } else {
            invalidate(bucket)
        }
    }

    /// The minute's whole aggregate changed, and is to be written again.
    private mutating func touch(_ bucket: Int) {
        stored.remove(bucket)
        changed.insert(bucket)
    }

    private mutating func invalidate(_ bucket: Int) {
        builders[bucket] = nil
        pending.removeAll(in: bucket)
        stored.remove(bucket)
        changed.insert(bucket)
    }

    /// True when the bucket has traces but no aggregate anywhere.
    func lacksBuilder(_ bucket: Int) -> Bool {
        members[bucket] != nil && builders[bucket] == nil && !stored.contains(bucket)
    }

    /// A bucket's whole aggregate if it is at hand: in memory with its pending traces, or
    /// read from the database.
    mutating func builder(for bucket: Int, storage: DocumentDatabase?) -> ServiceGraphBuilder? {
        if let builder = builders[bucket] { return pending.merged(into: builder, bucket: bucket) }
        guard stored.contains(bucket), let builder = try? storage?.graph(minute: bucket) else { return nil }
        builders[bucket] = builder
        return builder
    }

    /// Keeps an aggregate made again from all its traces (the pending ones included, so they
    /// are settled now), to be written.
    mutating func store(_ builder: ServiceGraphBuilder, for bucket: Int) {
        builders[bucket] = builder
        pending.removeAll(in: bucket)
        changed.insert(bucket)
    }

    var hasChanges: Bool { !changed.isEmpty }

    /// The buckets to write, each with its aggregate (nil: delete the stored one).
    mutating func takeChanged() -> [(bucket: Int, builder: ServiceGraphBuilder?)] {
        defer { changed = [] }
        return changed.map { bucket in (bucket, builders[bucket].map { pending.merged(into: $0, bucket: bucket) }) }
    }

    /// After a write: these buckets' aggregates are in the database, unless they changed
    /// again meanwhile. Old ones leave memory once there are many (they are read back when a
    /// window needs them).
    mutating func written(_ buckets: [(bucket: Int, builder: ServiceGraphBuilder?)]) {
        for (bucket, builder) in buckets where builder != nil && !changed.contains(bucket) && builders[bucket] != nil {
            stored.insert(bucket)
        }
        guard builders.count > Self.memoryLimit, let newest = builders.keys.max() else { return }
        for bucket in builders.keys
        where stored.contains(bucket) && bucket < newest - 60 && !pending.hasEntries(in: bucket) {
            builders[bucket] = nil
        }
    }

    /// After a failed write: the buckets are written next time.
    mutating func rewrite(_ buckets: [Int]) { changed.formUnion(buckets) }
}
