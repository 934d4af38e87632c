/// The documents received for one trace, one version per document id. Documents may arrive in
/// any order and more than once: which version is kept depends only on the versions, never on
/// the order they came in (see `SegmentDocument.isPreferred(over:)`).
public struct TraceDocuments: Sendable, Hashable {
    public enum InsertOutcome: Sendable, Hashable {
        case added
        case replaced
        /// A duplicate, or an older version (an in-progress document after the complete one).
        case unchanged
    }

    public let traceID: String
    public private(set) var byID: [String: StoredDocument] = [:]
    /// Counts accepted changes, like the `Revision` X-Ray reports in trace summaries.
    public private(set) var revision = 0

    public init(traceID: String) {
        self.traceID = traceID
    }

    public init(traceID: String, documents: some Sequence<StoredDocument>) {
        self.traceID = traceID
        for document in documents { insert(document) }
    }

    /// Documents read back from a store, with the revision the store recorded for them.
    public init(traceID: String, stored documents: some Sequence<StoredDocument>, revision: Int) {
        self.init(traceID: traceID, documents: documents)
        self.revision = max(revision, self.revision)
    }

    @discardableResult
    public mutating func insert(_ stored: StoredDocument) -> InsertOutcome {
        guard let existing = byID[stored.id] else {
            byID[stored.id] = stored
            revision += 1
            return .added
        }
        guard stored.isPreferred(over: existing) else { return .unchanged }
        byID[stored.id] = stored
        revision += 1
        return .replaced
    }

    public var isEmpty: Bool { byID.isEmpty }
    public var count: Int { byID.count }

    public func assemble() -> Trace {
        Trace(id: traceID, documents: Array(byID.values), revision: revision)
    }
}

extension SegmentDocument {
    /// The order in which versions of one entity replace each other: a complete document
    /// beats an in-progress one; then the later end, then the one with more subsegments.
    /// Returns false on a tie, so the first seen is kept.
    func isPreferred(over other: SegmentDocument) -> Bool {
        if isComplete != other.isComplete { return isComplete }
        let mine = endTime ?? -.infinity
        let theirs = other.endTime ?? -.infinity
        if mine != theirs { return mine > theirs }
        return subsegments.count > other.subsegments.count
    }
}

extension StoredDocument {
    /// As `SegmentDocument.isPreferred`, with the text as the last tie-break (the greater in
    /// byte order wins) so that two different documents with one id settle the same way
    /// whatever order they arrive in.
    func isPreferred(over other: StoredDocument) -> Bool {
        if document.isPreferred(over: other.document) { return true }
        if other.document.isPreferred(over: document) { return false }
        return other.bytes.lexicographicallyPrecedes(bytes)
    }
}
