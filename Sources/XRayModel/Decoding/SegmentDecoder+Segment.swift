// The segment document itself, read in the order of `SegmentDocument.init(from:)`.

enum SegmentKey: Int, SchemaKey {
    case type, id, traceID, parentID, name, startTime, endTime, inProgress, namespace, origin, user
    case resourceARN, service, http, aws, sql, error, throttle, fault, cause, annotations, metadata
    case precursorIDs, inferred, traced, links, subsegments

    static let names = FieldNames([
        "type", "id", "trace_id", "parent_id", "name", "start_time", "end_time", "in_progress", "namespace",
        "origin", "user", "resource_arn", "service", "http", "aws", "sql", "error", "throttle", "fault", "cause",
        "annotations", "metadata", "precursor_ids", "inferred", "traced", "links", "subsegments",
    ])
}

enum LinkKey: Int, SchemaKey {
    case traceID, id, attributes
    static let names = FieldNames(["trace_id", "id", "attributes"])
}

extension SegmentDecoder {
    /// A top-level document, or (`embedded`) one in a `subsegments` array.
    mutating func segment(_ node: Int, embedded: Bool) throws(RejectionReason) -> SegmentDocument {
        try element(node, SegmentKey.self) { decoder, fields throws(RejectionReason) in
            try decoder.segment(fields, embedded: embedded)
        }
    }

    private mutating func segment(
        _ fields: Fields<SegmentKey>, embedded: Bool
    ) throws(RejectionReason) -> SegmentDocument {
        let declaredType = try text(fields, .type)
        let kind: SegmentDocument.Kind = (embedded || declaredType == "subsegment") ? .subsegment : .segment

        guard let id = try text(fields, .id) else { throw .missingField(pathString(SegmentKey.id)) }
        guard XRayID.isValidEntityID(id) else { throw .badID(path: pathString(SegmentKey.id), value: id) }
        let traceID = try text(fields, .traceID)
        if let traceID {
            guard XRayID.isValidTraceID(traceID) else { throw .badTraceID(traceID) }
        } else if !embedded {
            throw .missingField(pathString(SegmentKey.traceID))
        }
        let parentID = try text(fields, .parentID)
        if let parentID, !XRayID.isValidEntityID(parentID) {
            throw .badID(path: pathString(SegmentKey.parentID), value: parentID)
        }
        if kind == .subsegment && !embedded && parentID == nil { throw .missingField(pathString(SegmentKey.parentID)) }

        guard let name = try text(fields, .name) else { throw .missingField(pathString(SegmentKey.name)) }
        // Counted in characters, as the reference does; only long UTF-8 can be too long.
        if kind == .segment, name.utf8.count > DocumentLimits.maxNameLength, name.count > DocumentLimits.maxNameLength {
            throw .nameTooLong(path: pathString(SegmentKey.name), length: name.count)
        }
        guard let start = try number(fields, .startTime) else { throw .missingField(pathString(SegmentKey.startTime)) }
        var decoded = SegmentDocument.Fields(
            kind: kind, id: id, traceID: traceID, parentID: parentID, name: name, startTime: start,
            endTime: try number(fields, .endTime), inProgress: try flag(fields, .inProgress) ?? false)
        decoded.type = declaredType
        if decoded.endTime == nil && !decoded.inProgress { throw .noEndTimeNorInProgress(path: pathString()) }
        if let end = decoded.endTime, end < start { throw .endBeforeStart(path: pathString()) }

        decoded.namespace = try text(fields, .namespace)
        decoded.origin = try text(fields, .origin)
        decoded.user = try text(fields, .user)
        decoded.resourceARN = try text(fields, .resourceARN)
        decoded.service = try block(fields, .service, ServiceInfoKey.self) { decoder, fields throws(RejectionReason) in
            try decoder.service(fields)
        }
        decoded.storedHTTP = try block(fields, .http, HTTPKey.self) { decoder, fields throws(RejectionReason) in
            Boxed(try decoder.http(fields))
        }
        decoded.storedAWS = try block(fields, .aws, AWSKey.self) { decoder, fields throws(RejectionReason) in
            Boxed(try decoder.aws(fields))
        }
        decoded.storedSQL = try block(fields, .sql, SQLKey.self) { decoder, fields throws(RejectionReason) in
            Boxed(try decoder.sql(fields))
        }
        decoded.error = try flag(fields, .error) ?? false
        decoded.throttle = try flag(fields, .throttle) ?? false
        decoded.fault = try flag(fields, .fault) ?? false
        decoded.cause = try cause(fields, .cause)
        decoded.annotations = try annotations(fields, .annotations)
        decoded.metadata = SegmentMetadata(try freeFormObject(fields, .metadata) ?? [:])
        // Not sanitized: the reference keeps precursor ids as sent.
        decoded.precursorIDs = try strings(fields, .precursorIDs, clean: false) ?? []
        decoded.inferred = try flag(fields, .inferred) ?? false
        decoded.traced = try flag(fields, .traced)
        decoded.links =
            try list(fields, .links) { decoder, element throws(RejectionReason) in
                try decoder.element(element, LinkKey.self) { decoder, fields throws(RejectionReason) in
                    SpanLink(
                        traceID: try decoder.text(fields, .traceID), id: try decoder.text(fields, .id),
                        attributes: try decoder.freeFormObject(fields, .attributes) ?? [:])
                }
            } ?? []
        decoded.subsegments =
            try list(fields, .subsegments) { decoder, element throws(RejectionReason) in
                try decoder.segment(element, embedded: true)
            } ?? []
        return SegmentDocument(taking: &decoded)
    }

