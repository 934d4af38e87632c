/// Every trace in the order GetTraceSummaries lists them, oldest first: by the summary's start
/// time, then id. A window query is a binary search and a walk backwards, newest first.
///
/// Windows select by the trace's own start, which is the summary's start except when a
/// subsegment began before every segment (clock skew, or a segment not yet received). Those
/// few traces are remembered with their skew, so a search can widen its upper end by the
/// largest one and still check each candidate exactly.
struct TraceOrder: Sendable {
    struct Key: Sendable, Hashable, Comparable {
        var start: Double
        var id: String
        /// Where the trace's row is in `TraceTable`, so a scan reads rows without hashing ids.
        var slot: Int32 = 0

        static func < (lhs: Key, rhs: Key) -> Bool { (lhs.start, lhs.id) < (rhs.start, rhs.id) }
    }

    private(set) var keys: [Key] = []
    /// Summary start minus trace start, for the traces where it is not zero.
    private(set) var skews: [String: Double] = [:]

    var count: Int { keys.count }
    var maxSkew: Double { max(0, skews.values.max() ?? 0) }

    /// Moves, adds and removes traces. Traces mostly arrive, and change, near the newest end
    /// of the order, so work is kept to that end: a few removals each shift what follows them
    /// (little, near that end; pruning the oldest shifts everything, once a key), and the new keys, sorted among themselves, are merged into the tail from the first of
    /// them on (usually an append). Re-sorting the whole order for each batch, or hashing
    /// every id in it to find the removed ones, took most of an import's single-core time
    /// once the store held a few hundred thousand traces. Many removals at once (retention
    /// dropping an hour) take one pass.
    mutating func update(removing old: [Key], inserting new: [(key: Key, skew: Double)]) {
        for key in old { skews[key.id] = nil }
        for (key, skew) in new where skew != 0 { skews[key.id] = skew }
        if old.count <= 256 {
            for key in old {
                let position = lowerBound(key)
                if position < keys.count, keys[position] == key { keys.remove(at: position) }
            }
        } else {
            let removed = Set(old.map(\.id))
            keys.removeAll { removed.contains($0.id) }
        }
        let added = new.map(\.key).sorted()
        guard let first = added.first else { return }
        let tail = lowerBound(first)
        if tail == keys.count {
            keys.append(contentsOf: added)
        } else {
            keys.replaceSubrange(tail..., with: Self.merge(keys[tail...], added))
        }
    }

    private static func merge(_ a: ArraySlice<Key>, _ b: [Key]) -> [Key] {
        var merged: [Key] = []
        merged.reserveCapacity(a.count + b.count)
        var (i, j) = (a.startIndex, 0)
        while i < a.endIndex && j < b.count {
            if b[j] < a[i] {
                merged.append(b[j])
                j += 1
            } else {
                merged.append(a[i])
                i += 1
            }
        }
        merged.append(contentsOf: a[i...])
        merged.append(contentsOf: b[j...])
        return merged
    }

    /// Start-up: every row at once. Sorted as plain numbers and slots, the ids looked at only
    /// for equal starts: sorting the keys themselves moves an id (a reference count) at every
    /// step, which a profile of a million-row start showed among its largest costs.
    mutating func load(_ rows: [TraceRow]) {
        var order = rows.indices.map { (start: rows[$0].start, slot: Int32($0)) }
        order.sort { a, b in a.start != b.start ? a.start < b.start : rows[Int(a.slot)].id < rows[Int(b.slot)].id }
        keys = order.map { Key(start: $0.start, id: rows[Int($0.slot)].id, slot: $0.slot) }
        skews = [:]
        // By index: a loop over the rows would copy each (retaining its id and terms).
        for slot in rows.indices where rows[slot].skew != 0 { skews[rows[slot].id] = rows[slot].skew }
    }

    /// The first position whose key is not below `key`.
    func lowerBound(_ key: Key) -> Int {
        partition { !($0 < key) }
    }

    /// The first position whose start is at or after `start`.
    func firstPosition(startingAtOrAfter start: Double) -> Int {
        partition { $0.start >= start }
    }

    /// The first position whose start is after `start`.
    func firstPosition(startingAfter start: Double) -> Int {
        partition { $0.start > start }
    }

    /// The first position where `isAbove` holds; it must hold for every later one too.
    private func partition(_ isAbove: (Key) -> Bool) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if isAbove(keys[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
