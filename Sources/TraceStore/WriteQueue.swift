import XRayModel

/// Changes waiting for the batch writer. Keyed by document, so a document replaced several
/// times between two flushes is written once, in its latest version.
struct WriteQueue: Sendable {
    struct Key: Sendable, Hashable {
        var traceID: String
        var id: String
    }

    private(set) var upserts: [Key: String] = [:]
    /// Traces to delete (retention).
    private(set) var deletions: Set<String> = []

    var isEmpty: Bool { upserts.isEmpty && deletions.isEmpty }

    mutating func upsert(_ document: StoredDocument) {
        upserts[Key(traceID: document.traceID, id: document.id)] = document.raw
    }

    mutating func delete(traceIDs: [String]) {
        guard !traceIDs.isEmpty else { return }
        let dropped = Set(traceIDs)
        deletions.formUnion(dropped)
        upserts = upserts.filter { !dropped.contains($0.key.traceID) }
    }

    mutating func take() -> WriteBatch {
        defer { self = WriteQueue() }
        return WriteBatch(
            upserts: upserts.map { WriteBatch.Row(traceID: $0.key.traceID, id: $0.key.id, raw: $0.value) },
            deletions: Array(deletions))
    }

    /// Puts back a batch that failed, without undoing what was queued while it was tried: a
    /// newer version of a document wins, and a trace deleted since stays deleted.
    mutating func restore(_ batch: WriteBatch) {
        for row in batch.upserts where !deletions.contains(row.traceID) {
            let key = Key(traceID: row.traceID, id: row.id)
            if upserts[key] == nil { upserts[key] = row.raw }
        }
        deletions.formUnion(batch.deletions)
    }
}

/// One transaction's worth of changes, handed to the writer off the actor.
struct WriteBatch: Sendable {
    struct Row: Sendable {
        var traceID: String
        var id: String
        var raw: String
    }

    var upserts: [Row]
    var deletions: [String]
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
