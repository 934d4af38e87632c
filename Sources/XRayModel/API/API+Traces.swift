extension API {
    public struct BatchGetTracesRequest: Codable, Sendable, Hashable {
        /// 1 to 5 ids per call.
        public var TraceIds: [String]?
        public var NextToken: String?
        public init(TraceIds: [String]? = nil, NextToken: String? = nil) {
            self.TraceIds = TraceIds
            self.NextToken = NextToken
        }
    }

    public struct BatchGetTracesResult: Codable, Sendable, Hashable {
        public var Traces: [Trace]?
        public var UnprocessedTraceIds: [String]?
        public var NextToken: String?
        public init(Traces: [Trace]? = nil, UnprocessedTraceIds: [String]? = nil) {
            self.Traces = Traces
            self.UnprocessedTraceIds = UnprocessedTraceIds
        }
    }

    public struct Trace: Codable, Sendable, Hashable {
        public var Id: String?
        public var Duration: Double?
        /// The trace document exceeded 500 KB.
        public var LimitExceeded: Bool?
        public var Segments: [Segment]?
        public init() {}
    }

    public struct Segment: Codable, Sendable, Hashable {
        public var Id: String?
        /// The segment document as a JSON string.
        public var Document: String?
        public init(Id: String? = nil, Document: String? = nil) {
            self.Id = Id
            self.Document = Document
        }
    }

    public struct GetTraceGraphRequest: Codable, Sendable, Hashable {
        public var TraceIds: [String]?
        public var NextToken: String?
        public init() {}
    }

    public struct GetTraceGraphResult: Codable, Sendable, Hashable {
        public var Services: [Service]?
        public var NextToken: String?
        public init() {}
    }

    public struct PutTraceSegmentsRequest: Codable, Sendable, Hashable {
        /// Each element is one document as a JSON string.
        public var TraceSegmentDocuments: [String]?
        public init(TraceSegmentDocuments: [String]? = nil) {
            self.TraceSegmentDocuments = TraceSegmentDocuments
        }
    }

    public struct PutTraceSegmentsResult: Codable, Sendable, Hashable {
        public var UnprocessedTraceSegments: [UnprocessedTraceSegment]?
        public init(UnprocessedTraceSegments: [UnprocessedTraceSegment]? = nil) {
            self.UnprocessedTraceSegments = UnprocessedTraceSegments
        }
    }

    public struct UnprocessedTraceSegment: Codable, Sendable, Hashable {
        public var Id: String?
        public var ErrorCode: String?
        public var Message: String?
        public init(Id: String? = nil, ErrorCode: String? = nil, Message: String? = nil) {
            self.Id = Id
            self.ErrorCode = ErrorCode
            self.Message = Message
        }
    }
}
