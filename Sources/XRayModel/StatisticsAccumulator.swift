/// Sums of the kind X-Ray reports on nodes and edges (`EdgeStatistics`, `ServiceStatistics`)
/// and a response-time histogram, added to one request at a time.
public struct StatisticsAccumulator: Sendable, Hashable {
    public internal(set) var ok = 0
    public internal(set) var error = 0
    public internal(set) var throttle = 0
    public internal(set) var fault = 0
    public internal(set) var totalResponseTime = 0.0
    /// Response times rounded to the millisecond, with counts.
    public internal(set) var histogram: [Int: Int] = [:]

    public init() {}

    public var total: Int { ok + error + throttle + fault }
    public var averageResponseTime: Double? { total == 0 ? nil : totalResponseTime / Double(total) }

    public mutating func add(_ status: StatusClass, responseTime: Double) {
        switch status {
        case .ok: ok += 1
        case .error: error += 1
        case .throttle: throttle += 1
        case .fault: fault += 1
        }
        totalResponseTime += responseTime
        histogram[Int((responseTime * 1000).rounded()), default: 0] += 1
    }

    public mutating func merge(_ other: StatisticsAccumulator) {
        ok += other.ok
        error += other.error
        throttle += other.throttle
        fault += other.fault
        totalResponseTime += other.totalResponseTime
        histogram.merge(other.histogram, uniquingKeysWith: +)
    }

    public var apiStatistics: API.Statistics {
        var statistics = API.Statistics()
        statistics.OkCount = ok
        statistics.ErrorStatistics = API.ErrorStatistics(
            ThrottleCount: throttle, OtherCount: error, TotalCount: error + throttle)
        statistics.FaultStatistics = API.FaultStatistics(OtherCount: fault, TotalCount: fault)
        statistics.TotalCount = total
        statistics.TotalResponseTime = totalResponseTime.roundedToMicroseconds
        return statistics
    }

    public var apiHistogram: [API.HistogramEntry] {
        histogram.keys.sorted().map { API.HistogramEntry(Value: Double($0) / 1000, Count: histogram[$0]) }
    }
}
