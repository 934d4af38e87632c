import Foundation
import XRayModel

/// What went wrong talking to an X-Ray API, in words a user can act on.
public enum XRayAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The service answered with an error: its code (`x-amzn-errortype`) and message.
    case service(status: Int, code: String, message: String, operation: String)
    /// The answer was not what the API returns.
    case badResponse(operation: String, detail: String)
    /// The request never got an answer (connection refused, timeout, no network).
    case transport(String)

    public var description: String {
        switch self {
        case .service(let status, let code, let message, let operation):
            return "\(operation): \(code) (HTTP \(status)): \(Sanitizer.clean(message))"
        case .badResponse(let operation, let detail):
            return "\(operation): the response is not what the X-Ray API returns (\(detail))"
        case .transport(let detail):
            return Sanitizer.clean(detail)
        }
    }

    /// botocore's rule: the code from `x-amzn-errortype`, cut at `:` and `#`; failing that,
    /// `code`, `Code` or `__type` in the body.
    static func from(_ response: HTTPExchange.Response, operation: String) -> XRayAPIError {
        let body = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:]
        var code = response.headers["x-amzn-errortype"] ?? (body["code"] ?? body["Code"] ?? body["__type"]) as? String
        code = code?.split(separator: ":").first.map(String.init)
        code = code?.split(separator: "#").last.map(String.init)
        let message =
            (body["Message"] ?? body["message"]) as? String
            ?? String(decoding: response.body.prefix(200), as: UTF8.self)
        return .service(
            status: response.status, code: code ?? "HTTP \(response.status)", message: message, operation: operation)
    }
}
