import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Puts `XRayAPI` on HTTP with Hummingbird. Every request goes to the API's one handler, so
/// the routing stays in `XRayAPI` where it is tested without sockets.
struct APIServer: Sendable {
    /// PutTraceSegments carries up to 50 documents of 64 KiB each; leave room for JSON escaping.
    static let maxBodyBytes = 8 << 20

    struct Responder: HTTPResponder {
        let api: XRayAPI

        func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: APIServer.maxBodyBytes)
            } catch {
                return Self.response(
                    APIError.invalidRequest("the request body is larger than \(APIServer.maxBodyBytes) bytes").response)
            }
            let answer = await api.handle(
                method: request.method.rawValue, path: request.uri.path, body: Data(body.readableBytesView),
                authorization: request.headers[.authorization])
            return Self.response(answer)
        }

        static func response(_ answer: APIResponse) -> Response {
            var fields = HTTPFields()
            for (name, value) in answer.headers {
                if let field = HTTPField.Name(name) { fields[field] = value }
            }
            return Response(
                status: .init(code: answer.status), headers: fields,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
    }

    /// Binds, then serves until the returned task is cancelled. Throws if the address cannot
    /// be bound, so the caller can say what holds the port.
    static func start(api: XRayAPI, host: String, port: Int, limits: HTTPLimits) async throws -> (
        task: Task<Void, Error>, port: Int
    ) {
        try await serve(Responder(api: api), host: host, port: port, limits: limits, label: "xray-tui.api")
    }

    /// Any responder on HTTP/1 at `host:port` (the X-Ray API, OTLP/HTTP), with the idle timeout
    /// and request deadline; returns once bound, with the port bound (the one asked for, or the
    /// system's for 0).
    static func serve<Responder: HTTPResponder>(
        _ responder: Responder, host: String, port: Int, limits: HTTPLimits, label: String
    ) async throws -> (task: Task<Void, Error>, port: Int) where Responder.Context == BasicRequestContext {
        let (bound, boundContinuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            responder: responder,
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [RequestDeadline(limit: limits.requestDeadline)],
                    idleTimeout: limits.idleTimeout)),
            configuration: .init(address: .hostname(host, port: port), serverName: "xray-tui"),
            onServerRunning: { channel in
                boundContinuation.yield(channel.localAddress?.port ?? port)
                boundContinuation.finish()
            },
            logger: Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() }))
        let task = Task {
            defer { boundContinuation.finish() }
            try await application.run()
        }
        for await actual in bound { return (task, actual) }
        // The server stopped before it was running: the bind failed. Its error says why.
        try await task.value
        throw APIServerError.stopped
    }
}

enum APIServerError: Error { case stopped }
