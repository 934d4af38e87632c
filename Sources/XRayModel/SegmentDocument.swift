/// One segment or subsegment as an SDK sends it (reference/xray.md §2). Embedded subsegments
/// are nested in `subsegments`; a standalone subsegment is a top-level document with
/// `type: "subsegment"`, a `trace_id` and a `parent_id`.
///
/// Decoding is lenient where real SDKs are (exponent-form numbers, `content_length` as a
/// string) and strict where X-Ray is (ids, required fields); see `SegmentDocument+Decoding`.
/// Strings that can reach the screen are sanitized while decoding.
public struct SegmentDocument: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case segment
        case subsegment
    }

    public var kind: Kind
    public var id: String
    public var traceID: String?
    public var parentID: String?
    public var name: String
    public var startTime: Double
    public var endTime: Double?
    public var inProgress: Bool
    /// `"subsegment"` on standalone subsegments (Python also writes it on embedded ones).
    public var type: String?
    /// `aws` for AWS SDK calls, `remote` for other downstream calls, `local` for custom code.
    public var namespace: String?
    public var origin: String?
    public var user: String?
    public var resourceARN: String?
    public var service: ServiceInfo?
    public var http: HTTPInfo? {
        get { storedHTTP?.value }
        set { storedHTTP = newValue.map(Boxed.init) }
    }
    public var aws: AWSInfo? {
        get { storedAWS?.value }
        set { storedAWS = newValue.map(Boxed.init) }
    }
    public var sql: SQLInfo? {
        get { storedSQL?.value }
        set { storedSQL = newValue.map(Boxed.init) }
    }
    public var error: Bool
    public var throttle: Bool
    public var fault: Bool
    public var cause: Cause?
    public var annotations: [String: AnnotationValue]
    public var metadata: [String: JSONValue]
    public var precursorIDs: [String]
    /// Set on the inferred documents X-Ray adds to BatchGetTraces output.
    public var inferred: Bool
    /// A legacy flag still present in the schema.
    public var traced: Bool?
    public var links: [SpanLink]
    public var subsegments: [SegmentDocument]
    /// Where `http`, `aws` and `sql` live (see `Boxed`).
    var storedSQL: Boxed<SQLInfo>?
    var storedAWS: Boxed<AWSInfo>?
    var storedHTTP: Boxed<HTTPInfo>?

    public init(
        kind: Kind, id: String, traceID: String? = nil, parentID: String? = nil, name: String,
        startTime: Double, endTime: Double? = nil, inProgress: Bool = false
    ) {
        self.kind = kind
        self.id = id
        self.traceID = traceID
        self.parentID = parentID
        self.name = name
        self.startTime = startTime
        self.endTime = endTime
        self.inProgress = inProgress
        self.error = false
        self.throttle = false
        self.fault = false
        self.annotations = [:]
        self.metadata = [:]
        self.precursorIDs = []
        self.inferred = false
        self.links = []
        self.subsegments = []
    }

    /// True for a document that is finished: X-Ray replaces an in-progress one with it.
    public var isComplete: Bool { endTime != nil && !inProgress }

    /// `end_time - start_time`, or nil while in progress.
    public var duration: Double? { endTime.map { max(0, $0 - startTime) } }

    /// The status class X-Ray counts in service and edge statistics. The flags win; without
    /// them the HTTP status decides, as the SDKs set the flags from it.
    public var statusClass: StatusClass {
        if fault { return .fault }
        if throttle { return .throttle }
        if error { return .error }
        if let status = http?.response?.status { return StatusClass(httpStatus: status) }
        return .ok
    }

    /// Every exception recorded on this entity (an id-only `cause` points elsewhere).
    public var exceptions: [ExceptionRecord] {
        if case .details(let details) = cause { return details.exceptions }
        return []
    }
}

/// `service` block: the application's version, plus what the SDK adds about its runtime.
public struct ServiceInfo: Sendable, Hashable {
    public var version: String?
    public var runtime: String?
    public var runtimeVersion: String?
    public var compiler: String?
    public var compilerVersion: String?
    public init(version: String? = nil, runtime: String? = nil, runtimeVersion: String? = nil) {
        self.version = version
        self.runtime = runtime
        self.runtimeVersion = runtimeVersion
    }
}

public struct HTTPInfo: Sendable, Hashable {
    public var request: Request?
    public var response: Response?

    public init(request: Request? = nil, response: Response? = nil) {
        self.request = request
        self.response = response
    }

