import Foundation
import XRayModel

/// Response times binned over a number of columns, for a histogram with percentile marks.
public struct ResponseTimeDistribution: Hashable, Sendable {
    /// Traces per column; as many as the columns asked for.
    public var bins: [Int]
    /// Response times have long tails, so when the slowest is over ten times the fastest the
    /// axis is logarithmic (as the service map's histogram), from the fastest to the slowest;
    /// otherwise it is linear from 0 to the slowest.
    public var logarithmic: Bool
    /// The left end of the axis: 0, or the fastest time (at least 0.1 ms) when logarithmic.
    public var axisStart: Double
    /// The right end of the axis: the slowest time (0 when there are none).
    public var axisEnd: Double
    /// The summaries with a response time, which are the ones binned.
    public var count: Int
    /// Nearest-rank percentiles (`TraceAnalytics.percentile`), and the columns they fall in.
    public var p50: Double?
    public var p90: Double?
    public var p99: Double?
    public var p50Bin: Int?
    public var p90Bin: Int?
    public var p99Bin: Int?

    /// The column a time falls in: the axis is cut into equal columns (equal ratios when
    /// logarithmic), each holding its left edge; the last also holds the right end, and times
    /// off the axis go to the nearest end. Nil when there are no columns.
    public func bin(of time: Double) -> Int? {
        guard !bins.isEmpty else { return nil }
        let fraction: Double
        if logarithmic {
            fraction = log(max(time, axisStart) / axisStart) / log(axisEnd / axisStart)
        } else {
            fraction = axisEnd > 0 ? time / axisEnd : 0
        }
        guard fraction.isFinite else { return 0 }
        return min(bins.count - 1, Int((min(1, max(0, fraction)) * Double(bins.count)).rounded(.down)))
    }
}

/// What happened in one slice of a window, for sparklines.
public struct ActivityBucket: Hashable, Sendable {
    public var start: Double
    public var end: Double
    public var traces = 0
    /// `HasError`, which includes throttled (429) traces, as X-Ray counts them.
    public var errors = 0
    /// `HasThrottle`.
    public var throttles = 0
    /// `HasFault`.
    public var faults = 0
}

extension TraceAnalytics {
    /// The response times of the summaries over `columns` columns, with p50, p90 and p99.
    public static func distribution(_ summaries: [API.TraceSummary], columns: Int) -> ResponseTimeDistribution {
        let times = responseTimes(summaries).map { max(0, $0) }
        let low = max(times.first ?? 0, 0.0001)
        let high = max(times.last ?? 0, low)
        let logarithmic = high / low > 10
        var result = ResponseTimeDistribution(
            bins: Array(repeating: 0, count: max(0, columns)), logarithmic: logarithmic,
            axisStart: logarithmic ? low : 0, axisEnd: times.isEmpty ? 0 : high, count: times.count)
        for time in times {
            if let bin = result.bin(of: time) { result.bins[bin] += 1 }
        }
        result.p50 = percentile(50, ofSorted: times)
        result.p90 = percentile(90, ofSorted: times)
        result.p99 = percentile(99, ofSorted: times)
        result.p50Bin = result.p50.flatMap(result.bin(of:))
        result.p90Bin = result.p90.flatMap(result.bin(of:))
        result.p99Bin = result.p99.flatMap(result.bin(of:))
        return result
    }

    /// Traces, errors, throttles and faults in each of `buckets` equal slices of the window, by
    /// `StartTime`. A bucket holds its start; the last also holds the window's end. Summaries
    /// without a start time or outside the window are not counted; a window of no length gives
    /// empty buckets.
    public static func activity(
        _ summaries: [API.TraceSummary], from start: Double, to end: Double, buckets: Int
    ) -> [ActivityBucket] {
        guard buckets > 0, start.isFinite, end.isFinite else { return [] }
        let length = end - start
        let n = Double(buckets)
        var result = (0..<buckets).map { index in
            ActivityBucket(
                start: start + length * Double(index) / n,
                end: index == buckets - 1 ? end : start + length * Double(index + 1) / n)
        }
        guard length > 0 else { return result }
        for summary in summaries {
            guard let time = summary.StartTime, time >= start, time <= end else { continue }
            let index = min(buckets - 1, Int(((time - start) / length * n).rounded(.down)))
            result[index].traces += 1
            if summary.HasError == true { result[index].errors += 1 }
            if summary.HasThrottle == true { result[index].throttles += 1 }
            if summary.HasFault == true { result[index].faults += 1 }
        }
        return result
    }

    public static func activity(_ summaries: [API.TraceSummary], in window: TimeWindow, buckets: Int)
        -> [ActivityBucket]
    {
        activity(summaries, from: window.start, to: window.end, buckets: buckets)
    }

    /// Whole minutes a bucket for a window drawn in at most `cells` buckets, so the label "per
    /// N minutes" is true of every bucket: the buckets end at the window's end and reach back
    /// to cover it, the oldest one possibly starting before the window does.
    public static func activityBuckets(for window: TimeWindow, cells: Int)
        -> (minutesEach: Int, count: Int, start: Double)
    {
        let minutes = max(1, Int((window.duration / 60).rounded(.up)))
        let minutesEach = max(1, Int((Double(minutes) / Double(max(1, cells))).rounded(.up)))
        let count = Int((Double(minutes) / Double(minutesEach)).rounded(.up))
        return (minutesEach, count, window.end - Double(count * minutesEach * 60))
    }
}
