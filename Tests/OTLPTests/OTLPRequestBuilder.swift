import Foundation

@testable import OTLP

/// Writes `ExportTraceServiceRequest` protobuf the way an SDK does, field by field, so the
/// decoder is tested against bytes built from the schema's field numbers, not its own output.
struct OTLPRequestBuilder {
    static func request(resource: [OTLPAttribute], spans: [OTLPSpan]) -> Data {
        var resourceMessage = ProtobufWriter()
        for attribute in resource { resourceMessage.bytes(field: 1, keyValue(attribute)) }
        var scope = ProtobufWriter()
        var scopeInfo = ProtobufWriter()
        scopeInfo.string(field: 1, "test-scope")
        scope.bytes(field: 1, scopeInfo.data)
        for span in spans { scope.bytes(field: 2, self.span(span)) }
        var resourceSpans = ProtobufWriter()
        resourceSpans.bytes(field: 1, resourceMessage.data)
        resourceSpans.bytes(field: 2, scope.data)
        var request = ProtobufWriter()
        request.bytes(field: 1, resourceSpans.data)
        return request.data
    }

    static func span(_ span: OTLPSpan) -> Data {
        var writer = ProtobufWriter()
        writer.bytes(field: 1, span.traceID)
        writer.bytes(field: 2, span.spanID)
        if !span.parentSpanID.isEmpty { writer.bytes(field: 4, span.parentSpanID) }
        writer.string(field: 5, span.name)
        writer.varint(field: 6, UInt64(span.kind.rawValue))
        writer.fixed64(field: 7, span.startTimeUnixNano)
        writer.fixed64(field: 8, span.endTimeUnixNano)
        for attribute in span.attributes { writer.bytes(field: 9, keyValue(attribute)) }
        for event in span.events {
            var inner = ProtobufWriter()
            inner.fixed64(field: 1, event.timeUnixNano)
            inner.string(field: 2, event.name)
            for attribute in event.attributes { inner.bytes(field: 3, keyValue(attribute)) }
            writer.bytes(field: 11, inner.data)
        }
        if span.statusCode != .unset || !span.statusMessage.isEmpty {
            var status = ProtobufWriter()
            if !span.statusMessage.isEmpty { status.string(field: 2, span.statusMessage) }
            status.varint(field: 3, UInt64(span.statusCode.rawValue))
            writer.bytes(field: 15, status.data)
        }
        return writer.data
    }

    static func keyValue(_ attribute: OTLPAttribute) -> Data {
        var writer = ProtobufWriter()
        writer.string(field: 1, attribute.key)
        writer.bytes(field: 2, anyValue(attribute.value))
        return writer.data
    }

    static func anyValue(_ value: OTLPValue) -> Data {
        var writer = ProtobufWriter()
        switch value {
        case .string(let text): writer.string(field: 1, text)
        case .bool(let flag): writer.varint(field: 2, flag ? 1 : 0)
        case .int(let number): writer.varint(field: 3, UInt64(bitPattern: number))
        case .double(let number): writer.fixed64(field: 4, number.bitPattern)
        case .array(let values):
            var array = ProtobufWriter()
            for value in values { array.bytes(field: 1, anyValue(value)) }
            writer.bytes(field: 5, array.data)
        case .keyValues(let pairs):
            var list = ProtobufWriter()
            for pair in pairs { list.bytes(field: 1, keyValue(pair)) }
            writer.bytes(field: 6, list.data)
        case .bytes(let data): writer.bytes(field: 7, data)
        case .empty: break
        }
        return writer.data
    }
}

extension ProtobufWriter {
    mutating func fixed64(field: Int, _ value: UInt64) {
        varintTag(field: field, type: 1)
        var little = value.littleEndian
        withUnsafeBytes(of: &little) { appendRaw(Data($0)) }
    }
}
