import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP exchange, as plain values: the client builds requests and reads responses without
/// knowing how they travel, so its tests can check exact requests and answer from memory.
public struct HTTPExchange: Sendable {
    public struct Request: Sendable, Hashable {
        public var method: String
        public var url: URL
        public var headers: [String: String]
        public var body: Data

        public init(method: String, url: URL, headers: [String: String], body: Data) {
            self.method = method
            self.url = url
            self.headers = headers
            self.body = body
        }
    }

    public struct Response: Sendable, Hashable {
        public var status: Int
        /// Header names in lower case.
        public var headers: [String: String]
        public var body: Data

        public init(status: Int, headers: [String: String], body: Data) {
            self.status = status
            self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }) { first, _ in first }
            self.body = body
        }
    }
}

public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPExchange.Request) async throws -> HTTPExchange.Response
}

/// Foundation's URLSession, which is enough for a collector on the local network.
public struct URLSessionTransport: HTTPTransport {
    public let timeout: Double
    /// Its own session, because on Linux a request's `timeoutInterval` is not applied: the
    /// shared session's 60 s was, so a network dropping packets meant minutes of "loading".
    private let session: URLSession

    public init(timeout: Double = 30) {
        self.timeout = timeout
        let configuration = URLSessionConfiguration.default
        configuration.timeoutIntervalForRequest = timeout
        session = URLSession(configuration: configuration)
    }

    public func send(_ request: HTTPExchange.Request) async throws -> HTTPExchange.Response {
        var urlRequest = URLRequest(url: request.url, timeoutInterval: timeout)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        urlRequest.httpBody = request.body
        let (data, response) = try await session.data(for: urlRequest)
        guard let http = response as? HTTPURLResponse else {
            throw XRayAPIError.transport("\(request.url) answered without HTTP")
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name] = value }
        }
        return HTTPExchange.Response(status: http.statusCode, headers: headers, body: data)
    }
}
