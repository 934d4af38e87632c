import Testing

@testable import XRayModel

/// The histogram starts as one bucket kept inline and becomes a dictionary at the second
/// distinct response time; whichever form it is in, the sums, the buckets, equality, hashing
/// and merging must be those of the plain dictionary it stands for.
@Suite struct StatisticsAccumulatorTests {
    /// Response times in seconds, repeated so that buckets gain counts in both forms.
    static let times = [0.073, 0.073, 0.0731, 0.012, 0.073, 1.5, 0.012]

    static func accumulated(_ times: some Sequence<Double>) -> StatisticsAccumulator {
        var statistics = StatisticsAccumulator()
        for time in times { statistics.add(.ok, responseTime: time) }
        return statistics
    }

    /// What the histogram must be: response times counted by rounded millisecond.
    static func expectedHistogram(_ times: some Sequence<Double>) -> [Int: Int] {
        var histogram: [Int: Int] = [:]
        for time in times { histogram[Int((time * 1000).rounded()), default: 0] += 1 }
        return histogram
    }

    @Test func everyPrefixCountsAsADictionaryWould() {
        for length in 0...Self.times.count {
            let prefix = Self.times.prefix(length)
            let statistics = Self.accumulated(prefix)
            #expect(statistics.histogram == Self.expectedHistogram(prefix), "after \(length) times")
            #expect(statistics.total == length)
            #expect(statistics.apiHistogram.map(\.Count).reduce(0) { $0 + ($1 ?? 0) } == length)
        }
    }

    @Test func mergingAnyTwoPartsGivesTheWhole() {
        let whole = Self.accumulated(Self.times)
        for cut in 0...Self.times.count {
            var first = Self.accumulated(Self.times.prefix(cut))
            first.merge(Self.accumulated(Self.times.dropFirst(cut)))
            #expect(first.histogram == whole.histogram, "cut at \(cut)")
            #expect(first.total == whole.total)
            // The order of addition changes the sum's last bits, not the histogram.
            #expect(abs(first.totalResponseTime - whole.totalResponseTime) < 1e-9)
        }
    }

    @Test func mergingAnyTwoInEitherFormGivesBoth() {
        // Empty, one bucket once, one bucket twice, two buckets: each merged into each.
        let parts: [[Double]] = [[], [0.073], [0.073, 0.073], [0.012, 0.073], [1.5, 1.5, 0.012]]
        for first in parts {
            for second in parts {
                var merged = Self.accumulated(first)
                merged.merge(Self.accumulated(second))
                #expect(merged.histogram == Self.expectedHistogram(first + second), "\(first) + \(second)")
            }
        }
    }

    @Test func equalityAndHashingFollowTheBucketsNotTheirForm() {
        // One bucket with two counts, reached inline and through a merge of two inline ones.
        let inline = Self.accumulated([0.073, 0.073])
        var merged = Self.accumulated([0.073])
        merged.merge(Self.accumulated([0.073]))
        #expect(inline == merged)
        #expect(inline.hashValue == merged.hashValue)
        #expect(inline != Self.accumulated([0.073, 0.074]))
        #expect(Self.accumulated([0.073]) != Self.accumulated([0.074]))
    }

    @Test func theBinaryFormKeepsBothForms() throws {
        for times in [[0.073], Self.times] {
            var graph = ServiceGraphBuilder()
            graph.nodes[ServiceKey(name: "front", type: nil)] = {
                var node = ServiceGraphBuilder.Node()
                node.statistics = Self.accumulated(times)
                return node
            }()
            let decoded = try #require(ServiceGraphBuilder(encoded: graph.encoded()))
            #expect(
                decoded.nodes[ServiceKey(name: "front", type: nil)]?.statistics.histogram
                    == Self.expectedHistogram(times))
        }
    }
}
