import Foundation

/// The parts of an OTLP `ExportTraceServiceRequest` the conversion to X-Ray documents reads,
/// decoded from protobuf (`OTLPProtobufDecoder`) or OTLP/JSON (`OTLPJSONDecoder`) alike.
public struct OTLPResourceSpans: Sendable, Equatable {
    public var resource: [OTLPAttribute] = []
    public var scopes: [OTLPScopeSpans] = []
    /// Resource attributes and nested values skipped past `DecodeBudget.maxListLength`.
    public var droppedValues = 0

    public init(resource: [OTLPAttribute] = [], scopes: [OTLPScopeSpans] = []) {
        self.resource = resource
        self.scopes = scopes
    }
}

public struct OTLPScopeSpans: Sendable, Equatable {
    public var name = ""
    public var version = ""
    public var spans: [OTLPSpan] = []

    public init(name: String = "", version: String = "", spans: [OTLPSpan] = []) {
        self.name = name
        self.version = version
        self.spans = spans
    }
}

public struct OTLPSpan: Sendable, Equatable {
    /// `SpanKind` as the protocol numbers it.
    public enum Kind: Int, Sendable {
        case unspecified = 0, `internal`, server, client, producer, consumer
    }

    /// `Status.StatusCode`: 0 unset, 1 ok, 2 error.
    public enum StatusCode: Int, Sendable {
        case unset = 0, ok, error
    }

    public struct Event: Sendable, Equatable {
        public var timeUnixNano: UInt64 = 0
        public var name = ""
        public var attributes: [OTLPAttribute] = []
        public init() {}
    }

    public struct Link: Sendable, Equatable {
        public var traceID = Data()
        public var spanID = Data()
        public var traceState = ""
        public var attributes: [OTLPAttribute] = []
        public init() {}
    }

    public var traceID = Data()
    public var spanID = Data()
    public var traceState = ""
    public var parentSpanID = Data()
    public var name = ""
    public var kind = Kind.unspecified
    public var startTimeUnixNano: UInt64 = 0
    public var endTimeUnixNano: UInt64 = 0
    public var attributes: [OTLPAttribute] = []
    public var events: [Event] = []
    public var links: [Link] = []
    public var statusCode = StatusCode.unset
    public var statusMessage = ""
    /// Attributes, events, links and nested values skipped because their list was longer than
    /// the decoder keeps (`DecodeBudget.maxListLength`).
    public var droppedValues = 0

    public init() {}
}

/// A `KeyValue`.
public struct OTLPAttribute: Sendable, Equatable {
    public var key: String
    public var value: OTLPValue

    public init(_ key: String, _ value: OTLPValue) {
        self.key = key
        self.value = value
    }
}

/// An `AnyValue`. `empty` is an AnyValue with no member set, which the protocol allows.
public indirect enum OTLPValue: Sendable, Equatable {
    case string(String)
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case array([OTLPValue])
    case keyValues([OTLPAttribute])
    case bytes(Data)
    case empty

    /// The value as a string, for attributes a conversion reads as text (ids, names, URLs).
    public var text: String? {
        switch self {
        case .string(let value): return value
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .bool(let value): return String(value)
        default: return nil
        }
    }

    /// The value as an integer, for attributes a conversion reads as numbers (status codes).
    public var integer: Int64? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value.isFinite && value == value.rounded() && abs(value) < 1e18:
            return Int64(value)
        case .string(let value): return Int64(value)
        default: return nil
        }
    }

    /// The value as JSON (for metadata and the raw view): objects for key-value lists,
    /// base64 for bytes, `null` for an empty value, and non-finite doubles as strings,
    /// which JSON cannot hold.
    public var json: Any {
        switch self {
        case .string(let value): return value
        case .bool(let value): return value
        case .int(let value): return value
        case .double(let value): return value.isFinite ? value : String(value)
        case .array(let values): return values.map(\.json)
        case .keyValues(let pairs):
            var object: [String: Any] = [:]
            for pair in pairs { object[pair.key] = pair.value.json }
            return object
        case .bytes(let data): return data.base64EncodedString()
        case .empty: return NSNull()
        }
    }
}

extension Array where Element == OTLPAttribute {
    /// The last value given for `key` (a repeated key is a sender's bug; the last one wins,
    /// as a map built from the list would have it).
    public subscript(key: String) -> OTLPValue? {
        last { $0.key == key }?.value
    }
}
