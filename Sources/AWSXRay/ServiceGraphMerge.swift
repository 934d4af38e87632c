import XRayModel

/// Adds service graphs of disjoint sets of traces into one, as GetTraceGraph answers five
/// traces at a time: nodes are matched by name, type and account (ReferenceIds mean something
/// only within one answer), their statistics and histograms added, edges matched by target.
struct ServiceGraphMerge {
    private var services: [API.Service] = []
    private var index: [String: Int] = [:]

    private static func key(_ service: API.Service) -> String {
        [service.Name ?? "", service.Type ?? "", service.AccountId ?? ""].joined(separator: "\u{1F}")
    }

    mutating func add(_ part: [API.Service]) {
        // This part's ReferenceIds, renumbered to the merged graph's.
        var renumbered: [Int: Int] = [:]
        for service in part {
            let key = Self.key(service)
            if let existing = index[key] {
                renumbered[service.ReferenceId ?? -1] = existing
                services[existing] = Self.combined(services[existing], service)
            } else {
                var copy = service
                copy.ReferenceId = services.count
                copy.Edges = []
                renumbered[service.ReferenceId ?? -1] = services.count
                index[key] = services.count
                services.append(copy)
            }
        }
        for service in part {
            guard let from = renumbered[service.ReferenceId ?? -1] else { continue }
            for var edge in service.Edges ?? [] {
                guard let to = edge.ReferenceId.flatMap({ renumbered[$0] }) else { continue }
                edge.ReferenceId = to
                var edges = services[from].Edges ?? []
                if let same = edges.firstIndex(where: { $0.ReferenceId == to }) {
                    edges[same] = Self.combined(edges[same], edge)
                } else {
                    edges.append(edge)
                }
                services[from].Edges = edges
            }
        }
    }

    func result(window: TimeWindow) -> API.GetServiceGraphResult {
        var result = API.GetServiceGraphResult()
        result.StartTime = window.start
        result.EndTime = window.end
        result.Services = services
        return result
    }

    private static func combined(_ a: API.Service, _ b: API.Service) -> API.Service {
        var sum = a
        sum.Root = (a.Root ?? false) || (b.Root ?? false) ? true : a.Root
        sum.Names = Array(Set((a.Names ?? []) + (b.Names ?? []))).sorted()
        sum.StartTime = earliest(a.StartTime, b.StartTime)
        sum.EndTime = latest(a.EndTime, b.EndTime)
        sum.SummaryStatistics = combined(a.SummaryStatistics, b.SummaryStatistics)
        sum.DurationHistogram = combined(a.DurationHistogram, b.DurationHistogram)
        sum.ResponseTimeHistogram = combined(a.ResponseTimeHistogram, b.ResponseTimeHistogram)
        return sum
    }

    private static func combined(_ a: API.Edge, _ b: API.Edge) -> API.Edge {
        var sum = a
        sum.StartTime = earliest(a.StartTime, b.StartTime)
        sum.EndTime = latest(a.EndTime, b.EndTime)
        sum.SummaryStatistics = combined(a.SummaryStatistics, b.SummaryStatistics)
        sum.ResponseTimeHistogram = combined(a.ResponseTimeHistogram, b.ResponseTimeHistogram)
        return sum
    }

    private static func combined(_ a: API.Statistics?, _ b: API.Statistics?) -> API.Statistics? {
        guard let a, let b else { return a ?? b }
        func add(_ x: Int?, _ y: Int?) -> Int? { x == nil && y == nil ? nil : (x ?? 0) + (y ?? 0) }
        var sum = API.Statistics()
        sum.OkCount = add(a.OkCount, b.OkCount)
        sum.TotalCount = add(a.TotalCount, b.TotalCount)
        sum.TotalResponseTime = (a.TotalResponseTime ?? 0) + (b.TotalResponseTime ?? 0)
        sum.ErrorStatistics = API.ErrorStatistics(
            ThrottleCount: add(a.ErrorStatistics?.ThrottleCount, b.ErrorStatistics?.ThrottleCount),
            OtherCount: add(a.ErrorStatistics?.OtherCount, b.ErrorStatistics?.OtherCount),
            TotalCount: add(a.ErrorStatistics?.TotalCount, b.ErrorStatistics?.TotalCount))
        sum.FaultStatistics = API.FaultStatistics(
            OtherCount: add(a.FaultStatistics?.OtherCount, b.FaultStatistics?.OtherCount),
            TotalCount: add(a.FaultStatistics?.TotalCount, b.FaultStatistics?.TotalCount))
        return sum
    }

    /// Counts added value by value, in order of value.
    private static func combined(_ a: [API.HistogramEntry]?, _ b: [API.HistogramEntry]?) -> [API.HistogramEntry]? {
        guard let a, let b else { return a ?? b }
        var counts: [Double: Int] = [:]
        for entry in a + b { counts[entry.Value ?? 0, default: 0] += entry.Count ?? 0 }
        return counts.sorted { $0.key < $1.key }.map { API.HistogramEntry(Value: $0.key, Count: $0.value) }
    }

    private static func earliest(_ a: Double?, _ b: Double?) -> Double? {
        guard let a, let b else { return a ?? b }
        return min(a, b)
    }

    private static func latest(_ a: Double?, _ b: Double?) -> Double? {
        guard let a, let b else { return a ?? b }
        return max(a, b)
    }
}
