extension API {
    public struct GetServiceGraphRequest: Codable, Sendable, Hashable {
        public var StartTime: Double?
        public var EndTime: Double?
        public var GroupName: String?
        public var GroupARN: String?
        public var NextToken: String?
        public init() {}
    }

    public struct GetServiceGraphResult: Codable, Sendable, Hashable {
        public var StartTime: Double?
        public var EndTime: Double?
        public var Services: [Service]?
        public var ContainsOldGroupVersions: Bool?
        public var NextToken: String?
        public init() {}
    }

    public struct Service: Codable, Sendable, Hashable {
        /// Unique within one graph; edges point at it.
        public var ReferenceId: Int?
        public var Name: String?
        public var Names: [String]?
        /// The first service to process the request.
        public var Root: Bool?
        public var AccountId: String?
        /// The segment's origin (`AWS::EKS::Container`), an AWS resource type, `client` or `remote`.
        public var `Type`: String?
        /// `active`, or `unknown` on client and inferred nodes.
        public var State: String?
        public var StartTime: Double?
        public var EndTime: Double?
        public var Edges: [Edge]?
        public var SummaryStatistics: Statistics?
        public var DurationHistogram: [HistogramEntry]?
        public var ResponseTimeHistogram: [HistogramEntry]?
        public init() {}
    }

    public struct Edge: Codable, Sendable, Hashable {
        /// The ReferenceId of the service the edge points to.
        public var ReferenceId: Int?
        public var StartTime: Double?
        public var EndTime: Double?
        public var SummaryStatistics: Statistics?
        public var ResponseTimeHistogram: [HistogramEntry]?
        public var Aliases: [Alias]?
        /// `link` for asynchronous links.
        public var EdgeType: String?
        public var ReceivedEventAgeHistogram: [HistogramEntry]?
        public init() {}
    }

    public struct GetTimeSeriesServiceStatisticsRequest: Codable, Sendable, Hashable {
        public var StartTime: Double?
        public var EndTime: Double?
        public var GroupName: String?
        public var GroupARN: String?
        public var EntitySelectorExpression: String?
        public var Period: Int?
        public var ForecastStatistics: Bool?
        public var NextToken: String?
        public init() {}
    }

    public struct GetTimeSeriesServiceStatisticsResult: Codable, Sendable, Hashable {
        public var TimeSeriesServiceStatistics: [TimeSeriesServiceStatistics]?
        public var ContainsOldGroupVersions: Bool?
        public var NextToken: String?
        public init() {}
    }

    public struct TimeSeriesServiceStatistics: Codable, Sendable, Hashable {
        public var Timestamp: Double?
        public var EdgeSummaryStatistics: Statistics?
        public var ServiceSummaryStatistics: Statistics?
        public var ServiceForecastStatistics: ForecastStatistics?
        public var ResponseTimeHistogram: [HistogramEntry]?
        public init() {}
    }

    public struct ForecastStatistics: Codable, Sendable, Hashable {
        public var FaultCountHigh: Int?
        public var FaultCountLow: Int?
        public init() {}
    }
}
