import Foundation
import OTLP
import XRayModel

enum FuzzOTLP {
    static func runProtobuf(_ data: Data) {
        guard let batches = try? OTLPProtobufDecoder.decode(data) else { return }
        convert(batches)
    }

    static func runJSON(_ data: Data) {
        guard let batches = try? OTLPJSONDecoder.decode(data) else { return }
        convert(batches)
    }

    static func runGzip(_ data: Data) {
        _ = try? Gzip.inflate(data, limit: 1 << 20)
    }

    /// Every document the conversion writes goes through the store's own parser, as the
    /// receiver does with them.
    private static func convert(_ batches: [OTLPResourceSpans]) {
        for converted in SpanConverter(annotationKeys: ["tier"]).convert(batches) {
            for document in converted.documents { _ = DocumentParser.parse(document) }
        }
    }
}
