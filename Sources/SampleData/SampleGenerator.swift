import XRayModel

/// Deterministic traffic for one scenario over a time window: what a daemon would have
/// received from the scenario's SDKs. Demo mode, `sample-data/`, tests and benchmarks all use
/// it, so the same inputs always give byte-identical documents.
///
/// Every request that starts inside the window is generated to completion, so the last
/// documents may be sent a little after `start + duration`; every trace is whole.
public struct SampleGenerator: Sendable {
    public let scenario: Scenario
    public let seed: UInt64
    /// Epoch seconds of the first request's earliest possible start.
    public let start: Double
    /// Seconds during which requests start.
    public let duration: Double
    /// Requests per second.
    public let rate: Double

    public init(scenario: Scenario, seed: UInt64 = 1, start: Double, duration: Double, rate: Double? = nil) {
        self.scenario = scenario
        self.seed = seed
        self.start = start
        self.duration = duration
        self.rate = rate ?? scenario.defaultRate
    }

    /// Every document in the order a daemon would receive them (by emission time: in-progress
    /// documents when the work starts, streamed subsegments when they end, segments when they
    /// end). Deterministic for a given (scenario, seed, start, duration, rate).
    public func documents() -> [StoredDocument] {
        guard start.isFinite, duration.isFinite, duration > 0, rate.isFinite, rate > 0 else { return [] }
        // The scenario joins the seed so that two scenarios never share a random stream.
        let random = SeededRandom(seed: seed ^ scenario.seedSalt)
        let first = Micros.from(seconds: start)
        let window = Micros.from(seconds: duration)
        var emitter = DocumentEmitter()
        switch scenario {
        case .eksWorkshop:
            var workshop = EKSWorkshopScenario(random: random)
            workshop.run(start: first, duration: window, rate: rate, into: &emitter)
        case .shop:
            var shop = ShopScenario(random: random)
            shop.run(start: first, duration: window, rate: rate, into: &emitter)
        }
        return emitter.documents()
    }
}

extension Scenario {
    fileprivate var seedSalt: UInt64 {
        switch self {
        case .eksWorkshop: return 0x454B_5357_4F52_4B53  // "EKSWORKS"
        case .shop: return 0x5348_4F50_5348_4F50  // "SHOPSHOP"
        }
    }
}
