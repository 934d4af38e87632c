import Foundation

/// Decodes an `ExportTraceServiceRequest` (or the same bytes as `TracesData`, which shares its
/// one field) from protobuf. Field numbers are those of opentelemetry-proto's
/// `collector/trace/v1`, `trace/v1`, `common/v1` and `resource/v1`; fields the conversion does
/// not use are skipped, as a receiver must skip unknown ones.
public enum OTLPProtobufDecoder {
    /// `maxSpans`: more than this many spans is an error (`isTooManySpans`), found as they
    /// are read rather than after.
    public static func decode(_ body: Data, maxSpans: Int = .max) throws(OTLPDecodeError) -> [OTLPResourceSpans] {
        do {
            return try body.withUnsafeBytes { bytes in
                var reader = ProtobufReader(bytes, path: "", budget: DecodeBudget(maxSpans))
                var result: [OTLPResourceSpans] = []
                while !reader.isAtEnd {
                    let (field, type) = try reader.nextTag()
                    if field == 1 {
                        try reader.expect(.lengthDelimited, type, field: "resource_spans")
                        var inner = try reader.message(field: "resource_spans[\(result.count)]")
                        result.append(try resourceSpans(&inner))
                    } else {
                        try reader.skip(type)
                    }
                }
                return result
            }
        } catch let error as OTLPDecodeError {
            throw error
        } catch {
            throw OTLPDecodeError("protobuf: \(error)")
        }
    }

    private static func resourceSpans(_ reader: inout ProtobufReader) throws(OTLPDecodeError) -> OTLPResourceSpans {
        var result = OTLPResourceSpans()
        while !reader.isAtEnd {
            let (field, type) = try reader.nextTag()
            switch field {
            case 1:
                try reader.expect(.lengthDelimited, type, field: "resource")
                let droppedBefore = reader.budget.dropped
                defer { result.droppedValues += reader.budget.dropped - droppedBefore }
                var resource = try reader.message(field: "resource")
                while !resource.isAtEnd {
                    let (field, type) = try resource.nextTag()
                    if field == 1 {
                        try resource.expect(.lengthDelimited, type, field: "attributes")
                        guard resource.budget.keeps(result.resource.count) else {
                            try resource.skip(type)
                            continue
                        }
                        result.resource.append(try attribute(&resource, index: result.resource.count))
                    } else {
                        try resource.skip(type)
                    }
                }
            case 2:
                try reader.expect(.lengthDelimited, type, field: "scope_spans")
                var inner = try reader.message(field: "scope_spans[\(result.scopes.count)]")
                result.scopes.append(try scopeSpans(&inner))
            default: try reader.skip(type)
            }
        }
        return result
    }

    private static func scopeSpans(_ reader: inout ProtobufReader) throws(OTLPDecodeError) -> OTLPScopeSpans {
        var result = OTLPScopeSpans()
        while !reader.isAtEnd {
            let (field, type) = try reader.nextTag()
            switch field {
            case 1:
                try reader.expect(.lengthDelimited, type, field: "scope")
                var scope = try reader.message(field: "scope")
                while !scope.isAtEnd {
                    let (field, type) = try scope.nextTag()
                    switch field {
                    case 1:
                        try scope.expect(.lengthDelimited, type, field: "name")
                        result.name = try scope.string(field: "name")
                    case 2:
                        try scope.expect(.lengthDelimited, type, field: "version")
                        result.version = try scope.string(field: "version")
                    default: try scope.skip(type)
                    }
                }
            case 2:
                try reader.expect(.lengthDelimited, type, field: "spans")
                try reader.budget.spend()
                var inner = try reader.message(field: "spans[\(result.spans.count)]")
                result.spans.append(try span(&inner))
            default: try reader.skip(type)
            }
        }
        return result
    }

