/// Builds the service graph from traces the way X-Ray does (reference/xray.md §5): a client
/// node in front of each entry service, a node per (name, origin) from segments, inferred nodes
/// for downstream calls whose callee sends nothing, and edges whose statistics come from the
/// caller's subsegment (the client edge from the entry segment).
public struct ServiceGraphBuilder: Sendable {
    struct Node: Sendable {
        var root = false
        var inferred = false
        var accountID: String?
        var start = Double.infinity
        var end = -Double.infinity
        var statistics = StatisticsAccumulator()
        var edges: [ServiceKey: Edge] = [:]

        /// A call to a service that sends nothing itself: the caller's subsegment stands for it.
        mutating func markInferred(_ document: SegmentDocument, duration: Double) {
            inferred = true
            statistics.add(document.statusClass, responseTime: duration)
            cover(document)
        }

        /// A segment of this service: its statistics, its time span, the first account id.
        mutating func add(_ document: SegmentDocument, duration: Double) {
            statistics.add(document.statusClass, responseTime: duration)
            cover(document)
            if accountID == nil { accountID = document.storedAWS?.value.accountID }
        }

        mutating func cover(_ document: SegmentDocument) {
            start = min(start, document.startTime)
            end = max(end, document.endTime ?? document.startTime)
        }

        mutating func merge(_ other: Node) {
            root = root || other.root
            inferred = inferred || other.inferred
            accountID = accountID ?? other.accountID
            start = min(start, other.start)
            end = max(end, other.end)
            statistics.merge(other.statistics)
            edges.merge(other.edges) { mine, theirs in
                var edge = mine
                edge.merge(theirs)
                return edge
            }
        }
    }

    struct Edge: Sendable {
        var start = Double.infinity
        var end = -Double.infinity
        var statistics = StatisticsAccumulator()

        mutating func merge(_ other: Edge) {
            start = min(start, other.start)
            end = max(end, other.end)
            statistics.merge(other.statistics)
        }
    }

    var nodes: [ServiceKey: Node] = [:]

    public init() {}

    public init(traces: some Sequence<Trace>) {
        for trace in traces { add(trace) }
    }

    public var isEmpty: Bool { nodes.isEmpty }

    public mutating func add(_ trace: Trace) { add(trace, calls: trace.calls) }

    /// `calls` must be `trace.calls`: the store reads them once for a trace's terms and its
    /// graph (finding each subsegment's callee is a good part of placing a trace).
    public mutating func add(_ trace: Trace, calls: [Trace.Call]) {
        if let root = trace.root, let responseTime = root.document.duration {
            let rootKey = trace.serviceKey(ofSegment: root)
            let client = ServiceKey(name: rootKey.name, type: "client")
            nodes[rootKey, default: Node()].root = true
            nodes[client, default: Node()].inferred = true
            addEdge(from: client, to: rootKey, root.document, status: root.document.statusClass, responseTime)
            nodes[client]!.cover(root.document)
        }
        // By index: a loop over the spans themselves copies each one.
        for index in trace.spans.indices where trace.spans[index].isSegment {
            let document = trace.spans[index].document
            guard let duration = document.duration else { continue }
            let key = ServiceKey(name: document.name, type: document.origin)
            nodes[key, default: Node()].add(document, duration: duration)
        }
        for call in calls {
            let document = call.document
            guard let duration = document.duration else { continue }
            if call.inferred {
                nodes[call.to, default: Node()].markInferred(document, duration: duration)
            }
            addEdge(from: call.from, to: call.to, document, status: document.statusClass, duration)
        }
    }

    /// Adds the traces another builder saw, with the same result as adding them here one by
    /// one after this builder's own: the store keeps one builder per minute and merges them.
    public mutating func merge(_ other: ServiceGraphBuilder) {
        for (key, node) in other.nodes {
            nodes[key, default: Node()].merge(node)
        }
    }

    private mutating func addEdge(
        from: ServiceKey, to: ServiceKey, _ document: SegmentDocument, status: StatusClass, _ responseTime: Double
    ) {
        var edge = nodes[from, default: Node()].edges[to] ?? Edge()
        edge.statistics.add(status, responseTime: responseTime)
        edge.start = min(edge.start, document.startTime)
        edge.end = max(edge.end, document.endTime ?? document.startTime)
        // The caller may have no node yet: a segment still in progress adds none.
        nodes[from, default: Node()].edges[to] = edge
        if nodes[to] == nil { nodes[to] = Node() }
    }

    /// Keys in a stable order: clients first, then by name and type. ReferenceIds follow it.
    public var keys: [ServiceKey] { nodes.keys.sorted() }

    public func result(start: Double, end: Double) -> API.GetServiceGraphResult {
        let ordered = keys
        var referenceIDs: [ServiceKey: Int] = [:]
        for (index, key) in ordered.enumerated() { referenceIDs[key] = index }
        var result = API.GetServiceGraphResult()
        result.StartTime = start
        result.EndTime = end
        result.ContainsOldGroupVersions = false
        result.Services = ordered.map { key in
            let node = nodes[key]!
            var service = API.Service()
            service.ReferenceId = referenceIDs[key]
            service.Name = key.name
            service.Names = [key.name]
            service.Root = key.isClient ? nil : node.root
            service.AccountId = node.accountID
            service.Type = key.type
            service.State = node.inferred ? "unknown" : "active"
            if node.start.isFinite {
                service.StartTime = node.start
                service.EndTime = node.end
            }
            service.Edges = node.edges.keys.sorted().map { target in
                let edge = node.edges[target]!
                var apiEdge = API.Edge()
                apiEdge.ReferenceId = referenceIDs[target]
                apiEdge.StartTime = edge.start
                apiEdge.EndTime = edge.end
                apiEdge.SummaryStatistics = edge.statistics.apiStatistics
                apiEdge.ResponseTimeHistogram = edge.statistics.apiHistogram
                apiEdge.Aliases = []
                return apiEdge
            }
            if !key.isClient {
                service.SummaryStatistics = node.statistics.apiStatistics
                service.DurationHistogram = node.statistics.apiHistogram
                service.ResponseTimeHistogram = node.statistics.apiHistogram
            }
            return service
        }
        return result
    }
}
