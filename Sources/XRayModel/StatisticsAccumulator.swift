/// Sums of the kind X-Ray reports on nodes and edges (`EdgeStatistics`, `ServiceStatistics`)
/// and a response-time histogram, added to one request at a time.
public struct StatisticsAccumulator: Sendable, Hashable {
    public internal(set) var ok = 0
    public internal(set) var error = 0
    public internal(set) var throttle = 0
    public internal(set) var fault = 0
    public internal(set) var totalResponseTime = 0.0
    /// The histogram while it has a single bucket. The store makes an accumulator for every
    /// node and edge of every trace it places, and nearly all of those see one response time:
    /// kept here, it costs no dictionary (an allocation to make, free and merge).
    private var onlyBucket: (milliseconds: Int, count: Int)?
    /// The histogram once it has two buckets or more (`onlyBucket` is then nil).
    private var buckets: [Int: Int] = [:]

    public init() {}

    /// Response times rounded to the millisecond, with counts.
    public var histogram: [Int: Int] {
        guard let onlyBucket else { return buckets }
        return [onlyBucket.milliseconds: onlyBucket.count]
    }

    /// Adds `count` requests of `milliseconds` to the histogram.
    mutating func addToHistogram(_ milliseconds: Int, count: Int) {
        if buckets.isEmpty {
            guard let only = onlyBucket else {
                onlyBucket = (milliseconds, count)
                return
            }
            if only.milliseconds == milliseconds {
                onlyBucket = (milliseconds, only.count + count)
                return
            }
            buckets[only.milliseconds] = only.count
            onlyBucket = nil
        }
        buckets[milliseconds, default: 0] += count
    }

    /// Equal when the counts, the total and the buckets are, whichever form the buckets are in.
    public static func == (a: StatisticsAccumulator, b: StatisticsAccumulator) -> Bool {
        a.ok == b.ok && a.error == b.error && a.throttle == b.throttle && a.fault == b.fault
            && a.totalResponseTime == b.totalResponseTime && a.histogram == b.histogram
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ok)
        hasher.combine(error)
        hasher.combine(throttle)
        hasher.combine(fault)
        hasher.combine(totalResponseTime)
        hasher.combine(histogram)
    }

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
        addToHistogram(Int((responseTime * 1000).rounded()), count: 1)
    }

    public mutating func merge(_ other: StatisticsAccumulator) {
        ok += other.ok
        error += other.error
        throttle += other.throttle
        fault += other.fault
        totalResponseTime += other.totalResponseTime
        if let only = other.onlyBucket {
            addToHistogram(only.milliseconds, count: only.count)
        } else {
            for (milliseconds, count) in other.buckets { addToHistogram(milliseconds, count: count) }
        }
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
