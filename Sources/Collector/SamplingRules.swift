import Foundation
import NIOConcurrencyHelpers
import XRayModel

/// The sampling rules the SDKs poll through the daemon (`/GetSamplingRules` every 5 minutes,
/// `/SamplingTargets` every 10 s; reference/xray.md §1.5). Without a rules file the collector
/// serves one Default rule that samples like AWS's default: the first request each second plus
/// 5 % of the rest.
public final class SamplingRules: Sendable {
    public let rules: [API.SamplingRule]
    let modifiedAt: Double
    private let clock: @Sendable () -> Double
    /// The SDK processes (ClientID) that reported on each rule recently, to share its reservoir.
    private let clients = NIOLockedValueBox([String: [String: Double]]())

    /// How often SDKs should report, in seconds, and how long a reservoir quota lasts.
    static let interval = 10
    static let quotaLifetime = 15.0

    public init(
        rules: [API.SamplingRule] = [SamplingRules.defaultRule], modifiedAt: Double = Date().timeIntervalSince1970,
        clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        // Highest priority (lowest number) first, Default last, as X-Ray lists them.
        self.rules = rules.sorted {
            ($0.Priority ?? 10_000, $0.RuleName ?? "") < ($1.Priority ?? 10_000, $1.RuleName ?? "")
        }
        self.modifiedAt = modifiedAt
        self.clock = clock
    }

    public static var defaultRule: API.SamplingRule {
        var rule = API.SamplingRule()
        rule.RuleName = "Default"
        rule.RuleARN = "arn:aws:xray:local:000000000000:sampling-rule/Default"
        rule.ResourceARN = "*"
        rule.Priority = 10_000
        rule.FixedRate = 0.05
        rule.ReservoirSize = 1
        rule.ServiceName = "*"
        rule.ServiceType = "*"
        rule.Host = "*"
        rule.HTTPMethod = "*"
        rule.URLPath = "*"
        rule.Version = 1
        rule.Attributes = [:]
        return rule
    }

    func rulesResult() -> API.GetSamplingRulesResult {
        var result = API.GetSamplingRulesResult()
        result.SamplingRuleRecords = rules.map { rule in
            var record = API.SamplingRuleRecord()
            record.SamplingRule = rule
            record.CreatedAt = modifiedAt
            record.ModifiedAt = modifiedAt
            return record
        }
        return result
    }

    /// A target per reported rule. A rule's reservoir (requests per second) is shared among
    /// the SDK processes that reported on it in the last minute, so N copies of a service do
    /// not sample N times the reservoir.
    func targets(for request: API.GetSamplingTargetsRequest) throws -> API.GetSamplingTargetsResult {
        guard let documents = request.SamplingStatisticsDocuments else {
            throw APIError.invalidRequest("SamplingStatisticsDocuments is required")
        }
        let now = clock()
        var result = API.GetSamplingTargetsResult()
        result.SamplingTargetDocuments = []
        result.UnprocessedStatistics = []
        result.LastRuleModification = modifiedAt
        for document in documents {
            guard let name = document.RuleName, let rule = rules.first(where: { $0.RuleName == name }) else {
                var unprocessed = API.UnprocessedStatistics()
                unprocessed.RuleName = document.RuleName
                unprocessed.ErrorCode = "400"
                unprocessed.Message = "no sampling rule named \(Sanitizer.clean(document.RuleName ?? ""))"
                result.UnprocessedStatistics!.append(unprocessed)
                continue
            }
            var target = API.SamplingTargetDocument()
            target.RuleName = name
            target.FixedRate = rule.FixedRate
            target.ReservoirQuota = quota(
                rule: name, size: rule.ReservoirSize ?? 0, client: document.ClientID ?? "", now)
            target.ReservoirQuotaTTL = (now + Self.quotaLifetime).rounded(.down)
            target.Interval = Self.interval
            result.SamplingTargetDocuments!.append(target)
        }
        return result
    }

    /// This client's share: the reservoir divided among the active clients, the remainder
    /// going to the first ones in a stable order.
    private func quota(rule: String, size: Int, client: String, _ now: Double) -> Int {
        clients.withLockedValue { clients in
            var active = clients[rule, default: [:]].filter { now - $0.value < 60 }
            active[client] = now
            clients[rule] = active
            let ordered = active.keys.sorted()
            let index = ordered.firstIndex(of: client) ?? 0
            return size / ordered.count + (index < size % ordered.count ? 1 : 0)
        }
    }
}
