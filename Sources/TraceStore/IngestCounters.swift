import XRayModel

/// What happened to documents offered to the store.
public struct IngestCounters: Sendable, Hashable {
    public var added = 0
    public var replaced = 0
    public var unchanged = 0
    public var rejected = 0
    /// Traces pruned for retention, and to keep the database under its size limit.
    public var prunedByAge = 0
    public var prunedBySize = 0

    public init(added: Int = 0, replaced: Int = 0, unchanged: Int = 0, rejected: Int = 0) {
        self.added = added
        self.replaced = replaced
        self.unchanged = unchanged
        self.rejected = rejected
    }

    public var accepted: Int { added + replaced + unchanged }

    /// `, N traces pruned (age A, size S)` for the log line and status bar; empty when none.
    public var prunedSummary: String {
        guard prunedByAge + prunedBySize > 0 else { return "" }
        return ", \(prunedByAge + prunedBySize) traces pruned (age \(prunedByAge), size \(prunedBySize))"
    }

    mutating func count(_ outcome: TraceDocuments.InsertOutcome) {
        switch outcome {
        case .added: added += 1
        case .replaced: replaced += 1
        case .unchanged: unchanged += 1
        }
    }
}
