import XRayModel

/// Service-graph aggregates per minute of trace start. A graph for a window merges the
/// minutes that lie wholly inside it and adds the traces of the (at most two) minutes cut by
/// its edges one by one, so a map over a day merges 1,440 builders instead of re-adding every
/// trace. A minute's builder is dropped when one of its traces changes and rebuilt when a
/// window next needs it.
struct GraphBuckets: Sendable {
    static let width = 60.0

    /// Trace ids by bucket.
    private(set) var members: [Int: Set<String>] = [:]
    private var builders: [Int: ServiceGraphBuilder] = [:]

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

    mutating func insert(_ id: String, into bucket: Int) {
        members[bucket, default: []].insert(id)
        builders[bucket] = nil
    }

    mutating func remove(_ id: String, from bucket: Int) {
        members[bucket]?.remove(id)
        if members[bucket]?.isEmpty == true { members[bucket] = nil }
        builders[bucket] = nil
    }

    func builder(for bucket: Int) -> ServiceGraphBuilder? { builders[bucket] }

    mutating func store(_ builder: ServiceGraphBuilder, for bucket: Int) { builders[bucket] = builder }
}
