import Foundation

/// What `--debug` may print of an exchange. Credentials and tokens travel in headers (SigV4's
/// `Authorization`, `X-Amz-Security-Token`, IMDS and ECS tokens) and in bodies (STS's XML,
/// the container endpoint's JSON, the web identity token in a form), so each place is
/// rewritten before anything is written.
public enum Redaction {
    static let hidden = "<redacted>"

    /// Headers sorted by name, secret values replaced.
    public static func headers(_ headers: [String: String]) -> [(name: String, value: String)] {
        headers.sorted { $0.key.lowercased() < $1.key.lowercased() }.map { name, value in
            let lower = name.lowercased()
            if lower == "authorization" && value.hasPrefix("AWS4-HMAC-SHA256 ") {
                return (name, sigV4Authorization(value))
            }
            let secret = ["authorization", "token", "secret", "password", "cookie", "credential"]
                .contains { lower.contains($0) }
            return (name, secret ? hidden : value)
        }
    }

    /// Keeps what helps a reader (which key, scope, signed headers), not the signature.
    static func sigV4Authorization(_ value: String) -> String {
        value.replacing(/Credential=([^\/,]+)/) { match in "Credential=\(accessKeyID(String(match.1)))" }
            .replacing(/Signature=[0-9a-fA-F]+/) { _ in "Signature=\(hidden)" }
    }

    /// An access key id as the AWS CLI's `configure list` shows it: the last four characters.
    public static func accessKeyID(_ id: String) -> String {
        id.count <= 4 ? hidden : String(repeating: "*", count: 16) + id.suffix(4)
    }

    /// A body as text, secrets replaced, cut at `limit` characters. `path` is the request's:
    /// the IMDS token endpoint's answer is nothing but the token.
    public static func body(_ data: Data, path: String, limit: Int = 4000) -> String {
        guard !data.isEmpty else { return "" }
        if path.hasSuffix("/api/token") { return "\(hidden) (\(data.count) bytes)" }
        let text = String(decoding: data, as: UTF8.self)
        let trimmed = text.drop { $0.isWhitespace }
        let redacted: String
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") {
            redacted = json(data) ?? hidden
        } else if trimmed.hasPrefix("<") {
            redacted = xml(text)
        } else if text.contains("=") && !text.contains(" ") {
            redacted = form(text)
        } else {
            redacted = hidden + " (\(data.count) bytes of text)"
        }
        guard redacted.count > limit else { return redacted }
        return String(redacted.prefix(limit)) + "... (\(redacted.count - limit) more characters)"
    }

    /// Whether a field's value is a secret. `NextToken` is a page marker, not a credential.
    static func isSecret(field name: String) -> Bool {
        let lower = name.lowercased()
        guard lower != "nexttoken" else { return false }
        return ["secret", "token", "password", "credential"].contains { lower.contains($0) }
    }

    static func json(_ data: Data) -> String? {
        guard let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            return nil
        }
        let cleaned = scrub(value)
        guard let out = try? JSONSerialization.data(withJSONObject: cleaned, options: [.sortedKeys]) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    private static func scrub(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            var result: [String: Any] = [:]
            for (key, field) in object {
                if key.lowercased() == "accesskeyid", let id = field as? String {
                    result[key] = accessKeyID(id)
                } else if isSecret(field: key), !(field is [String: Any]) {
                    result[key] = hidden
                } else {
                    result[key] = scrub(field)
                }
            }
            return result
        }
        if let array = value as? [Any] { return array.map(scrub) }
        return value
    }

    /// STS answers in XML: `<SecretAccessKey>`, `<SessionToken>` and the like lose their text.
    static func xml(_ text: String) -> String {
        text.replacing(/<([A-Za-z]+)>([^<]*)<\/\1>/) { match in
            let name = String(match.1)
            if name.lowercased() == "accesskeyid" { return "<\(name)>\(accessKeyID(String(match.2)))</\(name)>" }
            return isSecret(field: name) ? "<\(name)>\(hidden)</\(name)>" : String(match.0)
        }
    }

    /// `a=1&WebIdentityToken=...`: form fields whose names say secret lose their values.
    static func form(_ text: String) -> String {
        text.split(separator: "&", omittingEmptySubsequences: false).map { pair in
            guard let equals = pair.firstIndex(of: "=") else { return String(pair) }
            let name = String(pair[..<equals])
            return isSecret(field: name.removingPercentEncoding ?? name) ? "\(name)=\(hidden)" : String(pair)
        }.joined(separator: "&")
    }
}
