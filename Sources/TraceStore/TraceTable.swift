/// Every trace's row, in slots that stay put while the trace lives (the order index and the
/// graph minutes refer to them), with a map from trace id to slot. A freed slot holds a row
/// with an empty id until it is reused. Rows are read in place (`rows[slot].field`), never
/// copied whole in a scan: a copy retains the id and the terms.
struct TraceTable: Sendable {
    private(set) var rows: [TraceRow] = []
    private var slots: [String: Int32] = [:]
    private var free: [Int32] = []

    var count: Int { slots.count }

    func slot(of id: String) -> Int32? { slots[id] }

    func row(_ id: String) -> TraceRow? { slots[id].map { rows[Int($0)] } }

    subscript(slot: Int32) -> TraceRow { rows[Int(slot)] }

    /// Start-up: rows read from the database, whose ids are distinct; their slots are their
    /// positions, as `slots(of:)` made them (on another core, while the order is sorted).
    mutating func load(_ loaded: [TraceRow], slots: [String: Int32]) {
        precondition(rows.isEmpty, "rows are loaded into an empty table")
        rows = loaded
        self.slots = slots
    }

    static func slots(of rows: [TraceRow]) -> [String: Int32] {
        var slots: [String: Int32] = [:]
        slots.reserveCapacity(rows.count)
        for slot in rows.indices { slots[rows[slot].id] = Int32(slot) }
        return slots
    }

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
    mutating func remove(_ id: String) -> (row: TraceRow, slot: Int32)? {
        guard let slot = slots.removeValue(forKey: id) else { return nil }
        let row = rows[Int(slot)]
        rows[Int(slot)] = .free
        free.append(slot)
        return (row, slot)
    }
}

extension TraceRow {
    /// What a freed slot holds.
    static let free = TraceRow(
        id: "", number: 0, start: 0, traceStart: 0, traceEnd: 0, duration: .nan, rootStart: .nan, rootDuration: .nan,
        httpStatus: -1, flags: [], revision: 0, method: 0, url: 0, clientIP: 0, userAgent: 0, terms: [])

    var isFree: Bool { id.isEmpty }
}
