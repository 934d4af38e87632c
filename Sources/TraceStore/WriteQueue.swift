import XRayModel

/// Changes waiting for the batch writer. Documents are keyed by document, so one replaced
/// several times between two flushes is written once, in its latest version; rows are named,
/// and taken as they are at write time. (Graph minutes wait in `GraphBuckets`.)
struct WriteQueue: Sendable {
    struct Key: Sendable, Hashable {
        var traceID: String
        var id: String
    }

    private(set) var documents: [Key: String] = [:]
    /// Traces whose row changed.
    private(set) var rows: Set<String> = []
    /// Trace numbers to delete (retention, size), with their documents.
    private(set) var deletions: Set<Int64> = []

    var isEmpty: Bool { documents.isEmpty && rows.isEmpty && deletions.isEmpty }

    /// Traces with documents not yet written.
    var traceIDs: Set<String> { Set(documents.keys.map(\.traceID)) }

    mutating func upsert(_ document: StoredDocument) {
        documents[Key(traceID: document.traceID, id: document.id)] = document.raw
    }

    /// Room for this many more documents and rows.
    mutating func reserveCapacity(_ more: Int) {
        documents.reserveCapacity(documents.count + more)
        rows.reserveCapacity(rows.count + more)
    }

    mutating func rowChanged(_ traceID: String) { rows.insert(traceID) }

    mutating func delete(traceIDs: Set<String>, numbers: [Int64]) {
        guard !traceIDs.isEmpty else { return }
        deletions.formUnion(numbers)
        rows.subtract(traceIDs)
        documents = documents.filter { !traceIDs.contains($0.key.traceID) }
    }

    mutating func take() -> WriteQueue {
        defer { self = WriteQueue() }
        return self
    }

    /// Puts back what a failed write took, without undoing what was queued while it was
    /// tried: a newer version of a document wins.
    mutating func restore(_ taken: WriteQueue, deletedSince: (String) -> Bool) {
        for (key, raw) in taken.documents where documents[key] == nil && !deletedSince(key.traceID) {
            documents[key] = raw
        }
        rows.formUnion(taken.rows.filter { !deletedSince($0) })
        deletions.formUnion(taken.deletions)
    }
}

/// One transaction's worth of changes, handed to the writer off the actor.
struct WriteBatch: Sendable {
    struct Document: Sendable {
        var trace: Int64
        var id: String
        var raw: String
    }

    /// A trace row with its texts, as the `trace` table holds them.
    struct Row: Sendable {
        var row: TraceRow
        var method: String?
        var url: String?
        var clientIP: String?
        var userAgent: String?
    }

    var documents: [Document] = []
    var rows: [Row] = []
    var deletions: [Int64] = []
    var terms: [(id: UInt32, term: Term)] = []
    /// nil: the minute has no aggregate any more.
    var graphs: [(bucket: Int, builder: ServiceGraphBuilder?)] = []
}

/// What the batch writer has done, for metrics and the status bar.
public struct PersistenceCounters: Sendable, Hashable {
    /// Documents accepted but not yet written.
    public var pending = 0
    /// Documents written since the store was opened.
    public var written = 0
    /// Failed write attempts (each retried later).
    public var writeErrors = 0
    /// The last write error, until a write succeeds again.
    public var lastError: String?

    public init(pending: Int = 0, written: Int = 0, writeErrors: Int = 0, lastError: String? = nil) {
        self.pending = pending
        self.written = written
        self.writeErrors = writeErrors
        self.lastError = lastError
    }
}
