import Testing

@testable import TraceStore

/// The start order against a plain sorted array, over batches shaped as the store makes them:
/// new traces at the newest end, some older ones, traces moved to a new start, small and large
/// removals.
struct TraceOrderTests {
    /// A fixed sequence, so a failure repeats.
    struct Sequence {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test func updatesKeepTheOrderOfASortedArray() {
        var order = TraceOrder()
        var reference: [TraceOrder.Key] = []
        var random = Sequence(state: 42)
        var nextID = 0
        var newest = 0.0
        for round in 0..<60 {
            var removed: [TraceOrder.Key] = []
            // Mostly a few, sometimes many (retention).
            let removals = round % 10 == 9 ? reference.count / 3 : random.next(5)
            for _ in 0..<min(removals, reference.count) {
                removed.append(reference.remove(at: random.next(reference.count)))
            }
            var inserted: [(key: TraceOrder.Key, skew: Double)] = []
            // Moved traces come back with a later start.
            for key in removed.prefix(2) {
                inserted.append((TraceOrder.Key(start: key.start + 30, id: key.id), 0))
            }
            for _ in 0..<(1 + random.next(round % 7 == 0 ? 2_000 : 40)) {
                let start = random.next(4) == 0 ? Double(random.next(Int(newest) + 1)) : newest + Double(random.next(3))
                newest = max(newest, start)
                inserted.append((TraceOrder.Key(start: start, id: "trace-\(nextID)"), 0))
                nextID += 1
            }
            order.update(removing: removed, inserting: inserted)
            reference.append(contentsOf: inserted.map(\.key))
            reference.sort()
            #expect(order.keys.map(\.id) == reference.map(\.id), "round \(round)")
        }
        #expect(order.count > 1_000)
    }
}