    /// Annotation values must be a string, number or boolean; keys and strings are sanitized.
    /// Every value is read first (as the reference decodes the whole dictionary), then typed;
    /// of two values of the wrong type, either may be the one named (so in the reference).
    private mutating func annotations(
        _ fields: Fields<SegmentKey>, _ key: SegmentKey
    ) throws(RejectionReason) -> [String: AnnotationValue] {
        if let index = node(fields, key), tape.nodes[index].kind == .object,
            let annotations = try entering(
                .key(key.name),
                { decoder throws(RejectionReason) in
                    try decoder.plainAnnotations(index)
                })
        {
            return annotations
        }
        guard let values = try freeFormObject(fields, key) else { return [:] }
        var annotations: [String: AnnotationValue] = [:]
        annotations.reserveCapacity(values.count)
        for (name, value) in values {
            switch value {
            case .string(let text): annotations[Sanitizer.clean(name)] = .string(Sanitizer.clean(text))
            case .int(let number): annotations[Sanitizer.clean(name)] = .number(Double(number))
            case .double(let number): annotations[Sanitizer.clean(name)] = .number(number)
            case .bool(let flag): annotations[Sanitizer.clean(name)] = .bool(flag)
            case .null: continue
            case .array, .object:
                throw .wrongType(path: pathString(key) + "." + name, expected: "a string, number or boolean")
            }
        }
        return annotations
    }

    /// The common case read straight into annotations, without the dictionary of free-form
    /// values first: every key plain (so sanitizing cannot make two keys one) and every value a
    /// string, number or boolean. Anything else is nil, and the caller takes the general
    /// path, which names a wrong value as the reference does. A malformed value is refused
    /// here, as there, at the first in the document's order.
    private mutating func plainAnnotations(_ object: Int) throws(RejectionReason) -> [String: AnnotationValue]? {
        var annotations: [String: AnnotationValue] = [:]
        var member = object + 1
        let end = Int(tape.nodes[object].end)
        while member < end {
            let keyNode = tape.nodes[member]
            let valueNode = tape.nodes[member + 1]
            // A null leaves no annotation yet still wins over a later value of its key; this
            // loop does not track that, so such an object takes the general path.
            guard keyNode.plain, valueNode.kind != .object, valueNode.kind != .array, valueNode.kind != .null
            else { return nil }
            let key = String(
                decoding: UnsafeRawBufferPointer(rebasing: bytes[Int(keyNode.start)..<Int(keyNode.end)]), as: UTF8.self)
            if annotations[key] == nil {
                let value = try entering(.key(key)) { decoder throws(RejectionReason) in
                    try decoder.annotationValue(member + 1)
                }
                annotations[key] = value
            }
            member += 2
        }
        return annotations
    }

    /// A scalar annotation value, converted as the general path converts the free-form value
    /// (a whole number through `Int64`).
    private func annotationValue(_ index: Int) throws(RejectionReason) -> AnnotationValue {
        let node = tape.nodes[index]
        switch node.kind {
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .number:
            switch freeFormNumber(node) {
            case .int(let integer): return .number(Double(integer))
            case .double(let double): return .number(double)
            default: break
            }
        case .string:
            if let text = JSONTape.text(node, in: bytes) { return .string(text) }
        case .null, .object, .array: break
        }
        throw .wrongType(path: pathString(), expected: "an object")
    }
}
