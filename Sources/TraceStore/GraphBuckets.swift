import XRayModel

/// Service-graph aggregates per minute of trace start. A graph for a window merges the
/// minutes that lie wholly inside it and adds the traces of the (at most two) minutes cut by
/// its edges one by one, so a map over a day merges 1,440 aggregates and assembles no trace
/// but those of its edges.
///
/// A new trace is added to its minute's aggregate as it is placed. A trace that changes or
/// goes away cannot be taken out of one, so that minute's aggregate is dropped and made again
/// from its traces when a window next needs it. Aggregates are written to the database
/// (`graph_minute`) with the traces, so they outlive the process.
struct GraphBuckets: Sendable {
    static let width = 60.0
    /// Aggregates kept in memory beyond those of the last hour, once they are stored.
    static let memoryLimit = 1_500

    /// Traces by bucket, as their slots in the `TraceTable` (integers hash faster than ids).
    private(set) var members: [Int: Set<Int32>] = [:]
    private var builders: [Int: ServiceGraphBuilder] = [:]
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

    /// Places a trace that is new (`old` nil) or changed, adding it to its minute's aggregate
    /// when that is exact: the minute was empty, or its aggregate is at hand.
    /// `graph` is the trace's own aggregate (made beside its row, on any core), merged into
    /// the minute's: the same as adding the trace to it.
    mutating func place(
        _ slot: Int32, graph: ServiceGraphBuilder, from old: Int?, to bucket: Int, storage: DocumentDatabase?
    ) {
        if let old { remove(slot, from: old) }
        let wasEmpty = members[bucket] == nil
        members[bucket, default: []].insert(slot)
        guard old == nil else { return invalidate(bucket) }
        if wasEmpty {
            builders[bucket] = graph
        } else if builders[bucket] == nil, stored.contains(bucket),
            let storedBuilder = try? storage?.graph(minute: bucket)
        {
            builders[bucket] = storedBuilder
            builders[bucket]!.merge(graph)
        } else if builders[bucket] != nil {
            builders[bucket]!.merge(graph)
        } else {
            return invalidate(bucket)
        }
        stored.remove(bucket)
        changed.insert(bucket)
    }

    mutating func remove(_ slot: Int32, from bucket: Int) {
        members[bucket]?.remove(slot)
        if members[bucket]?.isEmpty == true { members[bucket] = nil }
        invalidate(bucket)
    }

    private mutating func invalidate(_ bucket: Int) {
        builders[bucket] = nil
        stored.remove(bucket)
        changed.insert(bucket)
    }

    /// True when the bucket has traces but no aggregate anywhere.
    func lacksBuilder(_ bucket: Int) -> Bool {
        members[bucket] != nil && builders[bucket] == nil && !stored.contains(bucket)
    }

    /// A bucket's aggregate if it is at hand: in memory, or read from the database.
    mutating func builder(for bucket: Int, storage: DocumentDatabase?) -> ServiceGraphBuilder? {
        if let builder = builders[bucket] { return builder }
        guard stored.contains(bucket), let builder = try? storage?.graph(minute: bucket) else { return nil }
        builders[bucket] = builder
        return builder
    }

    /// Keeps an aggregate made again from its traces, to be written.
    mutating func store(_ builder: ServiceGraphBuilder, for bucket: Int) {
        builders[bucket] = builder
        changed.insert(bucket)
    }

    var hasChanges: Bool { !changed.isEmpty }

    /// The buckets to write, each with its aggregate (nil: delete the stored one).
    mutating func takeChanged() -> [(bucket: Int, builder: ServiceGraphBuilder?)] {
        defer { changed = [] }
        return changed.map { ($0, builders[$0]) }
    }

    /// After a write: these buckets' aggregates are in the database, unless they changed
    /// again meanwhile. Old ones leave memory once there are many (they are read back when a
    /// window needs them).
    mutating func written(_ buckets: [(bucket: Int, builder: ServiceGraphBuilder?)]) {
        for (bucket, builder) in buckets where builder != nil && !changed.contains(bucket) && builders[bucket] != nil {
            stored.insert(bucket)
        }
        guard builders.count > Self.memoryLimit, let newest = builders.keys.max() else { return }
        for bucket in builders.keys where stored.contains(bucket) && bucket < newest - 60 {
            builders[bucket] = nil
        }
    }

    /// After a failed write: the buckets are written next time.
    mutating func rewrite(_ buckets: [Int]) { changed.formUnion(buckets) }
}
