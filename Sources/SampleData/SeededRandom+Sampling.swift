/// The few distributions the scenarios need, written out so their results never depend on
/// the standard library's choice of algorithm or on the platform's C math library.
extension SeededRandom {
    /// Uniform in [0, 1) with 53 random bits.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    public mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// Uniform integer in the range. The modulo bias is below 2^-40 for our small ranges.
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        let count = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(next() % count)
    }

    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * unit()
    }

    public mutating func pick<T>(_ items: [T]) -> T {
        items[int(0...(items.count - 1))]
    }

    /// Picks by relative weight; the weights need not sum to one.
    mutating func weighted<T>(_ choices: [(T, Double)]) -> T {
        let total = choices.reduce(0) { $0 + $1.1 }
        var target = unit() * total
        for (item, weight) in choices {
            if target < weight { return item }
            target -= weight
        }
        return choices[choices.count - 1].0
    }

    /// Exponential with the given mean: the gaps between requests of a Poisson process.
    mutating func exponential(mean: Double) -> Double {
        -mean * PortableMath.log(1 - unit())
    }

    /// Log-normal around a median: response times are skewed, with a long right tail.
    /// `spread` is the standard deviation of the logarithm.
    mutating func logNormal(median: Double, spread: Double) -> Double {
        median * PortableMath.exp(spread * standardNormal())
    }

    /// Marsaglia's polar method: a normal deviate with no trigonometry.
    mutating func standardNormal() -> Double {
        while true {
            let u = 2 * unit() - 1
            let v = 2 * unit() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * PortableMath.log(s) / s).squareRoot()
            }
        }
    }

    /// A duration in microseconds, log-normal around `median` milliseconds and clamped, so a
    /// rare draw from the tail cannot turn a cache lookup into a minute.
    mutating func millis(median: Double, spread: Double = 0.45, min low: Double, max high: Double) -> Int64 {
        let value = Swift.min(high, Swift.max(low, logNormal(median: median, spread: spread)))
        return Int64((value * 1000).rounded())
    }

    /// A duration in microseconds drawn uniformly between two numbers of milliseconds.
    mutating func millis(_ low: Double, _ high: Double) -> Int64 {
        Int64((uniform(low, high) * 1000).rounded())
    }
}
