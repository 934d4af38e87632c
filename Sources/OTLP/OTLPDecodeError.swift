/// Why an OTLP body was refused, with where: a protobuf byte offset or a JSON path, and the
/// message field being read (`resource_spans[0].scope_spans[1].spans[3].trace_id`).
public struct OTLPDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
