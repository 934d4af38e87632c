import Foundation
import XRayModel

extension TraceStore {
    /// Computes the rows of traces changed since the last read or write, and moves them in
    /// `order` and `graphBuckets`. Rows depend on the assembled trace (its earliest span, its
    /// summary), so this is where traces are assembled: once per changed trace, however many
    /// documents came in, on every core (assembly, summary, terms and the trace's graph are the
    /// bulk of the work and touch nothing shared); the indexes are then updated in turn.
    func placeChangedTraces() {
        guard !unplaced.isEmpty else { return }
        let round = unplaced.compactMap { resident[$0] }
        let keepsTraces = cachesPlacedTraces && cache.admits(round)
        let assembled = round.concurrentMap { documents in
            let trace = documents.assemble()
            // The row needs neither the root causes nor the lists (its terms are read off the
            // trace): a kept trace's are made when a reader first asks (`AssembledCache.Entry`),
            // which for most traces a collector places is never.
            let summary = API.TraceSummary(trace: trace, complete: false)
            return RowDraft(trace: trace, summary: summary, keepsTrace: keepsTraces)
        }
        var removed: [TraceOrder.Key] = []
        var inserted: [(key: TraceOrder.Key, skew: Double)] = []
        var invalidated: Set<Int> = []
        let now = ProcessInfo.processInfo.systemUptime
        for draft in assembled {
            let id = draft.id
            let old = table.row(id)
            if let entry = draft.assembled { cache.put(id, entry) }
            let row = draft.row(number: old?.number ?? takeNumber(), terms: &terms, texts: &texts)
            let slot = table.put(row)
            if let old {
                var key = old.key
                key.slot = slot
                removed.append(key)
            }
            var key = row.key
            key.slot = slot
            inserted.append((key, row.skew))
            graphBuckets.place(
                slot, graph: draft.graph, from: old?.graphBucket, to: row.graphBucket, now: now,
                storage: storage?.database)
            if let old { invalidated.formUnion([old.graphBucket, row.graphBucket]) }
            storage?.queue.rowChanged(id)
        }
        unplaced = []
        order.update(removing: removed, inserting: inserted)
        for bucket in invalidated where graphBuckets.lacksBuilder(bucket) { rebuildFromMemory(bucket) }
        graphBuckets.settle(now: now)
    }

    /// A minute's aggregate made again when most of its traces are in memory, as when a trace's
    /// documents came in two batches (an import cuts its file into blocks): cheaper now than
    /// reading all the minute's traces back when a map needs it.
    private func rebuildFromMemory(_ bucket: Int) {
        let members = graphBuckets.members[bucket] ?? []
        let onDisk = members.count { slot in
            let id = table[slot].id
            return !cache.contains(id) && resident[id] == nil
        }
        guard onDisk <= members.count / 4 else { return }
        graphBuckets.store(builderFromTraces(bucket), for: bucket)
    }

    private func takeNumber() -> Int64 {
        defer { nextNumber += 1 }
        return nextNumber
    }

    /// Drops traces from memory and every index (retention, size), and from the database when
    /// there is one.
    func remove(traceIDs: [String]) {
        var removed: [TraceOrder.Key] = []
        var numbers: [Int64] = []
        for id in traceIDs {
            resident[id] = nil
            cache.remove(id)
            unplaced.remove(id)
            guard let (row, slot) = table.remove(id) else { continue }
            var key = row.key
            key.slot = slot
            removed.append(key)
            numbers.append(row.number)
            graphBuckets.remove(slot, from: row.graphBucket)
        }
        order.update(removing: removed, inserting: [])
        storage?.queue.delete(traceIDs: Set(traceIDs), numbers: numbers)
    }

    /// Ids of traces that start before `cutoff`: a walk from the oldest, as far as the largest
    /// skew lets a trace start earlier than its position says.
    func traceIDs(startingBefore cutoff: Double) -> [String] {
        placeChangedTraces()
        let end = order.firstPosition(startingAfter: order.maxSkew == 0 ? cutoff : widened(cutoff))
        return order.keys[..<end].compactMap { key in
            table.rows[Int(key.slot)].traceStart < cutoff ? key.id : nil
        }
    }

    /// The `count` oldest traces by start (what `--max-db-size` drops first).
    func oldestTraceIDs(_ count: Int) -> [String] {
        placeChangedTraces()
        return order.keys.prefix(count).map(\.id)
    }

    /// A time moved later by the largest skew, plus a few ulps for the rounding in the sum.
    func widened(_ time: Double) -> Double {
        (time + order.maxSkew).nextUp.nextUp.nextUp
    }
}
