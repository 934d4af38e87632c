import Explorer
import Foundation
import SampleData
import XRayModel

// The service map: layout and first frame for generated graphs of 50, 500 and 2,000 nodes.
// The baseline is reading the same graph into the map's model (`ServiceMap`), a linear pass
// over its nodes and edges: the ratios say how many graph reads a layout or a frame costs.

/// A microservice graph of about `count` nodes: one client per fifty nodes, services in levels
/// each called by at least one node of the level before and calling one to four nodes one or
/// two levels on, one node in five an AWS resource, and one call in forty going back up a
/// level (real graphs have cycles).
func makeGraph(nodes count: Int, seed: UInt64) -> API.GetServiceGraphResult {
    var random = SeededRandom(seed: seed)
    let clients = max(1, count / 50)
    let levels = max(3, Int(log2(Double(count))))
    var level: [Int] = []
    var services: [API.Service] = []
    for index in 0..<count {
        var service = API.Service()
        service.ReferenceId = index
        let isClient = index < clients
        let isResource = !isClient && random.next() % 5 == 0
        service.Name = isClient ? "entry-\(index)" : (isResource ? "table-\(index)" : "service-\(index)")
        service.Type = isClient ? "client" : (isResource ? "AWS::DynamoDB::Table" : "AWS::EKS::Container")
        level.append(isClient ? 0 : 1 + (index - clients) * (levels - 1) / max(1, count - clients))
        var statistics = API.Statistics()
        let total = Int(random.next() % 5000) + 1
        statistics.TotalCount = total
        statistics.OkCount = total * 9 / 10
        statistics.TotalResponseTime = Double(total) * Double(random.next() % 300) / 1000
        service.SummaryStatistics = statistics
        service.Edges = []
        services.append(service)
    }
    let byLevel = Dictionary(grouping: services.indices, by: { level[$0] })
    func edge(to target: Int) -> API.Edge {
        var edge = API.Edge()
        edge.ReferenceId = target
        edge.SummaryStatistics = services[target].SummaryStatistics
        return edge
    }
    for index in services.indices where level[index] > 0 {
        // Everything is called by something in the level before.
        let callers = byLevel[level[index] - 1]!.filter { services[$0].Type != "AWS::DynamoDB::Table" }
        let caller = callers.isEmpty ? 0 : callers[Int(random.next() % UInt64(callers.count))]
        services[caller].Edges!.append(edge(to: index))
    }
    for index in services.indices where services[index].Type == "AWS::EKS::Container" {
        for _ in 0..<Int(random.next() % 4) {
            let target = level[index] + 1 + Int(random.next() % 2)
            guard let candidates = byLevel[target], !candidates.isEmpty else { continue }
            services[index].Edges!.append(edge(to: candidates[Int(random.next() % UInt64(candidates.count))]))
        }
        if random.next() % 40 == 0, let up = byLevel[level[index] - 1]?.first(where: { level[$0] > 0 }) {
            services[index].Edges!.append(edge(to: up))
        }
    }
    for index in services.indices {
        // One edge per target, as X-Ray reports them.
        var seen = Set<Int>()
        services[index].Edges = services[index].Edges!.filter { seen.insert($0.ReferenceId!).inserted }
    }
    var graph = API.GetServiceGraphResult()
    graph.StartTime = 0
    graph.EndTime = 300
    graph.Services = services
    return graph
}

/// The best of `runs` timings of `body`, in seconds.
func fastest(_ runs: Int, _ body: () -> Void) -> Double {
    (0..<runs).map { _ in
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }.min()!
}

func runMapBenchmarks(sizes: [Int]) {
    for size in sizes {
        let graph = makeGraph(nodes: size, seed: UInt64(size))
        let edgeCount = graph.Services!.reduce(0) { $0 + $1.Edges!.count }
        let runs = size >= 2000 ? 3 : 10
        var map = ServiceMap(graph)
        let baseline = fastest(runs) { map = ServiceMap(graph) }
        var line = "map \(size) nodes, \(edgeCount) edges: reading the graph \(milliseconds(baseline))"
        for density in MapDensity.allCases {
            let seconds = fastest(runs) {
                _ = MapLayout(
                    widths: map.nodes.map(density.boxWidth), edges: map.edges.map { ($0.from, $0.to) },
                    spacing: density.spacing)
            }
            line += "; layout \(density.label) \(milliseconds(seconds)) (ratio \(ratio(seconds, baseline)))"
        }
        // What a user waits for: the load result applied (model, layout at the density that
        // suits the screen) and the first frame of the map at 120x40.
        var state = AppState(sourceName: "bench", isLive: false, window: .whole, width: 120, height: 40, now: 300)
        let result = LoadResult(window: TimeWindow(start: 0, end: 300), summaries: [], graph: graph, error: nil)
        let load = fastest(runs) {
            state = AppState(sourceName: "bench", isLive: false, window: .whole, width: 120, height: 40, now: 300)
            _ = update(&state, .loaded(result))
        }
        let frame = fastest(runs) { _ = render(state) }
        line += "; load \(milliseconds(load)) (ratio \(ratio(load, baseline)), \(state.map.density.label))"
        line += "; first frame \(milliseconds(frame)) (ratio \(ratio(frame, baseline)))"
        print(line)
    }
}

func milliseconds(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }
func ratio(_ value: Double, _ baseline: Double) -> String { String(format: "%.1f", value / baseline) }