    private static func span(_ reader: inout ProtobufReader) throws(OTLPDecodeError) -> OTLPSpan {
        var span = OTLPSpan()
        let droppedBefore = reader.budget.dropped
        while !reader.isAtEnd {
            let (field, type) = try reader.nextTag()
            switch field {
            case 1: span.traceID = try bytesField(&reader, type, "trace_id")
            case 2: span.spanID = try bytesField(&reader, type, "span_id")
            case 3:
                try reader.expect(.lengthDelimited, type, field: "trace_state")
                span.traceState = try reader.string(field: "trace_state")
            case 4: span.parentSpanID = try bytesField(&reader, type, "parent_span_id")
            case 5:
                try reader.expect(.lengthDelimited, type, field: "name")
                span.name = try reader.string(field: "name")
            case 6:
                try reader.expect(.varint, type, field: "kind")
                // An unknown kind is treated as unspecified, as a newer sender's enum value.
                span.kind = OTLPSpan.Kind(rawValue: Int(truncatingIfNeeded: try reader.varint())) ?? .unspecified
            case 7:
                try reader.expect(.fixed64, type, field: "start_time_unix_nano")
                span.startTimeUnixNano = try reader.fixed64()
            case 8:
                try reader.expect(.fixed64, type, field: "end_time_unix_nano")
                span.endTimeUnixNano = try reader.fixed64()
            case 9:
                try reader.expect(.lengthDelimited, type, field: "attributes")
                guard reader.budget.keeps(span.attributes.count) else { try reader.skip(type); break }
                span.attributes.append(try attribute(&reader, index: span.attributes.count))
            case 11:
                try reader.expect(.lengthDelimited, type, field: "events")
                guard reader.budget.keeps(span.events.count) else { try reader.skip(type); break }
                var inner = try reader.message(field: "events[\(span.events.count)]")
                span.events.append(try event(&inner))
            case 13:
                try reader.expect(.lengthDelimited, type, field: "links")
                guard reader.budget.keeps(span.links.count) else { try reader.skip(type); break }
                var inner = try reader.message(field: "links[\(span.links.count)]")
                span.links.append(try link(&inner))
            case 15:
                try reader.expect(.lengthDelimited, type, field: "status")
                var status = try reader.message(field: "status")
                while !status.isAtEnd {
                    let (field, type) = try status.nextTag()
                    switch field {
                    case 2:
                        try status.expect(.lengthDelimited, type, field: "message")
                        span.statusMessage = try status.string(field: "message")
                    case 3:
                        try status.expect(.varint, type, field: "code")
                        span.statusCode =
                            OTLPSpan.StatusCode(rawValue: Int(truncatingIfNeeded: try status.varint())) ?? .unset
                    default: try status.skip(type)
                    }
                }
            default: try reader.skip(type)
            }
        }
        span.droppedValues = reader.budget.dropped - droppedBefore
        return span
    }

    private static func event(_ reader: inout ProtobufReader) throws(OTLPDecodeError) -> OTLPSpan.Event {
        var event = OTLPSpan.Event()
        while !reader.isAtEnd {
            let (field, type) = try reader.nextTag()
            switch field {
            case 1:
                try reader.expect(.fixed64, type, field: "time_unix_nano")
                event.timeUnixNano = try reader.fixed64()
            case 2:
                try reader.expect(.lengthDelimited, type, field: "name")
                event.name = try reader.string(field: "name")
            case 3:
                try reader.expect(.lengthDelimited, type, field: "attributes")
                guard reader.budget.keeps(event.attributes.count) else { try reader.skip(type); break }
                event.attributes.append(try attribute(&reader, index: event.attributes.count))
            default: try reader.skip(type)
            }
        }
        return event
    }

    private static func link(_ reader: inout ProtobufReader) throws(OTLPDecodeError) -> OTLPSpan.Link {
        var link = OTLPSpan.Link()
        while !reader.isAtEnd {
            let (field, type) = try reader.nextTag()
            switch field {
            case 1: link.traceID = try bytesField(&reader, type, "trace_id")
            case 2: link.spanID = try bytesField(&reader, type, "span_id")
            case 3:
                try reader.expect(.lengthDelimited, type, field: "trace_state")
                link.traceState = try reader.string(field: "trace_state")
            case 4:
                try reader.expect(.lengthDelimited, type, field: "attributes")
                guard reader.budget.keeps(link.attributes.count) else { try reader.skip(type); break }
                link.attributes.append(try attribute(&reader, index: link.attributes.count))
            default: try reader.skip(type)
            }
        }
        return link
    }

