import Foundation

/// The credential chain AWS CLI users already have set up, resolved in botocore's order so
/// `xray-tui --profile dev` picks the same account as `aws --profile dev`: environment,
/// assume-role profile, web identity, SSO (the token `aws sso login` cached), credentials file,
/// `credential_process`, config file, container endpoint, EC2 instance metadata.
public struct CredentialChain: Sendable {
    /// The profile in effect: `--profile`, else `AWS_DEFAULT_PROFILE`, then `AWS_PROFILE`, else
    /// `default` (botocore's order of the two variables).
    public let profileName: String
    /// Whether the profile was named by the caller (`--profile`), which takes the environment's
    /// keys and web-identity variables out of the chain.
    public let profileIsExplicit: Bool
    let environment: AWSEnvironment
    let transport: any HTTPTransport
    let now: @Sendable () -> Date
    private let cache = CredentialCache()

    public init(
        profile: String? = nil, environment: AWSEnvironment = .current,
        transport: HTTPTransport = URLSessionTransport(timeout: 2), now: @escaping @Sendable () -> Date = Date.init
    ) {
        let explicit = profile.flatMap { $0.isEmpty ? nil : $0 }
        self.profileName = explicit ?? environment["AWS_DEFAULT_PROFILE"] ?? environment["AWS_PROFILE"] ?? "default"
        self.profileIsExplicit = explicit != nil
        self.environment = environment
        self.transport = transport
        self.now = now
    }

    /// Credentials from the first provider that has them, cached until five minutes before they
    /// expire. Copies of a chain share the cache.
    public func resolve() async throws(CredentialError) -> AWSCredentials {
        try await cache.credentials(now: now()) { () async throws(CredentialError) -> AWSCredentials in
            try await self.resolveUncached()
        }
    }

    /// `--region`, then `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region`.
    public func region(explicit: String?) throws(CredentialError) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        // The variables first, so a region in the environment works beside a broken config file.
        if let region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] { return region }
        let files = try AWSConfigFiles.load(environment)
        if let region = region(files: files) { return region }
        throw CredentialError(
            kind: .noRegion,
            message: "no region: pass --region, set AWS_REGION or AWS_DEFAULT_REGION, or set region in profile "
                + "\(profileName) of \(files.config.displayPath)")
    }

    /// The region from the environment or the profile, without `--region`.
    func region(files: AWSConfigFiles) -> String? {
        if let region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] { return region }
        return files.profile(profileName)?["region"].flatMap { $0.isEmpty ? nil : $0 }
    }

    func resolveUncached() async throws(CredentialError) -> AWSCredentials {
        var lookedIn: [String] = []
        if profileIsExplicit {
            lookedIn.append("environment (skipped: profile \(profileName) named explicitly)")
        } else {
            switch try EnvironmentProvider.load(environment) {
            case .found(let credentials): return credentials
            case .absent(let entry): lookedIn.append(entry)
            }
        }
        // Read after the environment, so exported keys work even beside a broken config file.
        let files = try AWSConfigFiles.load(environment)
        if profileName != "default", files.profile(profileName) == nil {
            throw .invalid(
                "profile \(profileName) is in neither \(files.config.displayPath) nor \(files.credentials.displayPath)")
        }
        let stsRegion = region(files: files) ?? "us-east-1"
        let context = CredentialContext(
            environment: environment, files: files, transport: transport, now: now, stsRegion: stsRegion)
        let providers: [any CredentialProvider] =
            [AssumeRoleProvider(profile: profileName)]
            + context.profileProviders(profileName, environmentVariables: !profileIsExplicit)
            + [ContainerProvider(), InstanceMetadataProvider(profile: profileName)]
        let (credentials, more) = try await context.first(of: providers)
        guard let credentials else { throw .notFound(lookedIn: lookedIn + more) }
        return credentials
    }
}
