import Foundation
import OTLP
import TraceStore
import XRayModel

/// The OTLP trace export, behind both transports: decodes a request (protobuf or JSON,
/// gzip or not), converts its spans to segment documents, hands them to the store and says
/// what became of them. Pure of sockets, so it is tested directly.
public struct OTLPReceiver: Sendable {
    /// As X-Ray's own OTLP endpoint, so one exporter setting serves both.
    public static let maxBodyBytes = 5_000_000
    public static let maxSpans = 10_000

    public enum Encoding: Sendable { case protobuf, json }

    /// An answer in the request's encoding. `status` is the HTTP status; gRPC maps it.
    public struct Answer: Sendable {
        public var status: Int
        public var body: Data
        public var message: String
    }

    let store: TraceStore
    let counters: CounterBox
    let log: RateLimitedLog
    let converter: SpanConverter

    public init(store: TraceStore, counters: CounterBox, log: RateLimitedLog, converter: SpanConverter) {
        self.store = store
        self.counters = counters
        self.log = log
        self.converter = converter
    }

    public func export(body: Data, encoding: Encoding, gzip: Bool, transport: String) async -> Answer {
        var body = body
        if gzip {
            do {
                body = try Gzip.inflate(body, limit: Self.maxBodyBytes)
            } catch {
                switch error {
                case .tooLarge:
                    return refuse(
                        413, "too_large", "the body inflates to more than \(Self.maxBodyBytes) bytes", encoding,
                        transport)
                case .corrupt(let why): return refuse(400, "bad_gzip", why, encoding, transport)
                }
            }
        }
        guard body.count <= Self.maxBodyBytes else {
            return refuse(
                413, "too_large", "the body is \(body.count) bytes; the limit is \(Self.maxBodyBytes)", encoding,
                transport)
        }
        let batches: [OTLPResourceSpans]
        do {
            batches =
                encoding == .json
                ? try OTLPJSONDecoder.decode(body, maxSpans: Self.maxSpans)
                : try OTLPProtobufDecoder.decode(body, maxSpans: Self.maxSpans)
        } catch {
            if error.isTooManySpans { return refuse(413, "too_many_spans", error.message, encoding, transport) }
            return refuse(400, encoding == .json ? "bad_json" : "bad_protobuf", error.message, encoding, transport)
        }
        let spanCount = batches.reduce(0) { total, batch in total + batch.scopes.reduce(0) { $0 + $1.spans.count } }
        var documents: [StoredDocument] = []
        var rejected: [String: Int] = [:]
        var firstRefusal: String?
        for converted in converter.convert(batches) {
            var parsed: [StoredDocument] = []
            var refusal = converted.refusal.map { ("bad_span", $0) }
            for data in converted.documents where refusal == nil {
                switch DocumentParser.parse(data) {
                case .success(let document): parsed.append(document)
                case .failure(let rejection): refusal = (rejection.reason.label, rejection.description)
                }
            }
            if let (label, why) = refusal {
                rejected[label, default: 0] += 1
                if firstRefusal == nil { firstRefusal = why }
                log.write("refused a span from OTLP/\(transport): \(why)", key: "otlp " + label)
            } else {
                documents += parsed
            }
        }
        let refusedCount = rejected.values.reduce(0, +)
        counters.update { counters in
            counters.otlpSpansReceived += spanCount
            counters.otlpSpansAccepted += spanCount - refusedCount
            for (label, count) in rejected { counters.otlpSpansRejected[label, default: 0] += count }
        }
        if !documents.isEmpty { await store.ingest(documents) }
        let message = firstRefusal.map { "\(refusedCount) of \(spanCount) spans refused; the first: \($0)" } ?? ""
        return Answer(
            status: 200,
            body: OTLPResponse.exportResponse(rejected: refusedCount, message: message, json: encoding == .json),
            message: message)
    }

    private func refuse(_ status: Int, _ label: String, _ message: String, _ encoding: Encoding, _ transport: String)
        -> Answer
    {
        counters.update { $0.otlpRequestsRefused[label, default: 0] += 1 }
        log.write("refused an OTLP/\(transport) request: \(message)", key: "otlp " + label)
        // google.rpc.Status code 3 is INVALID_ARGUMENT, 8 RESOURCE_EXHAUSTED.
        let code = status == 413 ? 8 : 3
        return Answer(
            status: status, body: OTLPResponse.status(code: code, message: message, json: encoding == .json),
            message: message)
    }

    /// A refusal made by the transport (a wrong method or content type), counted like the rest.
    public func refused(_ status: Int, _ label: String, _ message: String, json: Bool, transport: String) -> Answer {
        refuse(status, label, message, json ? .json : .protobuf, transport)
    }
}
