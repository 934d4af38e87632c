import XRayModel

/// What happened to documents offered to the store.
public struct IngestCounters: Sendable, Hashable {
    public var added = 0
    public var replaced = 0
    public var unchanged = 0
    public var rejected = 0

    public init(added: Int = 0, replaced: Int = 0, unchanged: Int = 0, rejected: Int = 0) {
        self.added = added
        self.replaced = replaced
        self.unchanged = unchanged
        self.rejected = rejected
    }

    public var accepted: Int { added + replaced + unchanged }

    mutating func count(_ outcome: TraceDocuments.InsertOutcome) {
        switch outcome {
        case .added: added += 1
        case .replaced: replaced += 1
        case .unchanged: unchanged += 1
        }
    }
}