    public struct Request: Sendable, Hashable {
        public var method: String?
        public var url: String?
        public var userAgent: String?
        public var clientIP: String?
        /// True when `client_ip` came from an `X-Forwarded-For` header (and may be forged).
        public var xForwardedFor: Bool?
        /// On a subsegment: the callee is traced and will send a segment with this parent id.
        public var traced: Bool?
        public init(
            method: String? = nil, url: String? = nil, userAgent: String? = nil,
            clientIP: String? = nil, xForwardedFor: Bool? = nil, traced: Bool? = nil
        ) {
            self.method = method
            self.url = url
            self.userAgent = userAgent
            self.clientIP = clientIP
            self.xForwardedFor = xForwardedFor
            self.traced = traced
        }
    }

    public struct Response: Sendable, Hashable {
        public var status: Int?
        /// `-1` occurs in the wild, and some SDKs send a string.
        public var contentLength: Int?
        public init(status: Int? = nil, contentLength: Int? = nil) {
            self.status = status
            self.contentLength = contentLength
        }
    }
}

public struct SQLInfo: Sendable, Hashable {
    public var connectionString: String?
    public var url: String?
    public var sanitizedQuery: String?
    public var databaseType: String?
    public var databaseVersion: String?
    public var driverVersion: String?
    public var user: String?
    /// `"call"` or `"statement"`.
    public var preparation: String?
    public init(
        url: String? = nil, sanitizedQuery: String? = nil, databaseType: String? = nil,
        databaseVersion: String? = nil, user: String? = nil, preparation: String? = nil
    ) {
        self.url = url
        self.sanitizedQuery = sanitizedQuery
        self.databaseType = databaseType
        self.databaseVersion = databaseVersion
        self.user = user
        self.preparation = preparation
    }
}

/// `cause`: either the id of an exception recorded elsewhere in the trace, or the details.
public enum Cause: Sendable, Hashable {
    case exceptionID(String)
    case details(CauseDetails)
}

public struct CauseDetails: Sendable, Hashable {
    public var workingDirectory: String?
    public var paths: [String]
    public var exceptions: [ExceptionRecord]
    public init(workingDirectory: String? = nil, paths: [String] = [], exceptions: [ExceptionRecord] = []) {
        self.workingDirectory = workingDirectory
        self.paths = paths
        self.exceptions = exceptions
    }
}

public struct ExceptionRecord: Sendable, Hashable {
    public var id: String?
    public var message: String?
    public var type: String?
    /// The exception was caused by an error returned by a downstream service.
    public var remote: Bool?
    /// Number of stack frames omitted.
    public var truncated: Int?
    /// Number of exceptions skipped between this one and its child.
    public var skipped: Int?
    /// Id of the parent exception (the one that caused this one).
    public var cause: String?
    public var stack: [StackFrame]
    public init(
        id: String? = nil, message: String? = nil, type: String? = nil, remote: Bool? = nil,
        truncated: Int? = nil, skipped: Int? = nil, cause: String? = nil, stack: [StackFrame] = []
    ) {
        self.id = id
        self.message = message
        self.type = type
        self.remote = remote
        self.truncated = truncated
        self.skipped = skipped
        self.cause = cause
        self.stack = stack
    }
}

public struct StackFrame: Sendable, Hashable {
    public var path: String?
    public var line: Int?
    public var label: String?
    public init(path: String? = nil, line: Int? = nil, label: String? = nil) {
        self.path = path
        self.line = line
        self.label = label
    }
}

/// Annotation values are indexed and limited to these three types.
public enum AnnotationValue: Sendable, Hashable {
    case string(String)
    case number(Double)
    case bool(Bool)
}

/// `links[]` as the OpenTelemetry exporter writes them.
public struct SpanLink: Sendable, Hashable {
    public var traceID: String?
    public var id: String?
    public var attributes: [String: JSONValue]
    public init(traceID: String? = nil, id: String? = nil, attributes: [String: JSONValue] = [:]) {
        self.traceID = traceID
        self.id = id
        self.attributes = attributes
    }
}

/// How X-Ray classes a response in its statistics.
public enum StatusClass: String, Sendable, Hashable, CaseIterable {
    case ok
    case error  // 4xx other than 429
    case throttle  // 429
    case fault  // 5xx

    public init(httpStatus: Int) {
        switch httpStatus {
        case 429: self = .throttle
        case 400..<500: self = .error
        case 500...: self = .fault
        default: self = .ok
        }
    }
}
