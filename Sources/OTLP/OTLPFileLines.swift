import Foundation
import XRayModel

/// OTLP/JSON in files, as the OpenTelemetry Collector's file exporter writes them: one
/// `ExportTraceServiceRequest` (or `TracesData`) a line, recognised by its `resourceSpans` key,
/// so `--source` and `import` read them beside segment documents.
public enum OTLPFileLines {
    /// For `SegmentFileReader`: converts a line with `converter`, nil for a line that is not
    /// an OTLP request.
    public static func translator(converter: SpanConverter = SpanConverter()) -> SegmentFileReader.LineTranslator {
        { line in translate(line, converter: converter) }
    }

    static func translate(_ line: Data, converter: SpanConverter) -> (documents: [Data], problems: [String])? {
        // Cheap test first: this runs for every line of a file.
        guard line.prefix(256, contains: "resourceSpans") || line.prefix(256, contains: "resource_spans") else {
            return nil
        }
        let batches: [OTLPResourceSpans]
        do {
            batches = try OTLPJSONDecoder.decode(line)
        } catch {
            return ([], ["not an OTLP export request: \(error.message)"])
        }
        var documents: [Data] = []
        var problems: [String] = []
        for (index, converted) in converter.convert(batches).enumerated() {
            if let refusal = converted.refusal {
                problems.append("span \(index + 1): \(refusal)")
            } else {
                documents += converted.documents
            }
        }
        return (documents, problems)
    }
}
