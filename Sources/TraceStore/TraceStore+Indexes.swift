import XRayModel

extension TraceStore {
    /// Places traces changed since the last read in `order` and `graphBuckets`. Their positions
    /// depend on the assembled trace (its earliest span, its earliest segment), so this is where
    /// they are assembled: once per changed trace per read, however many documents came in.
    func placeChangedTraces() {
        guard !unplaced.isEmpty else { return }
        var removed: [TraceOrder.Key] = []
        var inserted: [(key: TraceOrder.Key, skew: Double)] = []
        for id in unplaced {
            if let old = placements.removeValue(forKey: id) {
                removed.append(old.key)
                graphBuckets.remove(id, from: old.bucket)
            }
            guard documents[id] != nil else { continue }
            let entry = entry(for: id)
            let placement = TracePlacement(trace: entry.trace, summary: entry.summary)
            placements[id] = placement
            inserted.append((placement.key, placement.skew))
            graphBuckets.insert(id, into: placement.bucket)
        }
        unplaced = []
        order.update(removing: removed, inserting: inserted)
    }

    /// Drops traces from memory and every index (retention), and from the database when
    /// there is one.
    func remove(traceIDs: [String]) {
        var removed: [TraceOrder.Key] = []
        for id in traceIDs {
            documents[id] = nil
            assembled[id] = nil
            unplaced.remove(id)
            if let old = placements.removeValue(forKey: id) {
                removed.append(old.key)
                graphBuckets.remove(id, from: old.bucket)
            }
        }
        order.update(removing: removed, inserting: [])
        storage?.queue.delete(traceIDs: traceIDs)
    }

    /// Ids of traces that start before `cutoff`: a walk from the oldest, as far as the largest
    /// skew lets a trace start earlier than its position says.
    func traceIDs(startingBefore cutoff: Double) -> [String] {
        placeChangedTraces()
        let end = order.firstPosition(startingAfter: order.maxSkew == 0 ? cutoff : widened(cutoff))
        return order.keys[..<end].compactMap { key in
            placements[key.id]!.traceStart < cutoff ? key.id : nil
        }
    }

    /// A time moved later by the largest skew, plus a few ulps for the rounding in the sum.
    func widened(_ time: Double) -> Double {
        (time + order.maxSkew).nextUp.nextUp.nextUp
    }
}
