import Foundation

/// The X-Ray API's errors as botocore reads them: the code in `x-amzn-errortype`, the text in
/// `{"Message": ...}` (reference/xray.md §4.1).
public enum APIError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidRequest(String)
    case notFound(String, resource: String)
    case throttled(String)
    case unknownOperation(String)
    /// A query without the collector's API token (it is bound beyond loopback).
    case unauthorized(String)

    var status: Int {
        switch self {
        case .invalidRequest: return 400
        case .notFound, .unknownOperation: return 404
        case .throttled: return 429
        case .unauthorized: return 401
        }
    }

    var code: String {
        switch self {
        case .invalidRequest: return "InvalidRequestException"
        case .notFound: return "ResourceNotFoundException"
        case .throttled: return "ThrottledException"
        case .unknownOperation: return "UnknownOperationException"
        case .unauthorized: return "UnauthorizedException"
        }
    }

    public var description: String {
        switch self {
        case .invalidRequest(let message), .notFound(let message, _), .throttled(let message),
            .unauthorized(let message):
            return message
        case .unknownOperation(let path):
            return "xray-tui's collector does not serve \(path); see `xray-tui collect --help` for the operations"
        }
    }

    var response: APIResponse {
        var body: [String: String] = ["Message": description]
        if case .notFound(_, let resource) = self { body["ResourceName"] = resource }
        let data =
            (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        var headers = [("Content-Type", "application/json"), ("x-amzn-errortype", code)]
        if case .unauthorized = self { headers.append(("WWW-Authenticate", "Bearer")) }
        return APIResponse(status: status, headers: headers, body: data)
    }
}

/// What a handler answers, before any HTTP library sees it (so routing is tested without
/// sockets).
public struct APIResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: Data

    public init(status: Int, headers: [(String, String)], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    static func json(_ value: some Encodable) -> APIResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return APIResponse(status: 200, headers: [("Content-Type", "application/json")], body: body)
    }

    static func text(_ text: String, contentType: String = "text/plain; charset=utf-8") -> APIResponse {
        APIResponse(status: 200, headers: [("Content-Type", contentType)], body: Data(text.utf8))
    }
}