    private static func bytesField(
        _ reader: inout ProtobufReader, _ type: ProtobufReader.WireType, _ name: String
    ) throws(OTLPDecodeError) -> Data {
        try reader.expect(.lengthDelimited, type, field: name)
        return try reader.data(field: name)
    }

    /// A `KeyValue` field (the tag already read).
    private static func attribute(
        _ reader: inout ProtobufReader, index: Int, depth: Int = 0
    ) throws(OTLPDecodeError) -> OTLPAttribute {
        var inner = try reader.message(field: depth == 0 ? "attributes[\(index)]" : "values[\(index)]")
        var key = ""
        var value = OTLPValue.empty
        while !inner.isAtEnd {
            let (field, type) = try inner.nextTag()
            switch field {
            case 1:
                try inner.expect(.lengthDelimited, type, field: "key")
                key = try inner.string(field: "key")
            case 2:
                try inner.expect(.lengthDelimited, type, field: "value")
                var nested = try inner.message(field: key.isEmpty ? "value" : key)
                value = try anyValue(&nested, depth: depth)
            default: try inner.skip(type)
            }
        }
        return OTLPAttribute(key, value)
    }

    /// Arrays and key-value lists may nest; a sender that nests them 64 deep is refused
    /// rather than allowed to exhaust the stack.
    static let maxDepth = 64

    private static func anyValue(_ reader: inout ProtobufReader, depth: Int) throws(OTLPDecodeError) -> OTLPValue {
        guard depth < maxDepth else { throw reader.error("values nested more than \(maxDepth) deep") }
        var value = OTLPValue.empty
        while !reader.isAtEnd {
            let (field, type) = try reader.nextTag()
            switch field {
            case 1:
                try reader.expect(.lengthDelimited, type, field: "string_value")
                value = .string(try reader.string(field: "string_value"))
            case 2:
                try reader.expect(.varint, type, field: "bool_value")
                value = .bool(try reader.varint() != 0)
            case 3:
                try reader.expect(.varint, type, field: "int_value")
                value = .int(Int64(bitPattern: try reader.varint()))
            case 4:
                try reader.expect(.fixed64, type, field: "double_value")
                value = .double(Double(bitPattern: try reader.fixed64()))
            case 5:
                try reader.expect(.lengthDelimited, type, field: "array_value")
                var array = try reader.message(field: "array_value")
                var values: [OTLPValue] = []
                while !array.isAtEnd {
                    let (field, type) = try array.nextTag()
                    if field == 1 {
                        try array.expect(.lengthDelimited, type, field: "values")
                        guard array.budget.keeps(values.count) else {
                            try array.skip(type)
                            continue
                        }
                        var nested = try array.message(field: "values[\(values.count)]")
                        values.append(try anyValue(&nested, depth: depth + 1))
                    } else {
                        try array.skip(type)
                    }
                }
                value = .array(values)
            case 6:
                try reader.expect(.lengthDelimited, type, field: "kvlist_value")
                var list = try reader.message(field: "kvlist_value")
                var pairs: [OTLPAttribute] = []
                while !list.isAtEnd {
                    let (field, type) = try list.nextTag()
                    if field == 1 {
                        try list.expect(.lengthDelimited, type, field: "values")
                        guard list.budget.keeps(pairs.count) else {
                            try list.skip(type)
                            continue
                        }
                        pairs.append(try attribute(&list, index: pairs.count, depth: depth + 1))
                    } else {
                        try list.skip(type)
                    }
                }
                value = .keyValues(pairs)
            case 7:
                try reader.expect(.lengthDelimited, type, field: "bytes_value")
                value = .bytes(try reader.data(field: "bytes_value"))
            default: try reader.skip(type)
            }
        }
        return value
    }
}
