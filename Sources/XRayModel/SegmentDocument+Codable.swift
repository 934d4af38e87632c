import Foundation

extension SegmentDocument: Codable {
    enum CodingKeys: String, CodingKey {
        case id, name, type, namespace, origin, user, service, http, aws, sql, error, throttle, fault
        case cause, annotations, metadata, inferred, traced, links, subsegments
        case traceID = "trace_id", parentID = "parent_id", startTime = "start_time"
        case endTime = "end_time", inProgress = "in_progress", resourceARN = "resource_arn"
        case precursorIDs = "precursor_ids"
    }

    /// Decodes and validates in one pass. Embedded subsegments are decoded by the same
    /// initializer; the coding path tells them apart and names the field in any error.
    public init(from decoder: Decoder) throws {
        self.init(kind: .segment, id: "", name: "", startTime: 0)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let here = decoder.codingPath
        func path(_ key: CodingKeys) -> String { (here + [key]).dottedPath }

        let declaredType = try container.text(.type)
        let embedded = here.contains { $0.stringValue == CodingKeys.subsegments.stringValue }
        kind = (embedded || declaredType == "subsegment") ? .subsegment : .segment
        type = declaredType

        guard let id = try container.text(.id) else { throw RejectionReason.missingField(path(.id)) }
        guard XRayID.isValidEntityID(id) else { throw RejectionReason.badID(path: path(.id), value: id) }
        self.id = id

        traceID = try container.text(.traceID)
        if let traceID {
            guard XRayID.isValidTraceID(traceID) else { throw RejectionReason.badTraceID(traceID) }
        } else if !embedded {
            throw RejectionReason.missingField(path(.traceID))
        }
        parentID = try container.text(.parentID)
        if let parentID, !XRayID.isValidEntityID(parentID) {
            throw RejectionReason.badID(path: path(.parentID), value: parentID)
        }
        if kind == .subsegment && !embedded && parentID == nil {
            throw RejectionReason.missingField(path(.parentID))
        }

        guard let name = try container.text(.name) else { throw RejectionReason.missingField(path(.name)) }
        if kind == .segment && name.count > DocumentLimits.maxNameLength {
            throw RejectionReason.nameTooLong(path: path(.name), length: name.count)
        }
        self.name = name

        guard let start = try container.number(.startTime) else {
            throw RejectionReason.missingField(path(.startTime))
        }
        startTime = start
        endTime = try container.number(.endTime)
        inProgress = try container.flag(.inProgress) ?? false
        if endTime == nil && !inProgress {
            throw RejectionReason.noEndTimeNorInProgress(path: here.dottedPath)
        }
        if let endTime, endTime < startTime { throw RejectionReason.endBeforeStart(path: here.dottedPath) }

        namespace = try container.text(.namespace)
        origin = try container.text(.origin)
        user = try container.text(.user)
        resourceARN = try container.text(.resourceARN)
        service = try container.decodeIfPresent(ServiceInfo.self, forKey: .service)
        storedHTTP = try container.decodeIfPresent(HTTPInfo.self, forKey: .http).map(Boxed.init)
        storedAWS = try container.decodeIfPresent(AWSInfo.self, forKey: .aws).map(Boxed.init)
        storedSQL = try container.decodeIfPresent(SQLInfo.self, forKey: .sql).map(Boxed.init)
        error = try container.flag(.error) ?? false
        throttle = try container.flag(.throttle) ?? false
        fault = try container.flag(.fault) ?? false
        cause = try container.decodeIfPresent(Cause.self, forKey: .cause)
        annotations = try Self.decodeAnnotations(container, path: path(.annotations))
        metadata = try container.decodeIfPresent([String: JSONValue].self, forKey: .metadata) ?? [:]
        precursorIDs = try container.list(.precursorIDs, of: String.self)
        inferred = try container.flag(.inferred) ?? false
        traced = try container.flag(.traced)
        links = try container.list(.links)
        subsegments = try container.list(.subsegments)
    }

