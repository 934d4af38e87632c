/// The path and query parts of the canonical request.
extension CanonicalRequest {
    /// Each segment of the path encoded as SigV4 requires. The path arrives percent-encoded (as
    /// on the request line) and is encoded again, so `%20` signs as `%2520`: that double encoding
    /// is what every service but S3 checks. With `normalize`, dot segments and empty segments go
    /// first, as botocore's `normalize_url_path` does and the suite's `*-normalized` cases expect.
    static func canonicalURI(_ path: String, normalize: Bool) -> String {
        let path = normalize ? removingDotSegments(path) : path
        guard !path.isEmpty else { return "/" }
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .map { URIEncoding.encode($0.utf8) }
            .joined(separator: "/")
    }

    /// RFC 3986 dot-segment removal, plus the collapsing of repeated slashes that AWS services
    /// apply. A trailing slash survives only when something is left before it.
    static func removingDotSegments(_ path: String) -> String {
        var kept: [Substring] = []
        for segment in path.split(separator: "/") where segment != "." {
            if segment == ".." {
                _ = kept.popLast()
            } else {
                kept.append(segment)
            }
        }
        let leading = path.hasPrefix("/") || path.isEmpty ? "/" : ""
        let trailing = path.hasSuffix("/") && !kept.isEmpty ? "/" : ""
        return leading + kept.joined(separator: "/") + trailing
    }

    /// `key=value` pairs sorted by encoded key, then encoded value, joined with `&`. Each part is
    /// decoded and encoded again so that `%E1%88%B4`, raw UTF-8 and `%e1%88%b4` all sign the
    /// same way, which is what the suite's query cases check. A key without `=` gets an empty
    /// value.
    static func canonicalQuery(_ query: String) -> String {
        let pairs = query.split(separator: "&").map { pair -> (key: String, value: String) in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = parts.count > 1 ? String(parts[1]) : ""
            return (
                URIEncoding.encode(URIEncoding.decode(String(parts[0]))),
                URIEncoding.encode(URIEncoding.decode(value))
            )
        }
        return
            pairs
            .sorted {
                $0.key == $1.key
                    ? $0.value.utf8.lexicographicallyPrecedes($1.value.utf8)
                    : $0.key.utf8.lexicographicallyPrecedes($1.key.utf8)
            }
            .map { "\($0.key)=\($0.value)" }
            .joined(separator: "&")
    }
}
