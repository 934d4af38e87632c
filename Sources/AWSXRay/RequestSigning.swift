import Foundation

/// How requests to AWS are signed: the signer for the region, where credentials come from
/// (asked for each request, so renewed temporary credentials are picked up), and the clock.
public struct RequestSigning: Sendable {
    public let signer: SigV4Signer
    public let credentials: @Sendable () async throws -> AWSCredentials
    public let now: @Sendable () -> Date

    public init(
        region: String, credentials: @escaping @Sendable () async throws -> AWSCredentials,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        signer = SigV4Signer(region: region, service: "xray")
        self.credentials = credentials
        self.now = now
    }
}
