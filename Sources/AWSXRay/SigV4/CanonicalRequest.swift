import Foundation

/// Step 1 of SigV4: the request reduced to one exact text, so that client and service, each from
/// its own view of the request, hash the same bytes. Every rule here (which headers, how values
/// are trimmed, how the path and query are encoded and ordered) exists because the service
/// applies it to what it received; any difference is a signature mismatch.
struct CanonicalRequest: Sendable, Equatable {
    struct Header: Sendable, Equatable {
        /// Lower case.
        var name: String
        /// Every value sent under the name, each trimmed and collapsed, joined with `,`.
        var value: String
    }

    var method: String
    var uri: String
    var query: String
    /// Sorted by name.
    var headers: [Header]
    var payloadHash: String

    /// Headers the signature leaves out, as botocore does: `authorization` is what is being
    /// made, and proxies or the HTTP stack may add or change the others on the way.
    static let unsignedHeaders: Set<String> = [
        "authorization", "user-agent", "expect", "transfer-encoding", "x-amzn-trace-id",
    ]

    init(_ request: SigningRequest, normalizePath: Bool, payloadHash: String) {
        method = request.method
        uri = Self.canonicalURI(request.path, normalize: normalizePath)
        query = Self.canonicalQuery(request.query)
        headers = Self.canonicalHeaders(request.headers)
        self.payloadHash = payloadHash
    }

    var signedHeaders: String { headers.map(\.name).joined(separator: ";") }

    /// The lines joined with `\n`; the header block ends with its own newline, which is why an
    /// empty line separates it from the signed-header list.
    var text: String {
        [
            method, uri, query, headers.map { "\($0.name):\($0.value)\n" }.joined(), signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
    }

    static func canonicalHeaders(_ headers: [SigningRequest.Header]) -> [Header] {
        var values: [String: [String]] = [:]
        for header in headers {
            let name = header.name.lowercased()
            guard !unsignedHeaders.contains(name) else { continue }
            values[name, default: []].append(canonicalValue(header.value))
        }
        return values.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { Header(name: $0, value: values[$0]!.joined(separator: ",")) }
    }

    /// Trims the value and turns every run of whitespace (folded lines included) into one
    /// space, as botocore's `' '.join(value.split())` does: intermediaries may reformat
    /// whitespace, so it must not count.
    static func canonicalValue(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0.isNewline || $0 == "\u{0B}" || $0 == "\u{0C}" })
            .joined(separator: " ")
    }
}
