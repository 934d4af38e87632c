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

/// What a decoder may read of one request, shared by the readers of nested messages: a small
/// body claiming millions of (empty) spans is refused before they are all in memory, and a
/// list (attributes, events, links, array and key-value list values) keeps its first
/// `maxListLength` items. Without the second limit, one span of 550,000 attributes in a 5 MB
/// body took a gigabyte and 14 s to convert into a document of 64 KiB at most.
final class DecodeBudget {
    static let maxListLength = 1000

    private(set) var remaining: Int
    let limit: Int
    /// List items skipped so far, for the span being read to report (`OTLPSpan.droppedValues`).
    private(set) var dropped = 0

    init(_ limit: Int) {
        self.limit = limit
        remaining = limit
    }

    /// Whether a list that already holds `count` items may take one more; counts it if not.
    func keeps(_ count: Int) -> Bool {
        if count < Self.maxListLength { return true }
        dropped += 1
        return false
    }

    func spend() throws(OTLPDecodeError) {
        remaining -= 1
        guard remaining >= 0 else {
            throw OTLPDecodeError("more than \(limit) spans in one request", isTooManySpans: true)
        }
    }
}
