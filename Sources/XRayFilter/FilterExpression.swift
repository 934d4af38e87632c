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

    /// - Parameter trace: called at most once, only when the expression needs the trace.
    public func matches(_ summary: API.TraceSummary, trace: @escaping () -> Trace) -> Bool {
        predicate(FilterSubject(summary: summary, trace: trace))
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

/// What one evaluation looks at: the summary always, the trace and its calls on demand.
final class FilterSubject {
    let summary: API.TraceSummary
    private let loadTrace: () -> Trace

    init(summary: API.TraceSummary, trace: @escaping () -> Trace) {
        self.summary = summary
        self.loadTrace = trace
    }

    lazy var trace: Trace = loadTrace()
    lazy var graph = TraceGraphFacts(trace)
}

/// The nodes and edges of one trace, each with the documents a filter block is evaluated on:
/// a service node's segments, an inferred node's calls, an edge's caller subsegments.
struct TraceGraphFacts {
    struct Entry {
        var document: SegmentDocument
        /// Exceptions recorded on the entry and, for a segment, on its subsegments.
        var exceptions: [ExceptionRecord]
    }

    struct Node {
        var key: ServiceKey
        var accountID: String?
        var inferred: Bool
        var root: Bool
        var entries: [Entry] = []
    }

    struct Edge {
        var from: ServiceKey
        var to: ServiceKey
        var calls: [Entry] = []
    }

    var nodes: [Node] = []
    var edges: [Edge] = []

    init(_ trace: Trace) {
        var nodeIndex: [ServiceKey: Int] = [:]
        func node(_ key: ServiceKey, inferred: Bool) -> Int {
            if let index = nodeIndex[key] { return index }
            nodes.append(Node(key: key, inferred: inferred, root: false))
            nodeIndex[key] = nodes.count - 1
            return nodes.count - 1
        }
        var exceptionsBySegment: [Int: [ExceptionRecord]] = [:]
        for span in trace.spans {
            if let segment = span.segmentIndex, !span.document.exceptions.isEmpty {
                exceptionsBySegment[segment, default: []] += span.document.exceptions
            }
        }
        for (index, span) in trace.spans.enumerated() where span.isSegment {
            let at = node(trace.serviceKey(ofSegment: span), inferred: false)
            nodes[at].entries.append(Entry(document: span.document, exceptions: exceptionsBySegment[index] ?? []))
            nodes[at].accountID = nodes[at].accountID ?? span.document.aws?.accountID
            if index == trace.rootIndex { nodes[at].root = true }
        }
        var edgeIndex: [[ServiceKey]: Int] = [:]
        for call in trace.calls {
            let entry = Entry(document: call.document, exceptions: call.document.exceptions)
            if call.inferred { nodes[node(call.to, inferred: true)].entries.append(entry) }
            let key = [call.from, call.to]
            if edgeIndex[key] == nil {
                edges.append(Edge(from: call.from, to: call.to))
                edgeIndex[key] = edges.count - 1
            }
            edges[edgeIndex[key]!].calls.append(entry)
        }
    }

    func accountID(of key: ServiceKey) -> String? {
        nodes.first { $0.key == key }?.accountID
    }
}
