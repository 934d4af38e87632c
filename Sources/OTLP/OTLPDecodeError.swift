/// Why an OTLP body was refused, with where: a protobuf byte offset or a JSON path, and the
/// message field being read (`resource_spans[0].scope_spans[1].spans[3].trace_id`).
public struct OTLPDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// The request holds more spans than the decoder was allowed to read.
    public var isTooManySpans = false

    public init(_ message: String, isTooManySpans: Bool = false) {
        self.message = message
        self.isTooManySpans = isTooManySpans
    }

    public var description: String { message }
}

/// Counts the spans a decoder reads, shared by the readers of nested messages, so a small body
/// claiming millions of (empty) spans is refused before they are all in memory.
final class SpanBudget {
    private(set) var remaining: Int
    let limit: Int

    init(_ limit: Int) {
        self.limit = limit
        remaining = limit
    }

    func spend() throws(OTLPDecodeError) {
        remaining -= 1
        guard remaining >= 0 else {
            throw OTLPDecodeError("more than \(limit) spans in one request", isTooManySpans: true)
        }
    }
}
