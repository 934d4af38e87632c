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
    /// No credentials to sign with (the chain says where it looked).
    case credentials(String)
    /// The account sends spans to CloudWatch Logs (Transaction Search), out of BatchGetTraces' reach.
    case transactionSearch(operation: String)

    public var description: String {
        switch self {
        case .service(let status, let code, let message, let operation):
            let text = "\(operation): \(code) (HTTP \(status)): \(Sanitizer.clean(message))"
            return Self.hint(code: code, operation: operation).map { text + ". " + $0 } ?? text
        case .badResponse(let operation, let detail):
            return "\(operation): the response is not what the X-Ray API returns (\(detail))"
        case .transport(let detail), .credentials(let detail):
            return Sanitizer.clean(detail)
        case .transactionSearch(let operation):
            return "\(operation) found none of these traces because this account sends its spans to CloudWatch "
                + "Logs (Transaction Search), and StartTraceRetrieval found none of them there either"
        }
    }

    /// What to do about the failures users meet most.
    static func hint(code: String, operation: String) -> String? {
        switch code {
        case "ExpiredTokenException", "ExpiredToken", "RequestExpired":
            return "The session token has expired: get new credentials (aws sso login, or new temporary keys)"
        case "AccessDeniedException", "AccessDenied":
            return "The credentials need the IAM permission xray:\(operation)"
        case "UnrecognizedClientException", "InvalidClientTokenId":
            return "AWS does not know this access key: check AWS_ACCESS_KEY_ID or the profile"
        case "InvalidSignatureException", "SignatureDoesNotMatch":
            return "The signature was refused: check the secret key, and that this machine's clock is right"
        case let throttled where RetryPolicy.throttlingCodes.contains(throttled):
            return "Still throttled after retrying: try a shorter window or wait a little"
        default:
            return nil
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
