/// The X-Ray API's wire shapes (reference/xray.md §4), as Codable types.
///
/// Property names are spelled exactly as the API spells them (PascalCase, `HttpURL`,
/// `ClientIp`, `ARN`) so that synthesized Codable *is* the wire format: there is no key mapping
/// to get wrong. Every member is optional, as in the service model, and members are declared
/// in the model's order, which is the order the AWS CLI prints them in.
public enum API {}

extension API {
    public struct ServiceId: Codable, Sendable, Hashable {
        public var Name: String?
        public var Names: [String]?
        public var AccountId: String?
        public var `Type`: String?
        public init(Name: String? = nil, Names: [String]? = nil, AccountId: String? = nil, Type: String? = nil) {
            self.Name = Name
            self.Names = Names
            self.AccountId = AccountId
            self.Type = Type
        }
    }

    public struct ErrorStatistics: Codable, Sendable, Hashable {
        public var ThrottleCount: Int?
        public var OtherCount: Int?
        public var TotalCount: Int?
        public init(ThrottleCount: Int? = nil, OtherCount: Int? = nil, TotalCount: Int? = nil) {
            self.ThrottleCount = ThrottleCount
            self.OtherCount = OtherCount
            self.TotalCount = TotalCount
        }
    }

    public struct FaultStatistics: Codable, Sendable, Hashable {
        public var OtherCount: Int?
        public var TotalCount: Int?
        public init(OtherCount: Int? = nil, TotalCount: Int? = nil) {
            self.OtherCount = OtherCount
            self.TotalCount = TotalCount
        }
    }

    /// EdgeStatistics and ServiceStatistics have the same members.
    public struct Statistics: Codable, Sendable, Hashable {
        public var OkCount: Int?
        public var ErrorStatistics: ErrorStatistics?
        public var FaultStatistics: FaultStatistics?
        public var TotalCount: Int?
        public var TotalResponseTime: Double?
        public init() {}
    }

    public struct HistogramEntry: Codable, Sendable, Hashable {
        public var Value: Double?
        public var Count: Int?
        public init(Value: Double? = nil, Count: Int? = nil) {
            self.Value = Value
            self.Count = Count
        }
    }

    public struct Alias: Codable, Sendable, Hashable {
        public var Name: String?
        public var Names: [String]?
        public var `Type`: String?
        public init() {}
    }
}
