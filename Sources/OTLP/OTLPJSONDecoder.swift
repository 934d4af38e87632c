import Foundation
import XRayModel

/// Decodes an `ExportTraceServiceRequest` in OTLP/JSON: the protobuf JSON mapping with ids in
/// hex, enums as integers and 64-bit numbers as numbers or decimal strings. Field names are
/// lowerCamelCase; the proto's own snake_case names are accepted too, as protobuf's JSON
/// parsers accept them. Errors name the JSON path.
public enum OTLPJSONDecoder {
    /// `maxSpans`: more than this many spans is an error (`isTooManySpans`).
    public static func decode(_ body: Data, maxSpans: Int = .max) throws(OTLPDecodeError) -> [OTLPResourceSpans] {
        do {
            return try decodeObjects(body, budget: DecodeBudget(maxSpans))
        } catch let error as OTLPDecodeError {
            throw error
        } catch {
            throw OTLPDecodeError("JSON: \(error)")
        }
    }

    /// The readers below throw only `OTLPDecodeError`; they are untyped because Swift does not
    /// infer typed throws for the closures they pass around.
    private static func decodeObjects(_ body: Data, budget: DecodeBudget) throws -> [OTLPResourceSpans] {
        try body.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            let tape: JSONTape
            do {
                tape = try JSONTape(bytes: bytes)
            } catch let error as JSONTape.SyntaxError {
                throw OTLPDecodeError("JSON: the body is not JSON (\(error.description))")
            }
            guard tape.nodes.first?.kind == .object else {
                throw OTLPDecodeError("JSON: the body is not an object (an ExportTraceServiceRequest)")
            }
            var path = JSONPath(tape: tape, bytes: bytes, budget: budget)
            return try path.array(0, "resourceSpans", "resource_spans") { path, item in
                try resourceSpans(item, &path)
            }
        }
    }

    private static func resourceSpans(_ object: Int, _ path: inout JSONPath) throws
        -> OTLPResourceSpans
    {
        var result = OTLPResourceSpans()
        if let resource = try path.object(object, "resource", "resource") {
            path.push("resource")
            let droppedBefore = path.budget.dropped
            result.resource = try attributes(resource, &path)
            result.droppedValues = path.budget.dropped - droppedBefore
            path.pop()
        }
        result.scopes = try path.array(object, "scopeSpans", "scope_spans") { path, item in
            var scope = OTLPScopeSpans()
            if let info = try path.object(item, "scope", "scope") {
                path.push("scope")
                scope.name = try path.string(info, "name", "name") ?? ""
                scope.version = try path.string(info, "version", "version") ?? ""
                path.pop()
            }
            scope.spans = try path.array(item, "spans", "spans") { path, item in
                try path.budget.spend()
                return try span(item, &path)
            }
            return scope
        }
        return result
    }

    private static func span(_ object: Int, _ path: inout JSONPath) throws -> OTLPSpan {
        var span = OTLPSpan()
        let droppedBefore = path.budget.dropped
        span.traceID = try path.hexID(object, "traceId", "trace_id") ?? Data()
        span.spanID = try path.hexID(object, "spanId", "span_id") ?? Data()
        span.parentSpanID = try path.hexID(object, "parentSpanId", "parent_span_id") ?? Data()
        span.traceState = try path.string(object, "traceState", "trace_state") ?? ""
        span.name = try path.string(object, "name", "name") ?? ""
        if let kind = try path.integer(object, "kind", "kind") {
            span.kind = OTLPSpan.Kind(rawValue: Int(truncatingIfNeeded: kind)) ?? .unspecified
        }
        span.startTimeUnixNano = try path.unsigned(object, "startTimeUnixNano", "start_time_unix_nano") ?? 0
        span.endTimeUnixNano = try path.unsigned(object, "endTimeUnixNano", "end_time_unix_nano") ?? 0
        span.attributes = try attributes(object, &path)
        span.events = try path.list(object, "events", "events") { path, item in
            var event = OTLPSpan.Event()
            event.timeUnixNano = try path.unsigned(item, "timeUnixNano", "time_unix_nano") ?? 0
            event.name = try path.string(item, "name", "name") ?? ""
            event.attributes = try attributes(item, &path)
            return event
        }
        span.links = try path.list(object, "links", "links") { path, item in
            var link = OTLPSpan.Link()
            link.traceID = try path.hexID(item, "traceId", "trace_id") ?? Data()
            link.spanID = try path.hexID(item, "spanId", "span_id") ?? Data()
            link.traceState = try path.string(item, "traceState", "trace_state") ?? ""
            link.attributes = try attributes(item, &path)
            return link
        }
        if let status = try path.object(object, "status", "status") {
            path.push("status")
            span.statusMessage = try path.string(status, "message", "message") ?? ""
            if let code = try path.integer(status, "code", "code") {
                span.statusCode = OTLPSpan.StatusCode(rawValue: Int(truncatingIfNeeded: code)) ?? .unset
            }
            path.pop()
        }
        span.droppedValues = path.budget.dropped - droppedBefore
        return span
    }

    private static func attributes(_ object: Int, _ path: inout JSONPath) throws
        -> [OTLPAttribute]
    {
        try path.list(object, "attributes", "attributes") { path, item in try keyValue(item, &path, depth: 0) }
    }

    private static func keyValue(_ object: Int, _ path: inout JSONPath, depth: Int) throws
        -> OTLPAttribute
    {
        let key = try path.string(object, "key", "key") ?? ""
        var value = OTLPValue.empty
        if let inner = try path.object(object, "value", "value") {
            path.push("value")
            value = try anyValue(inner, &path, depth: depth)
            path.pop()
        }
        return OTLPAttribute(key, value)
    }

    private static func anyValue(_ object: Int, _ path: inout JSONPath, depth: Int) throws
        -> OTLPValue
    {
        guard depth < OTLPProtobufDecoder.maxDepth else {
            throw path.error("values nested more than \(OTLPProtobufDecoder.maxDepth) deep")
        }
        if let text = try path.string(object, "stringValue", "string_value") { return .string(text) }
        if let flag = try path.boolean(object, "boolValue", "bool_value") { return .bool(flag) }
        if let number = try path.integer(object, "intValue", "int_value") { return .int(number) }
        if let number = try path.double(object, "doubleValue", "double_value") { return .double(number) }
        if let array = try path.object(object, "arrayValue", "array_value") {
            path.push("arrayValue")
            defer { path.pop() }
            return .array(
                try path.list(array, "values", "values") { path, item in try anyValue(item, &path, depth: depth + 1) })
        }
        if let list = try path.object(object, "kvlistValue", "kvlist_value") {
            path.push("kvlistValue")
            defer { path.pop() }
            return .keyValues(
                try path.list(list, "values", "values") { path, item in try keyValue(item, &path, depth: depth + 1) })
        }
        if let text = try path.string(object, "bytesValue", "bytes_value") {
            guard let data = Data(base64Encoded: text) else { throw path.error("bytesValue is not base64") }
            return .bytes(data)
        }
        return .empty
    }
}
