import Foundation

/// An access key pair, with the session token and expiry that temporary credentials carry.
/// `description` never shows the secret or the token, so credentials can be logged by mistake
/// without leaking.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?
    public var expiration: Date?
    /// Where they came from, for messages (`environment`, `profile dev in ~/.aws/credentials`).
    public var source: String

    public init(
        accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil,
        source: String = "given"
    ) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
        self.source = source
    }

    public var description: String {
        "credentials \(accessKeyID.prefix(4))… from \(source)" + (sessionToken == nil ? "" : " (temporary)")
    }
}
