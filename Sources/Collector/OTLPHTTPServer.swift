import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// OTLP/HTTP (`POST /v1/traces`) with Hummingbird: the transport's checks (path, method,
/// content type and encoding, size) and the answers the OTLP specification gives for them;
/// the rest is `OTLPReceiver`.
struct OTLPHTTPServer: Sendable {
    static let path = "/v1/traces"

    struct Responder: HTTPResponder {
        let receiver: OTLPReceiver

        func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
            let type =
                request.headers[.contentType]?.split(separator: ";").first?
                .trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            let json = type == "application/json"
            guard request.uri.path == OTLPHTTPServer.path else {
                return Self.response(
                    receiver.refused(
                        404, "not_found", "no such path: OTLP traces go to POST \(OTLPHTTPServer.path)", json: json,
                        transport: "HTTP"), json: json)
            }
            guard request.method == .post else {
                var response = Self.response(
                    receiver.refused(
                        405, "wrong_method", "\(request.method.rawValue) \(OTLPHTTPServer.path): only POST is allowed",
                        json: json, transport: "HTTP"), json: json)
                response.headers[.allow] = "POST"
                return response
            }
            guard json || type == "application/x-protobuf" else {
                return Self.response(
                    receiver.refused(
                        415, "wrong_content_type",
                        "Content-Type \"\(type)\" is not application/x-protobuf or application/json", json: false,
                        transport: "HTTP"), json: false)
            }
            let encoding = request.headers[.contentEncoding]?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            guard ["", "identity", "gzip"].contains(encoding) else {
                return Self.response(
                    receiver.refused(
                        415, "wrong_content_encoding", "Content-Encoding \"\(encoding)\" is not gzip", json: json,
                        transport: "HTTP"), json: json)
            }
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: OTLPReceiver.maxBodyBytes)
            } catch {
                return Self.response(
                    receiver.refused(
                        413, "too_large", "the body is larger than \(OTLPReceiver.maxBodyBytes) bytes", json: json,
                        transport: "HTTP"), json: json)
            }
            let answer = await receiver.export(
                body: Data(body.readableBytesView), encoding: json ? .json : .protobuf, gzip: encoding == "gzip",
                transport: "HTTP")
            return Self.response(answer, json: json)
        }

        static func response(_ answer: OTLPReceiver.Answer, json: Bool) -> Response {
            var fields = HTTPFields()
            fields[.contentType] = json ? "application/json" : "application/x-protobuf"
            return Response(
                status: .init(code: answer.status), headers: fields,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
    }

    /// Binds, then serves until the returned task is cancelled; throws if the address cannot
    /// be bound.
    static func start(receiver: OTLPReceiver, host: String, port: Int, limits: HTTPLimits) async throws -> (
        task: Task<Void, Error>, port: Int
    ) {
        try await APIServer.serve(
            Responder(receiver: receiver), host: host, port: port, limits: limits, label: "xray-tui.otlp")
    }
}
