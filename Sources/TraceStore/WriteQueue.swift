import XRayModel

/// Changes waiting for the batch writer. Documents are kept by trace, then by document id, so
/// one replaced several times between two flushes is written once, in its latest version, and
/// what a write took is looked at trace by trace (a trace's row once, not once a document);
/// rows are named, and taken as they are at write time. (Graph minutes wait in `GraphBuckets`.)
struct WriteQueue: Sendable {
    /// Each trace's documents not yet written: their text (UTF-8) by document id.
    private(set) var documents: [String: [String: [UInt8]]] = [:]
    /// How many documents `documents` holds.
    private(set) var documentCount = 0
    /// Traces whose row changed.
    private(set) var rows: Set<String> = []
    /// Trace numbers to delete (retention, size), with their documents.
    private(set) var deletions: Set<Int64> = []

    var isEmpty: Bool { documents.isEmpty && rows.isEmpty && deletions.isEmpty }

    /// Room made for a trace's documents when its first comes in (a generated `shop` trace has
    /// 11 on average, half of them 2 or fewer).
    static let documentsPerTrace = 8

    /// Whether a document of this trace is waiting.
    func hasDocuments(of traceID: String) -> Bool { documents[traceID] != nil }

    mutating func upsert(_ document: StoredDocument) {
        // Sized for a trace's documents from the start: grown from one, a trace's table was
        // made again as it grew (its resizing showed in the collector's profile).
        if documents[document.traceID, default: Dictionary(minimumCapacity: Self.documentsPerTrace)]
            .updateValue(document.bytes, forKey: document.id) == nil
        {
            documentCount += 1
        }
    }

    /// Room for this many more documents (each may be of a new trace) and rows.
    mutating func reserveCapacity(_ more: Int) {
        documents.reserveCapacity(documents.count + more)
        rows.reserveCapacity(rows.count + more)
    }

    mutating func rowChanged(_ traceID: String) { rows.insert(traceID) }

    mutating func delete(traceIDs: Set<String>, numbers: [Int64]) {
        guard !traceIDs.isEmpty else { return }
        deletions.formUnion(numbers)
        rows.subtract(traceIDs)
        for traceID in traceIDs {
            documentCount -= documents.removeValue(forKey: traceID)?.count ?? 0
        }
    }

    mutating func take() -> WriteQueue {
        defer { self = WriteQueue() }
        return self
    }

    /// Puts back what a failed write took, without undoing what was queued while it was
    /// tried: a newer version of a document wins.
    mutating func restore(_ taken: WriteQueue, deletedSince: (String) -> Bool) {
        for (traceID, byID) in taken.documents where !deletedSince(traceID) {
            for (id, raw) in byID where documents[traceID]?[id] == nil {
                documents[traceID, default: [:]][id] = raw
                documentCount += 1
            }
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
        /// The document's text, UTF-8.
        var bytes: [UInt8]
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
