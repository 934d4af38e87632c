/// Every trace's row, in slots that stay put while the trace lives (the order index refers to
/// them), with a map from trace id to slot. Freed slots are reused.
struct TraceTable: Sendable {
    private(set) var rows: [TraceRow?] = []
    private var slots: [String: Int32] = [:]
    private var free: [Int32] = []

    var count: Int { slots.count }

    func slot(of id: String) -> Int32? { slots[id] }

    func row(_ id: String) -> TraceRow? { slots[id].flatMap { rows[Int($0)] } }

    subscript(slot: Int32) -> TraceRow { rows[Int(slot)]! }

    /// Stores a trace's row, in its slot if it has one; returns the slot.
    @discardableResult
    mutating func put(_ row: TraceRow) -> Int32 {
        if let slot = slots[row.id] {
            rows[Int(slot)] = row
            return slot
        }
        let slot: Int32
        if let reused = free.popLast() {
            slot = reused
            rows[Int(slot)] = row
        } else {
            slot = Int32(rows.count)
            rows.append(row)
        }
        slots[row.id] = slot
        return slot
    }

    @discardableResult
    mutating func remove(_ id: String) -> TraceRow? {
        guard let slot = slots.removeValue(forKey: id) else { return nil }
        let row = rows[Int(slot)]
        rows[Int(slot)] = nil
        free.append(slot)
        return row
    }

    mutating func reserveCapacity(_ count: Int) {
        rows.reserveCapacity(count)
        slots.reserveCapacity(count)
    }
}
