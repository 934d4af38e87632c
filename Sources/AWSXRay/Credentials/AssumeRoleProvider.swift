import Foundation

/// A profile with `role_arn`: get the source credentials, from `source_profile` (itself
/// resolved the same way, so roles can chain) or from `credential_source`, and trade them for
/// the role's with STS `AssumeRole`.
struct AssumeRoleProvider: CredentialProvider {
    var profile: String
    /// Profiles already on the path to this one, oldest first, to catch `source_profile` loops.
    var visited: [String] = []

    func load(_ context: CredentialContext) async throws(CredentialError) -> CredentialLookup {
        let settings = context.files.profile(profile) ?? [:]
        // A profile with a token file is the web-identity provider's, even though it has a role.
        guard let roleARN = settings["role_arn"], !roleARN.isEmpty, settings["web_identity_token_file"] == nil else {
            return .absent("assume role (no role_arn in profile \(profile))")
        }
        return .found(try await assume(roleARN, settings: settings, context: context))
    }

    func assume(
        _ roleARN: String, settings: [String: String], context: CredentialContext
    ) async throws(CredentialError) -> AWSCredentials {
        if settings["mfa_serial"] != nil {
            throw .invalid(
                "profile \(profile) assumes \(roleARN) with mfa_serial, and xray-tui cannot ask for an MFA code; "
                    + "use a credential_process tool that can (such as aws-vault) or export temporary credentials")
        }
        let sourceCredentials: AWSCredentials
        switch (settings["source_profile"], settings["credential_source"]) {
        case (.some, .some):
            throw .invalid("profile \(profile) sets both source_profile and credential_source; it may have only one")
        case (nil, nil):
            throw .invalid("profile \(profile) has role_arn but neither source_profile nor credential_source")
        case (.some(let source), nil):
            sourceCredentials = try await credentials(fromProfile: source, context: context)
        case (nil, .some(let source)):
            sourceCredentials = try await credentials(fromSource: source, context: context)
        }
        var duration: Int?
        if let text = settings["duration_seconds"] {
            guard let seconds = Int(text), seconds > 0 else {
                throw .invalid("duration_seconds in profile \(profile) is not a whole number of seconds")
            }
            duration = seconds
        }
        let sessionName = settings["role_session_name"] ?? "xray-tui-\(Int(context.now().timeIntervalSince1970))"
        return try await STSClient(context: context).assumeRole(
            roleARN: roleARN, sessionName: sessionName, externalID: settings["external_id"],
            durationSeconds: duration, with: sourceCredentials, source: "role \(roleARN) (profile \(profile))")
    }

    /// botocore's rules: a source profile with static keys, or without a role of its own, is read
    /// by the profile providers (never the environment); one with a role is assumed in turn. A
    /// profile may name itself as its source only to use its own static keys.
    private func credentials(
        fromProfile source: String, context: CredentialContext
    ) async throws(CredentialError) -> AWSCredentials {
        guard let sourceSettings = context.files.profile(source) else {
            throw .invalid("source_profile \(source) of profile \(profile) does not exist")
        }
        let path = visited + [profile]
        let hasStaticKeys = sourceSettings["aws_access_key_id"] != nil
        if path.contains(source), !(source == profile && hasStaticKeys) {
            throw .invalid("source_profile loop: " + (path + [source]).joined(separator: " → "))
        }
        let sourceRole = sourceSettings["role_arn"]
        guard !hasStaticKeys, let sourceRole, sourceSettings["web_identity_token_file"] == nil else {
            let providers = context.profileProviders(source, environmentVariables: false)
            let (credentials, lookedIn) = try await context.first(of: providers)
            guard let credentials else {
                throw CredentialError(
                    kind: .notFound, message: "source_profile \(source) of profile \(profile) has no credentials",
                    lookedIn: lookedIn)
            }
            return credentials
        }
        return try await AssumeRoleProvider(profile: source, visited: path)
            .assume(sourceRole, settings: sourceSettings, context: context)
    }

    private func credentials(
        fromSource source: String, context: CredentialContext
    ) async throws(CredentialError) -> AWSCredentials {
        let lookup: CredentialLookup
        switch source {
        case "Environment": lookup = try EnvironmentProvider.load(context.environment)
        case "Ec2InstanceMetadata": lookup = try await InstanceMetadataProvider(profile: profile).load(context)
        case "EcsContainer": lookup = try await ContainerProvider().load(context)
        default:
            throw .invalid(
                "credential_source \(source) in profile \(profile) is not Environment, Ec2InstanceMetadata or "
                    + "EcsContainer")
        }
        switch lookup {
        case .found(let credentials): return credentials
        case .absent(let entry):
            throw CredentialError(
                kind: .notFound, message: "credential_source \(source) of profile \(profile) has no credentials",
                lookedIn: [entry])
        }
    }
}
