import TerminalKit
import XRayFilter
import XRayModel

/// The service graph as the map shows it: nodes in a stable order (clients first, then by name
/// and type) with identities that survive reloads, and edges between them by index.
public struct ServiceMap: Sendable, Hashable {
    public struct Node: Sendable, Hashable {
        /// Stable across reloads: the type and the name, which is how X-Ray tells nodes apart.
        public var id: String
        public var name: String
        public var type: String?
        public var statistics: NodeStatistics
        public var histogram: [API.HistogramEntry]

        public var isClient: Bool { type == "client" }
        /// What the box calls the node: `Client` for the client, the service's name otherwise.
        public var title: String { isClient ? "Client" : name }
    }

    public struct Edge: Sendable, Hashable {
        public var from: Int
        public var to: Int
        public var statistics: NodeStatistics
        public var histogram: [API.HistogramEntry]
    }

    public var nodes: [Node]
    public var edges: [Edge]

    public init(nodes: [Node], edges: [Edge]) {
        self.nodes = nodes
        self.edges = edges
    }

    public init(_ graph: API.GetServiceGraphResult) {
        let services = (graph.Services ?? []).sorted {
            ($0.Type == "client" ? 0 : 1, $0.Name ?? "", $0.Type ?? "") < (
                $1.Type == "client" ? 0 : 1, $1.Name ?? "", $1.Type ?? ""
            )
        }
        var index: [Int: Int] = [:]
        nodes = services.enumerated().map { offset, service in
            if let reference = service.ReferenceId { index[reference] = offset }
            let name = Sanitizer.clean(service.Name ?? "?")
            return Node(
                id: "\(service.Type ?? "")|\(name)", name: name, type: service.Type,
                statistics: NodeStatistics(service.SummaryStatistics), histogram: service.ResponseTimeHistogram ?? [])
        }
        edges = services.enumerated().flatMap { offset, service in
            (service.Edges ?? []).compactMap { edge -> Edge? in
                guard let target = edge.ReferenceId.flatMap({ index[$0] }) else { return nil }
                return Edge(
                    from: offset, to: target, statistics: NodeStatistics(edge.SummaryStatistics),
                    histogram: edge.ResponseTimeHistogram ?? [])
            }
        }
        // X-Ray gives a client node no statistics of its own: it shows what the client sent.
        for (offset, node) in nodes.enumerated() where node.isClient {
            let outgoing = edges.filter { $0.from == offset }
            nodes[offset].statistics = outgoing.reduce(NodeStatistics()) { $0.adding($1.statistics) }
            nodes[offset].histogram = outgoing.flatMap(\.histogram)
        }
    }

    /// Node ids and edges: when this is unchanged, so is the layout.
    public var structure: [String] {
        nodes.map(\.id) + edges.map { "\($0.from)>\($0.to)" }
    }

    public func index(of id: String) -> Int? { nodes.firstIndex { $0.id == id } }

    /// The filter that selects a node's traces: `service("NAME")`, or with its type when
    /// another node has the same name.
    public func filter(for node: Int) -> String? {
        guard !nodes[node].isClient else { return nil }
        return "service(\(reference(to: node)))"
    }

    /// `edge("A", "B")`, with types where names are shared; a client's edge is the entry
    /// service's traces.
    public func filter(forEdge edge: Edge) -> String? {
        if nodes[edge.from].isClient { return filter(for: edge.to) }
        return "edge(\(reference(to: edge.from)), \(reference(to: edge.to)))"
    }

    /// A node as the filter language names it: `"NAME"`, or `id(name: "NAME", type: "TYPE")`
    /// when another node has the same name (a Lambda service and its function).
    private func reference(to node: Int) -> String {
        let target = nodes[node]
        let shared = nodes.contains { $0.name == target.name && $0.id != target.id && !$0.isClient }
        if shared, let type = target.type { return "id(name: \(quoted(target.name)), type: \(quoted(type)))" }
        return quoted(target.name)
    }
}

/// A filter-language string literal.
func quoted(_ text: String) -> String { FilterLiteral.quoted(text) }

/// The numbers a node or edge shows, from X-Ray's `SummaryStatistics`.
public struct NodeStatistics: Sendable, Hashable {
    public var total = 0
    public var totalResponseTime = 0.0
    public var mix = StatusMix()

    public init() {}

    public init(_ statistics: API.Statistics?) {
        total = statistics?.TotalCount ?? 0
        totalResponseTime = statistics?.TotalResponseTime ?? 0
        let throttles = statistics?.ErrorStatistics?.ThrottleCount ?? 0
        // X-Ray counts throttles among errors; the mix keeps the classes apart.
        mix = StatusMix(
            ok: statistics?.OkCount ?? 0, error: max(0, (statistics?.ErrorStatistics?.TotalCount ?? 0) - throttles),
            throttle: throttles, fault: statistics?.FaultStatistics?.TotalCount ?? 0)
    }

    func adding(_ other: NodeStatistics) -> NodeStatistics {
        var sum = self
        sum.total += other.total
        sum.totalResponseTime += other.totalResponseTime
        sum.mix = StatusMix(
            ok: mix.ok + other.mix.ok, error: mix.error + other.mix.error,
            throttle: mix.throttle + other.mix.throttle, fault: mix.fault + other.mix.fault)
        return sum
    }

    public var averageResponseTime: Double? { total > 0 ? totalResponseTime / Double(total) : nil }

    public func perMinute(over seconds: Double) -> Double { Double(total) / max(seconds / 60, 1.0 / 60) }

    /// A node whose faults pass 5 % stands out in the fault colour, as the console's red ring;
    /// throttles and errors past 5 % get their own colours.
    public var health: Role {
        let total = Double(max(1, self.total))
        if Double(mix.fault) / total > 0.05 { return .nodeFault }
        if Double(mix.throttle) / total > 0.05 { return .nodeThrottle }
        if Double(mix.error) / total > 0.05 { return .nodeError }
        return .nodeOK
    }
}
