import Foundation

/// What one provider made of the world: credentials, or the "looked in" entry that says where it
/// looked and why it found nothing. A provider that is configured but fails throws instead, as
/// botocore's do, so a broken `credential_process` is never quietly skipped for the next source.
enum CredentialLookup: Sendable {
    case found(AWSCredentials)
    case absent(String)
}

/// One link of the chain (environment, a profile's keys, STS, a metadata endpoint).
protocol CredentialProvider: Sendable {
    func load(_ context: CredentialContext) async throws(CredentialError) -> CredentialLookup
}

/// What every provider may read during one resolution: the same environment, the same snapshot
/// of the files, one transport and one clock.
struct CredentialContext: Sendable {
    var environment: AWSEnvironment
    var files: AWSConfigFiles
    var transport: any HTTPTransport
    var now: @Sendable () -> Date
    /// The region STS is called in: the session's region, as botocore uses, else us-east-1.
    var stsRegion: String
}

extension CredentialContext {
    /// Asks each provider in turn; the first with credentials wins. Returns nil and the
    /// "looked in" entries when none had any.
    func first(
        of providers: [any CredentialProvider]
    ) async throws(CredentialError) -> (credentials: AWSCredentials?, lookedIn: [String]) {
        var lookedIn: [String] = []
        for provider in providers {
            switch try await provider.load(self) {
            case .found(let credentials): return (credentials, lookedIn)
            case .absent(let entry): lookedIn.append(entry)
            }
        }
        return (nil, lookedIn)
    }

    /// botocore's profile provider chain, used for the chain's profile and for a role's
    /// `source_profile`: web identity, SSO, the credentials file, `credential_process`, the
    /// config file. A source profile never reads the web-identity environment variables.
    func profileProviders(_ profile: String, environmentVariables: Bool) -> [any CredentialProvider] {
        [
            WebIdentityProvider(profile: profile, readsEnvironment: environmentVariables),
            SSOProvider(profile: profile),
            ProfileKeysProvider(profile: profile, file: .credentials),
            ProcessProvider(profile: profile),
            ProfileKeysProvider(profile: profile, file: .config),
        ]
    }
}

/// Words for a transport failure that never echo a request (which may carry a token).
func describeTransportError(_ error: any Error) -> String {
    if let error = error as? XRayAPIError { return error.description }
    return error.localizedDescription
}
