import XRayModel

/// Assembled traces and their summaries, bounded in bytes. Two generations: entries go into
/// the young one; when it is full it becomes the old one and the old one is dropped, and an
/// old entry that is used again moves back to the young one. So the recently used stay, the
/// cost is a dictionary look-up, and memory never passes the limit (by more than one entry).
struct AssembledCache: Sendable {
    struct Entry: Sendable {
        var trace: Trace
        var summary: API.TraceSummary
        /// Placing keeps a trace with the summary its row needs; the root causes and lists
        /// are made when a reader first asks for them (`completed()`).
        var isComplete: Bool

        /// The entry with its whole summary.
        func completed() -> Entry {
            isComplete ? self : Entry(trace: trace, summary: API.TraceSummary(trace: trace), isComplete: true)
        }
    }

    let limit: Int
    private var young: [String: Entry] = [:]
    private var old: [String: Entry] = [:]
    private var youngBytes = 0

    init(limit: Int) { self.limit = limit }

    mutating func get(_ id: String) -> Entry? {
        if let entry = young[id] { return entry }
        guard let entry = old.removeValue(forKey: id) else { return nil }
        put(id, entry)
        return entry
    }

    /// Whether the trace is cached, without counting it as used.
    func contains(_ id: String) -> Bool { young[id] != nil || old[id] != nil }

    mutating func put(_ id: String, _ entry: Entry) {
        let bytes = Self.estimatedBytes(entry.trace)
        guard bytes <= limit / 2 else { return }  // a giant trace is assembled each time instead
        if youngBytes + bytes > limit / 2 {
            old = young
            young = [:]
            youngBytes = 0
        }
        if young.updateValue(entry, forKey: id) == nil { youngBytes += bytes }
        old[id] = nil
    }

    mutating func remove(_ id: String) {
        young[id] = nil
        old[id] = nil
    }

    /// Whether the traces of one round of placing (all changed since the last) go in. A round
    /// larger than a sixteenth of the limit is a burst: it would push out, within a second or
    /// two, the traces readers use, and making and then dropping its entries took 7 % of the
    /// collector's CPU at 50,000 documents a second. A reader asking for one of its traces has
    /// it assembled then (and kept).
    func admits(_ round: [TraceDocuments]) -> Bool {
        var bytes = 0
        for documents in round {
            bytes += Self.estimatedBytes(textBytes: documents.byID.values.reduce(0) { $0 + $1.bytes.count })
            if bytes > limit / 16 { return false }
        }
        return true
    }

    /// The parsed documents, spans and summary take about four times the text they came from.
    static func estimatedBytes(_ trace: Trace) -> Int {
        estimatedBytes(textBytes: trace.documents.reduce(0) { $0 + $1.bytes.count })
    }

    private static func estimatedBytes(textBytes: Int) -> Int { 512 + textBytes * 4 }
}
