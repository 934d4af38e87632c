import Foundation

/// The request as the signer sees it. `HTTPExchange.Request` keeps headers in a dictionary, which
/// is all the API client needs, but SigV4 is defined over header *lines*: a name may repeat and
/// its values are signed in the order they were sent. This ordered form lets the AWS test suite
/// (which repeats names) and the public API share one signing path.
struct SigningRequest: Sendable, Equatable {
    struct Header: Sendable, Equatable {
        var name: String
        var value: String
    }

    var method: String
    /// The path as it appears on the request line, still percent-encoded. The signer encodes it
    /// once more, as every AWS service but S3 expects.
    var path: String
    /// The query as it appears on the request line, without the `?`; empty when there is none.
    var query: String
    var headers: [Header]
    var body: Data

    init(method: String, path: String, query: String = "", headers: [Header], body: Data = Data()) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The request as the transport will send it. The transport adds `Host` on its own, and the
    /// service checks the signature against what arrives, so a missing `Host` is filled in here.
    init(_ request: HTTPExchange.Request) {
        let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
        // Sorted so two case variants of one name (a dictionary can hold both) combine in a
        // stable order rather than in hash order.
        var headers = request.headers.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            .map { Header(name: $0.key, value: $0.value) }
        if !headers.contains(where: { $0.name.lowercased() == "host" }), let components {
            headers.insert(Header(name: "Host", value: Self.hostHeader(for: components)), at: 0)
        }
        self.init(
            method: request.method, path: components?.percentEncodedPath ?? request.url.path,
            query: components?.percentEncodedQuery ?? "", headers: headers, body: request.body)
    }

    func hasHeader(named name: String) -> Bool {
        headers.contains { $0.name.lowercased() == name.lowercased() }
    }

    mutating func removeHeaders(named names: Set<String>) {
        headers.removeAll { names.contains($0.name.lowercased()) }
    }

    /// `host[:port]` as an HTTP client writes it: the port only when it is not the scheme's
    /// default (botocore's `_canonical_host` makes the same choice), IPv6 literals in brackets.
    static func hostHeader(for components: URLComponents) -> String {
        var host = components.percentEncodedHost ?? ""
        if host.contains(":"), !host.hasPrefix("[") { host = "[\(host)]" }
        guard let port = components.port else { return host }
        let defaultPort = ["http": 80, "https": 443][components.scheme?.lowercased() ?? ""]
        return port == defaultPort ? host : "\(host):\(port)"
    }
}
