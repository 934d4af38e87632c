import Foundation

/// `AWS_ACCESS_KEY_ID` and friends: first in the chain, and skipped when a profile is named
/// explicitly, because `--profile` means "not whatever this shell exported".
struct EnvironmentProvider: CredentialProvider {
    func load(_ context: CredentialContext) async throws(CredentialError) -> CredentialLookup {
        try Self.load(context.environment)
    }

    static func load(_ environment: AWSEnvironment) throws(CredentialError) -> CredentialLookup {
        guard let accessKey = environment["AWS_ACCESS_KEY_ID"] else {
            return .absent("environment (AWS_ACCESS_KEY_ID unset)")
        }
        guard let secret = environment["AWS_SECRET_ACCESS_KEY"] else {
            throw .invalid("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        }
        var expiration: Date?
        if let text = environment["AWS_CREDENTIAL_EXPIRATION"] {
            guard let date = AWSTimestamp.parse(text) else {
                throw .invalid("AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time: \(text)")
            }
            expiration = date
        }
        return .found(
            AWSCredentials(
                accessKeyID: accessKey, secretAccessKey: secret,
                // AWS_SECURITY_TOKEN is what boto 2 exported; botocore still honours it.
                sessionToken: environment["AWS_SESSION_TOKEN"] ?? environment["AWS_SECURITY_TOKEN"],
                expiration: expiration, source: "environment"))
    }
}
