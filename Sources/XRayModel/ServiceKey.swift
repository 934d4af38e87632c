/// A node of the service graph: X-Ray tells nodes apart by name and type (a Lambda function
/// yields an `AWS::Lambda` and an `AWS::Lambda::Function` node of one name).
public struct ServiceKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var name: String
    /// The segment's origin, an AWS resource type, `client`, `remote` or `Database::SQL`;
    /// nil for a service whose segments name no origin.
    public var type: String?

    public init(name: String, type: String?) {
        self.name = name
        self.type = type
    }

    public var isClient: Bool { type == "client" }

    public static func < (a: ServiceKey, b: ServiceKey) -> Bool {
        (a.isClient ? 0 : 1, a.name, a.type ?? "") < (b.isClient ? 0 : 1, b.name, b.type ?? "")
    }

    public var description: String { type.map { "\(name) (\($0))" } ?? name }
}

/// Where a subsegment's call went, if it was a call at all.
public enum Downstream: Sendable, Hashable {
    /// The callee sent its own segments (their `parent_id` is the subsegment).
    case traced([Int])
    /// The callee sent nothing: X-Ray infers a node from the subsegment (reference §5.1).
    case inferred(ServiceKey)
}

extension Trace {
    /// The graph node a segment belongs to.
    public func serviceKey(ofSegment span: Span) -> ServiceKey {
        ServiceKey(name: span.document.name, type: span.document.origin)
    }

    /// The service node that owns any span: its segment's node, or for an orphan subsegment
    /// a node named after it.
    public func owningService(of span: Span) -> ServiceKey {
        if let segment = owningSegment(of: span) { return serviceKey(ofSegment: segment) }
        return ServiceKey(name: span.document.name, type: span.document.origin)
    }

    /// Whether a subsegment called something downstream, and what.
    public func downstream(of index: Int) -> Downstream? {
        // Read in place: copying the span would retain each of its fields.
        guard !spans[index].isSegment else { return nil }
        if !spans[index].callees.isEmpty { return .traced(spans[index].callees) }
        return Self.inferredService(for: spans[index].document).map(Downstream.inferred)
    }

    /// The node X-Ray infers for a subsegment whose callee sends no segment: AWS calls by
    /// resource (a DynamoDB table, an SQS queue, an S3 bucket) or by service, SQL databases,
    /// and remote HTTP calls by host name.
    public static func inferredService(for document: SegmentDocument) -> ServiceKey? {
        if document.storedSQL != nil { return ServiceKey(name: document.name, type: "Database::SQL") }
        // The blocks are read where they are boxed: `document.aws` and `document.http` copy the
        // whole block (every string in it retained), and this runs for every subsegment each
        // time a trace is summarised, indexed and mapped.
        switch document.namespace {
        case "aws":
            let aws = document.storedAWS
            if let table = aws?.value.tableName { return ServiceKey(name: table, type: "AWS::DynamoDB::Table") }
            if let queue = aws?.value.queueURL?.split(separator: "/").last {
                return ServiceKey(name: String(queue), type: "AWS::SQS::Queue")
            }
            if let bucket = aws?.value.bucketName { return ServiceKey(name: bucket, type: "AWS::S3::Bucket") }
            return ServiceKey(name: document.name, type: "AWS::\(document.name)")
        case "remote":
            return ServiceKey(name: document.name, type: "remote")
        default:
            if document.storedHTTP?.value.request?.traced == true {
                return ServiceKey(name: document.name, type: "remote")
            }
            return nil
        }
    }
}
