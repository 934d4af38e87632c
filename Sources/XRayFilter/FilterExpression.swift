import XRayModel

/// A parsed and compiled filter expression. Parse once, then call `matches` per trace: the
/// compiled predicate reads the trace summary, and asks for the assembled trace only for the
/// parts the summary cannot answer (`service()`, `edge()`, `inferred`, `message`).
public struct FilterExpression: Sendable {
    public let source: String
    public let root: FilterNode
    /// Whether evaluation needs the assembled trace, not just its summary.
    public let needsTrace: Bool
    private let predicate: TracePredicate

    /// - Parameter groups: the groups `group.name` and `group.arn` are resolved against.
    public init(parsing source: String, groups: [API.GroupSummary] = []) throws(FilterError) {
        var parser = try FilterParser(source, groups: groups)
        self.source = source
        self.root = try parser.parseAll()
        self.needsTrace = root.needsTrace
        self.predicate = FilterCompiler.trace(root)
    }

    /// - Parameter trace: called only when the expression needs the trace (see `needsTrace`).
    ///   Forms that need it call it each time, so the caller should hand out a cached trace.
    public func matches(_ summary: API.TraceSummary, trace: () -> Trace) -> Bool {
        predicate(summary, trace)
    }

    public func matches(_ trace: Trace) -> Bool {
        matches(API.TraceSummary(trace: trace)) { trace }
    }
}

extension FilterNode {
    var needsTrace: Bool {
        switch self {
        case .and(let a, let b), .or(let a, let b): return a.needsTrace || b.needsTrace
        case .not(let a): return a.needsTrace
        case .flag(let flag, _): return flag == .inferred
        case .text(let keyword, _): return keyword == .message
        case .service, .edge: return true
        case .number, .annotation, .rootCause, .rootCauseJSON: return false
        }
    }
}
