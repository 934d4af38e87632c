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

    /// The fields, behind one reference: a document is copied wherever traces are assembled,
    /// summarised and drawn, and a copy of the fields themselves retained some twenty strings,
    /// arrays and dictionaries (a third of an import's time went to retaining and releasing).
    /// Copies share the fields until one of them is changed (`fields` below).
    struct Fields: Sendable, Hashable {
        var kind: Kind
        var id: String
        var traceID: String?
        var parentID: String?
        var name: String
        var startTime: Double
        var endTime: Double?
        var inProgress: Bool
        var type: String?
        var namespace: String?
        var origin: String?
        var user: String?
        var resourceARN: String?
        var service: ServiceInfo?
        var error = false
        var throttle = false
        var fault = false
        var cause: Cause?
        var annotations: [String: AnnotationValue] = [:]
        var metadata = SegmentMetadata()
        var precursorIDs: [String] = []
        var inferred = false
        var traced: Bool?
        var links: [SpanLink] = []
        var subsegments: [SegmentDocument] = []
        var storedSQL: Boxed<SQLInfo>?
        var storedAWS: Boxed<AWSInfo>?
        var storedHTTP: Boxed<HTTPInfo>?
    }

    /// Immutable once shared: changed in place only while this document is its sole owner.
    private final class Storage: @unchecked Sendable {
        var fields: Fields
        init(_ fields: consuming Fields) { self.fields = fields }

        init(taking fields: inout Fields) {
            self.fields = Fields(kind: .segment, id: "", name: "", startTime: 0, inProgress: false)
            swap(&self.fields, &fields)
        }
    }

    private var storage: Storage

    /// The fields to change, copied first if another document shares them.
    private var fields: Fields {
        get { storage.fields }
        _modify {
            if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
            yield &storage.fields
        }
    }

    public var kind: Kind {
        get { storage.fields.kind }
        _modify { yield &fields.kind }
    }
    public var id: String {
        get { storage.fields.id }
        _modify { yield &fields.id }
    }
    public var traceID: String? {
        get { storage.fields.traceID }
        _modify { yield &fields.traceID }
    }
    public var parentID: String? {
        get { storage.fields.parentID }
        _modify { yield &fields.parentID }
    }
    public var name: String {
        get { storage.fields.name }
        _modify { yield &fields.name }
    }
    public var startTime: Double {
        get { storage.fields.startTime }
        _modify { yield &fields.startTime }
    }
    public var endTime: Double? {
        get { storage.fields.endTime }
        _modify { yield &fields.endTime }
    }
    public var inProgress: Bool {
        get { storage.fields.inProgress }
        _modify { yield &fields.inProgress }
    }
    /// `"subsegment"` on standalone subsegments (Python also writes it on embedded ones).
    public var type: String? {
        get { storage.fields.type }
        _modify { yield &fields.type }
    }
    /// `aws` for AWS SDK calls, `remote` for other downstream calls, `local` for custom code.
    public var namespace: String? {
        get { storage.fields.namespace }
        _modify { yield &fields.namespace }
    }
    public var origin: String? {
        get { storage.fields.origin }
        _modify { yield &fields.origin }
    }
    public var user: String? {
        get { storage.fields.user }
        _modify { yield &fields.user }
    }
    public var resourceARN: String? {
        get { storage.fields.resourceARN }
        _modify { yield &fields.resourceARN }
    }
    public var service: ServiceInfo? {
        get { storage.fields.service }
        _modify { yield &fields.service }
    }
    public var error: Bool {
        get { storage.fields.error }
        _modify { yield &fields.error }
    }
    public var throttle: Bool {
        get { storage.fields.throttle }
        _modify { yield &fields.throttle }
    }
    public var fault: Bool {
        get { storage.fields.fault }
        _modify { yield &fields.fault }
    }
    public var cause: Cause? {
        get { storage.fields.cause }
        _modify { yield &fields.cause }
    }
    public var annotations: [String: AnnotationValue] {
        get { storage.fields.annotations }
        _modify { yield &fields.annotations }
    }
    public var metadata: [String: JSONValue] {
        get { storage.fields.metadata.values }
        set { fields.metadata = SegmentMetadata(newValue) }
    }
    public var precursorIDs: [String] {
        get { storage.fields.precursorIDs }
        _modify { yield &fields.precursorIDs }
    }
    /// Set on the inferred documents X-Ray adds to BatchGetTraces output.
    public var inferred: Bool {
        get { storage.fields.inferred }
        _modify { yield &fields.inferred }
    }
    /// A legacy flag still present in the schema.
    public var traced: Bool? {
        get { storage.fields.traced }
        _modify { yield &fields.traced }
    }
    public var links: [SpanLink] {
        get { storage.fields.links }
        _modify { yield &fields.links }
    }
    public var subsegments: [SegmentDocument] {
        get { storage.fields.subsegments }
        _modify { yield &fields.subsegments }
    }
    public var http: HTTPInfo? {
        get { storage.fields.storedHTTP?.value }
        set { fields.storedHTTP = newValue.map(Boxed.init) }
    }
    public var aws: AWSInfo? {
        get { storage.fields.storedAWS?.value }
        set { fields.storedAWS = newValue.map(Boxed.init) }
    }
    public var sql: SQLInfo? {
        get { storage.fields.storedSQL?.value }
        set { fields.storedSQL = newValue.map(Boxed.init) }
    }
    /// Where `http`, `aws` and `sql` live (see `Boxed`).
    var storedSQL: Boxed<SQLInfo>? {
        get { storage.fields.storedSQL }
        _modify { yield &fields.storedSQL }
    }
    var storedAWS: Boxed<AWSInfo>? {
        get { storage.fields.storedAWS }
        _modify { yield &fields.storedAWS }
    }
    var storedHTTP: Boxed<HTTPInfo>? {
        get { storage.fields.storedHTTP }
        _modify { yield &fields.storedHTTP }
    }

    public init(
        kind: Kind, id: String, traceID: String? = nil, parentID: String? = nil, name: String,
        startTime: Double, endTime: Double? = nil, inProgress: Bool = false
    ) {
        storage = Storage(
            Fields(
                kind: kind, id: id, traceID: traceID, parentID: parentID, name: name, startTime: startTime,
                endTime: endTime, inProgress: inProgress))
    }

    /// A document from fields built whole (by the decoder): one allocation, where setting each
    /// field checked on every change that the fields were not shared. The fields are taken, and
    /// `fields` left empty: passed as a value, they were copied (every string and array in them
    /// retained, then released with the decoder's copy), a tenth of decoding.
    init(taking fields: inout Fields) { storage = Storage(taking: &fields) }

    /// A document whose fields `build` sets where they are kept, so that they are neither
    /// copied nor swapped out (the emptied fields `init(taking:)` leaves cost a destroy).
    init<Failure: Error>(building build: (inout Fields) throws(Failure) -> Void) throws(Failure) {
        storage = Storage(Fields(kind: .segment, id: "", name: "", startTime: 0, inProgress: false))
        try build(&storage.fields)
    }

    public static func == (a: SegmentDocument, b: SegmentDocument) -> Bool {
        a.storage === b.storage || a.storage.fields == b.storage.fields
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(storage.fields) }

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
        // Read in its box: `http` would copy the whole block (placing a trace asks this of
        // every span several times).
        if let status = storedHTTP?.value.response?.status { return StatusClass(httpStatus: status) }
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

extension SegmentDocument {
    /// The EC2 instance the document ran on: a summary's `InstanceIds`. Read where the `aws`
    /// block is boxed (`aws` copies the whole block, every string retained).
    public var instanceID: String? { storedAWS?.value.ec2?.instanceID }

    /// The zone it ran in, from EC2 or else ECS: a summary's `AvailabilityZones`.
    public var availabilityZone: String? {
        let aws = storedAWS
        return aws?.value.ec2?.availabilityZone ?? aws?.value.ecs?.availabilityZone
    }
}
