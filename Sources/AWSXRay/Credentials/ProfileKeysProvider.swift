import Foundation

/// Static keys written into a profile: `aws_access_key_id`, `aws_secret_access_key` and
/// optionally `aws_session_token`. botocore looks in the credentials file (4th) and, much later,
/// in the config file (after `credential_process`), so one type serves both places.
struct ProfileKeysProvider: CredentialProvider {
    enum Place: Sendable {
        case credentials
        case config
    }

    var profile: String
    var file: Place

    func load(_ context: CredentialContext) async throws(CredentialError) -> CredentialLookup {
        let source = file == .credentials ? context.files.credentials : context.files.config
        // How the section is written in this file, so the message points at the right header.
        let header = file == .config && profile != "default" ? "[profile \(profile)]" : "[\(profile)]"
        let place = "\(source.displayPath) \(header)"
        if let reason = source.absence(of: profile) { return .absent("\(place) (\(reason))") }
        let settings = source.profiles?[profile] ?? [:]
        guard let accessKey = settings["aws_access_key_id"], !accessKey.isEmpty else {
            return .absent("\(place) (no aws_access_key_id)")
        }
        guard let secret = settings["aws_secret_access_key"], !secret.isEmpty else {
            throw .invalid("\(place) has aws_access_key_id but no aws_secret_access_key")
        }
        let token = settings["aws_session_token"] ?? settings["aws_security_token"]
        return .found(
            AWSCredentials(
                accessKeyID: accessKey, secretAccessKey: secret, sessionToken: token?.isEmpty == false ? token : nil,
                source: "profile \(profile) in \(source.displayPath)"))
    }
}
