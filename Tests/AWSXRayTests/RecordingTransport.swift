import AWSXRay
import Foundation

/// A transport that answers from a script and records what it was asked, so the client's
/// requests can be checked exactly without a network.
final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [(HTTPExchange.Request) throws -> HTTPExchange.Response]
    private(set) var requests: [HTTPExchange.Request] = []

    init(_ answers: [(HTTPExchange.Request) throws -> HTTPExchange.Response]) {
        self.answers = answers
    }

    var sent: [HTTPExchange.Request] { lock.withLock { requests } }

    func send(_ request: HTTPExchange.Request) async throws -> HTTPExchange.Response {
        let answer = lock.withLock { () -> ((HTTPExchange.Request) throws -> HTTPExchange.Response)? in
            requests.append(request)
            return answers.isEmpty ? nil : answers.removeFirst()
        }
        guard let answer else { return Self.json(500, ["Message": "the script ran out"]) }
        return try answer(request)
    }

    static func json(_ status: Int, _ body: Any, errorType: String? = nil) -> HTTPExchange.Response {
        var headers = ["Content-Type": "application/json"]
        if let errorType { headers["x-amzn-errortype"] = errorType }
        return HTTPExchange.Response(
            status: status, headers: headers, body: (try? JSONSerialization.data(withJSONObject: body)) ?? Data())
    }

    /// The request's JSON body.
    static func body(_ request: HTTPExchange.Request) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: request.body) as? [String: Any]) ?? [:]
    }
}
