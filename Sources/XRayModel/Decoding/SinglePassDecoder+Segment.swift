// The segment document read in one pass: each field as its key comes, then the checks of
// `SegmentDecoder.segment`, any of which failing leaves the document to that decoder.

extension SinglePassDecoder {
    /// A top-level document, or (`embedded`) one in a `subsegments` array.
    mutating func segment(embedded: Bool) throws(Decline) -> SegmentDocument {
        try SegmentDocument { fields throws(Decline) in try segment(into: &fields, embedded: embedded) }
    }

    private mutating func segment(into fields: inout SegmentDocument.Fields, embedded: Bool) throws(Decline) {
        var id: String?
        var name: String?
        var startTime: Double?
        var object = try openObject()
        while let key: SegmentKey = try nextField(&object) {
            switch key {
            case .type: fields.type = try text()
            case .id: id = try entityID()
            case .traceID: fields.traceID = try sharedID { XRayID.isValidTraceID(bytes: $0) }
            case .parentID: fields.parentID = try sharedID { XRayID.isValidEntityID(bytes: $0) }
            case .name: name = try text()
            case .startTime: startTime = try number()
            case .endTime: fields.endTime = try number()
            case .inProgress: fields.inProgress = try flag()
            case .namespace: fields.namespace = try text()
            case .origin: fields.origin = try text()
            case .user: fields.user = try text()
            case .resourceARN: fields.resourceARN = try text()
            // Each block is read into its final place: returned, the whole block was copied
            // and the original destroyed (5 % of decoding a document).
            case .service:
                fields.service = ServiceInfo()
                try service(into: &fields.service!)
            case .http: fields.storedHTTP = try Boxed(HTTPInfo()) { http throws(Decline) in try self.http(into: &http) }
            case .aws: fields.storedAWS = try Boxed(AWSInfo()) { aws throws(Decline) in try self.aws(into: &aws) }
            case .sql: fields.storedSQL = try Boxed(SQLInfo()) { sql throws(Decline) in try self.sql(into: &sql) }
            case .error: fields.error = try flag()
            case .throttle: fields.throttle = try flag()
            case .fault: fields.fault = try flag()
            case .cause: fields.cause = try cause()
            case .annotations: fields.annotations = try annotations()
            case .metadata: fields.metadata = try metadata()
            // Not sanitized: the reference keeps precursor ids as sent.
            case .precursorIDs: fields.precursorIDs = try texts(clean: false)
            case .inferred: fields.inferred = try flag()
            case .traced: fields.traced = try flag()
            case .links: fields.links = try list { decoder throws(Decline) in try decoder.link() }
            case .subsegments:
                fields.subsegments = try list { decoder throws(Decline) in try decoder.segment(embedded: true) }
            }
        }

        fields.kind = (embedded || fields.type == "subsegment") ? .subsegment : .segment
        // The ids were checked as they were read.
        guard let id else { throw Decline() }
        fields.id = id
        if fields.traceID == nil && !embedded { throw Decline() }
        if fields.kind == .subsegment && !embedded && fields.parentID == nil { throw Decline() }
        guard let name else { throw Decline() }
        if fields.kind == .segment, name.utf8.count > DocumentLimits.maxNameLength,
            name.count > DocumentLimits.maxNameLength
        {
            throw Decline()
        }
        fields.name = name
        guard let startTime else { throw Decline() }
        fields.startTime = startTime
        if fields.endTime == nil && !fields.inProgress { throw Decline() }
        if let end = fields.endTime, end < startTime { throw Decline() }
    }

    /// Annotations whose keys are all plain and whose values are all strings, numbers or
    /// booleans, each key once: the case the tape decoder reads straight into annotations.
    private mutating func annotations() throws(Decline) -> [String: AnnotationValue] {
        var object = try openObject()
        var annotations: [String: AnnotationValue] = [:]
        while let keyNode = try nextKey(&object) {
            // Other keys are sanitized there, which may make two keys one.
            guard keyNode.plain else { throw Decline() }
            let key = string(UnsafeRawBufferPointer(rebasing: bytes[Int(keyNode.start)..<Int(keyNode.end)]))
            let value: AnnotationValue
            switch current {
            case UInt8(ascii: "\""): value = .string(try text())
            case UInt8(ascii: "t"), UInt8(ascii: "f"): value = .bool(try flag())
            default:
                // Whole numbers go through Int64 there, as free-form values do.
                switch try freeFormValue() {
                case .int(let integer): value = .number(Double(integer))
                case .double(let double): value = .number(double)
                default: throw Decline()
                }
            }
            // A repeated key: the tape decoder reads only the first.
            guard annotations.updateValue(value, forKey: key) == nil else { throw Decline() }
        }
        return annotations
    }

    private mutating func link() throws(Decline) -> SpanLink {
        var link = SpanLink()
        var object = try openObject()
        while let key: LinkKey = try nextField(&object) {
            switch key {
            case .traceID: link.traceID = try text()
            case .id: link.id = try text()
            case .attributes: link.attributes = try freeFormObject()
            }
        }
        return link
    }
}
