extension API {
    public struct GetSamplingRulesRequest: Codable, Sendable, Hashable {
        public var NextToken: String?
        public init() {}
    }

    public struct GetSamplingRulesResult: Codable, Sendable, Hashable {
        public var SamplingRuleRecords: [SamplingRuleRecord]?
        public var NextToken: String?
        public init() {}
    }

    public struct SamplingRuleRecord: Codable, Sendable, Hashable {
        public var SamplingRule: SamplingRule?
        public var CreatedAt: Double?
        public var ModifiedAt: Double?
        public init() {}
    }

    public struct SamplingRule: Codable, Sendable, Hashable {
        public var RuleName: String?
        public var RuleARN: String?
        public var ResourceARN: String?
        public var Priority: Int?
        public var FixedRate: Double?
        public var ReservoirSize: Int?
        public var ServiceName: String?
        public var ServiceType: String?
        public var Host: String?
        public var HTTPMethod: String?
        public var URLPath: String?
        public var Version: Int?
        public var Attributes: [String: String]?
        public var SamplingRateBoost: SamplingRateBoost?
        public init() {}
    }

    public struct SamplingRateBoost: Codable, Sendable, Hashable {
        public var MaxRate: Double?
        public var CooldownWindowMinutes: Int?
        public init() {}
    }

    public struct GetSamplingTargetsRequest: Codable, Sendable, Hashable {
        public var SamplingStatisticsDocuments: [SamplingStatisticsDocument]?
        public var SamplingBoostStatisticsDocuments: [SamplingBoostStatisticsDocument]?
        public init() {}
    }

    public struct SamplingStatisticsDocument: Codable, Sendable, Hashable {
        public var RuleName: String?
        /// 24 characters, fixed per SDK process.
        public var ClientID: String?
        public var Timestamp: Double?
        public var RequestCount: Int?
        public var SampledCount: Int?
        public var BorrowCount: Int?
        public init() {}
    }

    public struct SamplingBoostStatisticsDocument: Codable, Sendable, Hashable {
        public var RuleName: String?
        public var ServiceName: String?
        public var Timestamp: Double?
        public var AnomalyCount: Int?
        public var TotalCount: Int?
        public var SampledAnomalyCount: Int?
        public init() {}
    }

    public struct GetSamplingTargetsResult: Codable, Sendable, Hashable {
        public var SamplingTargetDocuments: [SamplingTargetDocument]?
        public var LastRuleModification: Double?
        public var UnprocessedStatistics: [UnprocessedStatistics]?
        public var UnprocessedBoostStatistics: [UnprocessedStatistics]?
        public init() {}
    }

    public struct SamplingTargetDocument: Codable, Sendable, Hashable {
        public var RuleName: String?
        public var FixedRate: Double?
        public var ReservoirQuota: Int?
        public var ReservoirQuotaTTL: Double?
        public var Interval: Int?
        public var SamplingBoost: SamplingBoost?
        public init() {}
    }

    public struct SamplingBoost: Codable, Sendable, Hashable {
        public var BoostRate: Double?
        public var BoostRateTTL: Double?
        public init() {}
    }

    public struct UnprocessedStatistics: Codable, Sendable, Hashable {
        public var RuleName: String?
        public var ErrorCode: String?
        public var Message: String?
        public init() {}
    }

    public struct GetGroupsRequest: Codable, Sendable, Hashable {
        public var NextToken: String?
        public init() {}
    }

    public struct GetGroupsResult: Codable, Sendable, Hashable {
        public var Groups: [GroupSummary]?
        public var NextToken: String?
        public init() {}
    }

    public struct GroupSummary: Codable, Sendable, Hashable {
        public var GroupName: String?
        public var GroupARN: String?
        public var FilterExpression: String?
        public var InsightsConfiguration: InsightsConfiguration?
        public init() {}
    }

    public struct InsightsConfiguration: Codable, Sendable, Hashable {
        public var InsightsEnabled: Bool?
        public var NotificationsEnabled: Bool?
        public init() {}
    }

    public struct GetGroupRequest: Codable, Sendable, Hashable {
        public var GroupName: String?
        public var GroupARN: String?
        public init() {}
    }

    public struct GetGroupResult: Codable, Sendable, Hashable {
        /// A Group has the same members as a GroupSummary.
        public var Group: GroupSummary?
        public init() {}
    }
}