    /// Keys are sanitized like any other text; values must be string, number or bool.
    private static func decodeAnnotations(
        _ container: KeyedDecodingContainer<CodingKeys>, path: String
    ) throws -> [String: AnnotationValue] {
        guard container.contains(.annotations), try !container.decodeNil(forKey: .annotations) else { return [:] }
        let values = try container.decode([String: JSONValue].self, forKey: .annotations)
        var annotations: [String: AnnotationValue] = [:]
        for (key, value) in values {
            switch value {
            case .string(let text): annotations[Sanitizer.clean(key)] = .string(Sanitizer.clean(text))
            case .int(let number): annotations[Sanitizer.clean(key)] = .number(Double(number))
            case .double(let number): annotations[Sanitizer.clean(key)] = .number(number)
            case .bool(let flag): annotations[Sanitizer.clean(key)] = .bool(flag)
            case .null: continue
            case .array, .object:
                throw RejectionReason.wrongType(path: "\(path).\(key)", expected: "a string, number or boolean")
            }
        }
        return annotations
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encodeIfPresent(traceID, forKey: .traceID)
        try container.encodeIfPresent(parentID, forKey: .parentID)
        try container.encodeIfPresent(type, forKey: .type)
        try container.encode(name, forKey: .name)
        try container.encode(startTime, forKey: .startTime)
        try container.encodeIfPresent(endTime, forKey: .endTime)
        if inProgress { try container.encode(true, forKey: .inProgress) }
        try container.encodeIfPresent(namespace, forKey: .namespace)
        try container.encodeIfPresent(origin, forKey: .origin)
        try container.encodeIfPresent(user, forKey: .user)
        try container.encodeIfPresent(resourceARN, forKey: .resourceARN)
        try container.encodeIfPresent(service, forKey: .service)
        try container.encodeIfPresent(http, forKey: .http)
        try container.encodeIfPresent(aws, forKey: .aws)
        try container.encodeIfPresent(sql, forKey: .sql)
        if error { try container.encode(true, forKey: .error) }
        if throttle { try container.encode(true, forKey: .throttle) }
        if fault { try container.encode(true, forKey: .fault) }
        try container.encodeIfPresent(cause, forKey: .cause)
        if !annotations.isEmpty { try container.encode(annotations, forKey: .annotations) }
        if !metadata.isEmpty { try container.encode(metadata, forKey: .metadata) }
        if !precursorIDs.isEmpty { try container.encode(precursorIDs, forKey: .precursorIDs) }
        if inferred { try container.encode(true, forKey: .inferred) }
        try container.encodeIfPresent(traced, forKey: .traced)
        if !links.isEmpty { try container.encode(links, forKey: .links) }
        if !subsegments.isEmpty { try container.encode(subsegments, forKey: .subsegments) }
    }
}

extension AnnotationValue: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(Sanitizer.clean(try container.decode(String.self)))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .number(let number):
            // Whole numbers are written as integers, as SDKs do.
            if number.rounded() == number, abs(number) < 1e15 {
                try container.encode(Int64(number))
            } else {
                try container.encode(number)
            }
        case .bool(let flag): try container.encode(flag)
        }
    }
}

extension Cause: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let id = try? container.decode(String.self) {
            self = .exceptionID(Sanitizer.clean(id))
        } else {
            self = .details(try container.decode(CauseDetails.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .exceptionID(let id): try container.encode(id)
        case .details(let details): try container.encode(details)
        }
    }
}

extension CauseDetails: Codable {
    enum CodingKeys: String, CodingKey {
        case paths, exceptions
        case workingDirectory = "working_directory"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        workingDirectory = try container.text(.workingDirectory)
        paths = try container.list(.paths, of: String.self).map(Sanitizer.clean)
        exceptions = try container.list(.exceptions)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(workingDirectory, forKey: .workingDirectory)
        if !paths.isEmpty { try container.encode(paths, forKey: .paths) }
        try container.encode(exceptions, forKey: .exceptions)
    }
}

extension ExceptionRecord: Codable {
    enum CodingKeys: String, CodingKey {
        case id, message, type, remote, truncated, skipped, cause, stack
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.text(.id)
        message = try container.text(.message)
        type = try container.text(.type)
        remote = try container.flag(.remote)
        truncated = try container.integer(.truncated)
        skipped = try container.integer(.skipped)
        cause = try container.text(.cause)
        stack = try container.list(.stack)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encodeIfPresent(message, forKey: .message)
        try container.encodeIfPresent(type, forKey: .type)
        try container.encodeIfPresent(remote, forKey: .remote)
        try container.encodeIfPresent(truncated, forKey: .truncated)
        try container.encodeIfPresent(skipped, forKey: .skipped)
        try container.encodeIfPresent(cause, forKey: .cause)
        if !stack.isEmpty { try container.encode(stack, forKey: .stack) }
    }
}

extension StackFrame: Codable {
    enum CodingKeys: String, CodingKey { case path, line, label }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.text(.path)
        line = try container.integer(.line)
        label = try container.text(.label)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(path, forKey: .path)
        try container.encodeIfPresent(line, forKey: .line)
        try container.encodeIfPresent(label, forKey: .label)
    }
}

extension SpanLink: Codable {
    enum CodingKeys: String, CodingKey {
        case id, attributes
        case traceID = "trace_id"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        traceID = try container.text(.traceID)
        id = try container.text(.id)
        attributes = try container.decodeIfPresent([String: JSONValue].self, forKey: .attributes) ?? [:]
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(traceID, forKey: .traceID)
        try container.encodeIfPresent(id, forKey: .id)
        if !attributes.isEmpty { try container.encode(attributes, forKey: .attributes) }
    }
}
