import Foundation

/// OIDC federation (EKS IRSA, GitHub Actions): a token file and a role, traded with STS
/// `AssumeRoleWithWebIdentity`. Each setting comes from its environment variable when there is
/// one (`AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`, `AWS_ROLE_SESSION_NAME`), else from the
/// profile, setting by setting, as botocore does; an explicit profile ignores the variables.
struct WebIdentityProvider: CredentialProvider {
    var profile: String
    var readsEnvironment: Bool

    func load(_ context: CredentialContext) async throws(CredentialError) -> CredentialLookup {
        let settings = context.files.profile(profile) ?? [:]
        func value(_ key: String, _ variable: String) -> String? {
            if readsEnvironment, let value = context.environment[variable] { return value }
            return settings[key].flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let tokenFile = value("web_identity_token_file", "AWS_WEB_IDENTITY_TOKEN_FILE") else {
            let variable = readsEnvironment ? "AWS_WEB_IDENTITY_TOKEN_FILE unset, " : ""
            return .absent("web identity (\(variable)no web_identity_token_file in profile \(profile))")
        }
        guard let roleARN = value("role_arn", "AWS_ROLE_ARN") else {
            throw .invalid(
                "a web identity token file is set but no role: set AWS_ROLE_ARN or role_arn in profile \(profile)")
        }
        let path = context.environment.expand(tokenFile)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .failed("cannot read the web identity token file \(context.environment.display(path))")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let sessionName =
            value("role_session_name", "AWS_ROLE_SESSION_NAME")
            ?? "xray-tui-\(Int(context.now().timeIntervalSince1970))"
        return .found(
            try await STSClient(context: context).assumeRoleWithWebIdentity(
                roleARN: roleARN, sessionName: sessionName, token: token, source: "web identity role \(roleARN)"))
    }
}
