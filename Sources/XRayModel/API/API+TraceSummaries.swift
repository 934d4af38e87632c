extension API {
    public struct GetTraceSummariesRequest: Codable, Sendable, Hashable {
        public var StartTime: Double?
        public var EndTime: Double?
        /// `TraceId` (trace start), `Event` (any update) or `Service` (segment end).
        public var TimeRangeType: String?
        public var Sampling: Bool?
        public var SamplingStrategy: SamplingStrategy?
        public var FilterExpression: String?
        public var NextToken: String?
        public init() {}
    }

    public struct SamplingStrategy: Codable, Sendable, Hashable {
        public var Name: String?
        public var Value: Double?
        public init() {}
    }

    public struct GetTraceSummariesResult: Codable, Sendable, Hashable {
        public var TraceSummaries: [TraceSummary]?
        public var ApproximateTime: Double?
        public var TracesProcessedCount: Int?
        public var NextToken: String?
        public init() {}
    }

    public struct TraceSummary: Codable, Sendable, Hashable {
        public var Id: String?
        public var StartTime: Double?
        public var Duration: Double?
        public var ResponseTime: Double?
        public var HasFault: Bool?
        public var HasError: Bool?
        public var HasThrottle: Bool?
        public var IsPartial: Bool?
        public var Http: Http?
        public var Annotations: [String: [ValueWithServiceIds]]?
        public var Users: [TraceUser]?
        public var ServiceIds: [ServiceId]?
        public var ResourceARNs: [ResourceARNDetail]?
        public var InstanceIds: [InstanceIdDetail]?
        public var AvailabilityZones: [AvailabilityZoneDetail]?
        public var EntryPoint: ServiceId?
        public var FaultRootCauses: [RootCause]?
        public var ErrorRootCauses: [RootCause]?
        public var ResponseTimeRootCauses: [RootCause]?
        public var Revision: Int?
        public var MatchedEventTime: Double?
        public init() {}
    }

    public struct Http: Codable, Sendable, Hashable {
        public var HttpURL: String?
        public var HttpStatus: Int?
        public var HttpMethod: String?
        public var UserAgent: String?
        public var ClientIp: String?
        public init() {}
    }

    public struct ValueWithServiceIds: Codable, Sendable, Hashable {
        public var AnnotationValue: AnnotationValue?
        public var ServiceIds: [ServiceId]?
        public init(AnnotationValue: AnnotationValue? = nil, ServiceIds: [ServiceId]? = nil) {
            self.AnnotationValue = AnnotationValue
            self.ServiceIds = ServiceIds
        }
    }

    /// One of the three is set.
    public struct AnnotationValue: Codable, Sendable, Hashable {
        public var NumberValue: Double?
        public var BooleanValue: Bool?
        public var StringValue: String?
        public init(NumberValue: Double? = nil, BooleanValue: Bool? = nil, StringValue: String? = nil) {
            self.NumberValue = NumberValue
            self.BooleanValue = BooleanValue
            self.StringValue = StringValue
        }
    }

    public struct TraceUser: Codable, Sendable, Hashable {
        public var UserName: String?
        public var ServiceIds: [ServiceId]?
        public init(UserName: String? = nil, ServiceIds: [ServiceId]? = nil) {
            self.UserName = UserName
            self.ServiceIds = ServiceIds
        }
    }

    public struct ResourceARNDetail: Codable, Sendable, Hashable {
        public var ARN: String?
        public init(ARN: String? = nil) { self.ARN = ARN }
    }

    public struct InstanceIdDetail: Codable, Sendable, Hashable {
        public var Id: String?
        public init(Id: String? = nil) { self.Id = Id }
    }

    public struct AvailabilityZoneDetail: Codable, Sendable, Hashable {
        public var Name: String?
        public init(Name: String? = nil) { self.Name = Name }
    }

    /// FaultRootCause, ErrorRootCause and ResponseTimeRootCause share this shape.
    public struct RootCause: Codable, Sendable, Hashable {
        public var Services: [RootCauseService]?
        public var ClientImpacting: Bool?
        public init(Services: [RootCauseService]? = nil, ClientImpacting: Bool? = nil) {
            self.Services = Services
            self.ClientImpacting = ClientImpacting
        }
    }

    public struct RootCauseService: Codable, Sendable, Hashable {
        public var Name: String?
        public var Names: [String]?
        public var `Type`: String?
        public var AccountId: String?
        public var EntityPath: [RootCauseEntity]?
        public var Inferred: Bool?
        public init() {}
    }

    /// `Exceptions` on fault and error root causes, `Coverage` on response-time ones.
    public struct RootCauseEntity: Codable, Sendable, Hashable {
        public var Name: String?
        public var Coverage: Double?
        public var Exceptions: [RootCauseException]?
        public var Remote: Bool?
        public init() {}
    }

    public struct RootCauseException: Codable, Sendable, Hashable {
        public var Name: String?
        public var Message: String?
        public init(Name: String? = nil, Message: String? = nil) {
            self.Name = Name
            self.Message = Message
        }
    }
}
