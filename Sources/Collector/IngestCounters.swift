import NIOConcurrencyHelpers
import XRayModel

/// What the collector did with everything it was sent, so nothing is lost silently: the
/// explorer's status bar, the per-minute log line and `GET /metrics` all read these.
public struct CollectorCounters: Sendable, Hashable {
    /// Datagrams read from the UDP socket.
    public var received = 0
    /// Documents handed to the store (from UDP and PutTraceSegments).
    public var accepted = 0
    /// Documents refused, by reason (`missing_header`, `invalid_header`, `not_json`, ...).
    public var rejected: [String: Int] = [:]
    /// Datagrams thrown away because the queue to the store was full (the oldest go first,
    /// as the X-Ray daemon does).
    public var dropped = 0
    /// Datagrams the kernel threw away before we could read them (its receive buffer was
    /// full), from /proc/net/udp on Linux.
    public var droppedByKernel = 0
    /// Datagrams written to the spool on disk because the memory queue was full (they are
    /// stored later, in order), and those an earlier run left there, found at start.
    public var spooled = 0
    public var recovered = 0
    /// Spans that arrived over OTLP (HTTP or gRPC), the spans that became documents in the
    /// store, and those refused, by reason; requests refused whole (a body that does not
    /// decode, too large, of another type) by reason too.
    public var otlpSpansReceived = 0
    public var otlpSpansAccepted = 0
    public var otlpSpansRejected: [String: Int] = [:]
    public var otlpRequestsRefused: [String: Int] = [:]

    public init() {}

    public var rejectedTotal: Int { rejected.values.reduce(0, +) }

    /// One line for logs and the status bar.
    public var summary: String {
        var text = "\(received) received, \(accepted) accepted, \(rejectedTotal) rejected"
        if dropped + droppedByKernel > 0 { text += ", \(dropped + droppedByKernel) dropped" }
        if spooled > 0 { text += ", \(spooled) waited on disk" }
        if recovered > 0 { text += ", \(recovered) left on disk by an earlier run" }
        let otlpRefused = otlpSpansRejected.values.reduce(0, +)
        let requestsRefused = otlpRequestsRefused.values.reduce(0, +)
        if otlpSpansReceived + requestsRefused > 0 {
            text += "; OTLP: \(otlpSpansReceived) spans, \(otlpSpansAccepted) accepted, \(otlpRefused) refused"
            if requestsRefused > 0 { text += ", \(requestsRefused) requests refused" }
        }
        return text
    }
}

/// Counters shared between the socket's event loop, the parsing task and the HTTP server.
public final class CounterBox: Sendable {
    private let box = NIOLockedValueBox(CollectorCounters())

    public init() {}

    public var value: CollectorCounters { box.withLockedValue { $0 } }

    func update(_ change: (inout CollectorCounters) -> Void) { box.withLockedValue { change(&$0) } }
}

extension RejectionReason {
    /// A short, stable name for metrics labels and log lines.
    public var label: String {
        switch self {
        case .notJSON: return "not_json"
        case .notAnObject: return "not_an_object"
        case .missingHeader: return "missing_header"
        case .invalidHeader: return "invalid_header"
        case .emptyDocument: return "empty_document"
        case .tooLarge: return "too_large"
        case .missingField: return "missing_field"
        case .wrongType: return "wrong_type"
        case .badID: return "bad_id"
        case .badTraceID: return "bad_trace_id"
        case .noEndTimeNorInProgress: return "no_end_time"
        case .nameTooLong: return "name_too_long"
        case .endBeforeStart: return "end_before_start"
        }
    }
}
