import Foundation

/// The JSON that `credential_process`, the container endpoint and IMDS all answer with, give or
/// take the token's name (`SessionToken` from a process, `Token` from the endpoints).
enum CredentialDocument {
    /// Decodes the credentials. `what` names the source in errors; errors say which field is
    /// wrong and never quote the document, which holds the secret.
    static func credentials(
        from data: Data, what: String, source: String
    ) throws(CredentialError) -> AWSCredentials {
        let json = try object(from: data, what: what)
        return try credentials(from: json, what: what, source: source)
    }

    static func object(from data: Data, what: String) throws(CredentialError) -> [String: Any] {
        guard let parsed = try? JSONSerialization.jsonObject(with: data), let json = parsed as? [String: Any] else {
            throw .failed("\(what) did not answer with a JSON object (\(data.count) bytes)")
        }
        return json
    }

    static func credentials(
        from json: [String: Any], what: String, source: String
    ) throws(CredentialError) -> AWSCredentials {
        guard let accessKey = json["AccessKeyId"] as? String, !accessKey.isEmpty else {
            throw .failed("\(what) answered without AccessKeyId")
        }
        guard let secret = json["SecretAccessKey"] as? String, !secret.isEmpty else {
            throw .failed("\(what) answered without SecretAccessKey")
        }
        let token = (json["SessionToken"] ?? json["Token"]) as? String
        var expiration: Date?
        if let value = json["Expiration"], !(value is NSNull) {
            guard let text = value as? String, let date = AWSTimestamp.parse(text) else {
                throw .failed("\(what) answered with an Expiration that is not an ISO 8601 time")
            }
            expiration = date
        }
        return AWSCredentials(
            accessKeyID: accessKey, secretAccessKey: secret, sessionToken: token?.isEmpty == false ? token : nil,
            expiration: expiration, source: source)
    }
}
