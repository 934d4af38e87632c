import Foundation

/// A span as OTLP/JSON writes it (hex ids, integer enums, 64-bit times as strings), kept in
/// each converted document so the raw view shows what arrived.
enum OTLPJSONEncoder {
    static func span(_ span: OTLPSpan) -> [String: Any] {
        var object: [String: Any] = [
            "traceId": span.traceID.hex, "spanId": span.spanID.hex, "name": span.name, "kind": span.kind.rawValue,
            "startTimeUnixNano": String(span.startTimeUnixNano), "endTimeUnixNano": String(span.endTimeUnixNano),
        ]
        if !span.parentSpanID.isEmpty { object["parentSpanId"] = span.parentSpanID.hex }
        if !span.traceState.isEmpty { object["traceState"] = span.traceState }
        if !span.attributes.isEmpty { object["attributes"] = span.attributes.map(keyValue) }
        if !span.events.isEmpty {
            object["events"] = span.events.map { event -> [String: Any] in
                var entry: [String: Any] = ["timeUnixNano": String(event.timeUnixNano), "name": event.name]
                if !event.attributes.isEmpty { entry["attributes"] = event.attributes.map(keyValue) }
                return entry
            }
        }
        if !span.links.isEmpty {
            object["links"] = span.links.map { link -> [String: Any] in
                var entry: [String: Any] = ["traceId": link.traceID.hex, "spanId": link.spanID.hex]
                if !link.attributes.isEmpty { entry["attributes"] = link.attributes.map(keyValue) }
                return entry
            }
        }
        if span.statusCode != .unset || !span.statusMessage.isEmpty {
            var status: [String: Any] = ["code": span.statusCode.rawValue]
            if !span.statusMessage.isEmpty { status["message"] = span.statusMessage }
            object["status"] = status
        }
        return object
    }

    private static func keyValue(_ attribute: OTLPAttribute) -> [String: Any] {
        ["key": attribute.key, "value": anyValue(attribute.value)]
    }

    private static func anyValue(_ value: OTLPValue) -> [String: Any] {
        switch value {
        case .string(let text): return ["stringValue": text]
        case .bool(let flag): return ["boolValue": flag]
        case .int(let number): return ["intValue": String(number)]
        case .double(let number): return ["doubleValue": number.isFinite ? number as Any : String(number)]
        case .array(let values): return ["arrayValue": ["values": values.map(anyValue)]]
        case .keyValues(let pairs): return ["kvlistValue": ["values": pairs.map(keyValue)]]
        case .bytes(let data): return ["bytesValue": data.base64EncodedString()]
        case .empty: return [:]
        }
    }
}

/// The answers OTLP/HTTP and gRPC send: `ExportTraceServiceResponse` (with `partial_success`
/// when spans were refused) and, for a refused request, `google.rpc.Status`; in protobuf or
/// JSON, as the request came.
public enum OTLPResponse {
    public static func exportResponse(rejected: Int, message: String, json: Bool) -> Data {
        if json {
            guard rejected > 0 || !message.isEmpty else { return Data("{}".utf8) }
            let object: [String: Any] = [
                "partialSuccess": ["rejectedSpans": String(rejected), "errorMessage": message]
            ]
            return
                (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
                ?? Data("{}".utf8)
        }
        guard rejected > 0 || !message.isEmpty else { return Data() }
        var partial = ProtobufWriter()
        if rejected > 0 { partial.varint(field: 1, UInt64(rejected)) }
        partial.string(field: 2, message)
        var response = ProtobufWriter()
        response.bytes(field: 1, partial.data)
        return response.data
    }

    /// `google.rpc.Status` with code 3 (INVALID_ARGUMENT) or another gRPC code, and a message.
    public static func status(code: Int, message: String, json: Bool) -> Data {
        if json {
            let object: [String: Any] = ["code": code, "message": message]
            return
                (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
                ?? Data()
        }
        var status = ProtobufWriter()
        status.varint(field: 1, UInt64(code))
        status.string(field: 2, message)
        return status.data
    }
}

/// Writes the few protobuf fields the responses have.
struct ProtobufWriter {
    private(set) var data = Data()

    private mutating func rawVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            data.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        data.append(UInt8(value))
    }

    mutating func varint(field: Int, _ value: UInt64) {
        rawVarint(UInt64(field) << 3)
        rawVarint(value)
    }

    mutating func varintTag(field: Int, type: UInt64) { rawVarint(UInt64(field) << 3 | type) }

    mutating func appendRaw(_ bytes: Data) { data.append(bytes) }

    mutating func bytes(field: Int, _ value: Data) {
        rawVarint(UInt64(field) << 3 | 2)
        rawVarint(UInt64(value.count))
        data.append(value)
    }

    mutating func string(field: Int, _ value: String) { bytes(field: field, Data(value.utf8)) }
}
