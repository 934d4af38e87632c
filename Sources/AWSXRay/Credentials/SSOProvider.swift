import Crypto
import Foundation

/// IAM Identity Center (`aws sso login`): the CLI caches an access token in
/// `~/.aws/sso/cache/SHA1.json`, named by the profile's `sso_session` (or, in the legacy form,
/// its `sso_start_url`); the portal's GetRoleCredentials trades it for the role's keys. We never
/// log in ourselves: an absent or expired token tells the user the command that renews it.
struct SSOProvider: CredentialProvider {
    var profile: String

    struct Settings {
        var cacheKey: String
        var region: String
        var accountID: String
        var roleName: String
    }

    func load(_ context: CredentialContext) async throws(CredentialError) -> CredentialLookup {
        let profileSettings = context.files.profile(profile) ?? [:]
        guard profileSettings["sso_session"] != nil || profileSettings["sso_start_url"] != nil else {
            return .absent("SSO (no sso_session or sso_start_url in profile \(profile))")
        }
        let settings = try Self.settings(profileSettings, profile: profile, files: context.files)
        let token = try accessToken(settings, context)
        var components = URLComponents(url: Self.endpoint(settings.region, context), resolvingAgainstBaseURL: false)!
        components.path = "/federation/credentials"
        components.queryItems = [
            URLQueryItem(name: "account_id", value: settings.accountID),
            URLQueryItem(name: "role_name", value: settings.roleName),
        ]
        let request = HTTPExchange.Request(
            method: "GET", url: components.url!, headers: ["x-amz-sso_bearer_token": token], body: Data())
        let response: HTTPExchange.Response
        do {
            response = try await context.transport.send(request)
        } catch {
            throw .failed(
                "SSO GetRoleCredentials: no answer from \(components.host ?? ""): \(describeTransportError(error))")
        }
        guard response.status == 200 else {
            let renew = [401, 403].contains(response.status) ? "; run aws sso login --profile \(profile)" : ""
            throw .failed(
                "SSO GetRoleCredentials for role \(settings.roleName) in account \(settings.accountID) "
                    + "failed (HTTP \(response.status))\(renew)")
        }
        return .found(try Self.credentials(response.body, settings))
    }

    /// The profile's SSO settings, the session's where it names one.
    static func settings(
        _ settings: [String: String], profile: String, files: AWSConfigFiles
    ) throws(CredentialError) -> Settings {
        var startURL = settings["sso_start_url"]
        var region = settings["sso_region"]
        var cacheKey = startURL
        if let sessionName = settings["sso_session"] {
            guard let session = files.ssoSessions[sessionName] else {
                throw .invalid(
                    "profile \(profile) names sso_session \(sessionName), but \(files.config.displayPath) "
                        + "has no [sso-session \(sessionName)] section")
            }
            startURL = session["sso_start_url"]
            region = session["sso_region"]
            cacheKey = sessionName
        }
        let missing = [
            ("sso_start_url", startURL), ("sso_region", region), ("sso_account_id", settings["sso_account_id"]),
            ("sso_role_name", settings["sso_role_name"]),
        ].filter { $0.1?.isEmpty ?? true }.map(\.0)
        guard missing.isEmpty, let cacheKey, let region else {
            throw .invalid("profile \(profile) uses SSO but has no \(missing.joined(separator: ", "))")
        }
        return Settings(
            cacheKey: cacheKey, region: region, accountID: settings["sso_account_id"]!,
            roleName: settings["sso_role_name"]!)
    }

    /// The cached token, if it is there and still good.
    private func accessToken(_ settings: Settings, _ context: CredentialContext) throws(CredentialError) -> String {
        let name = SigV4Signer.hex(Insecure.SHA1.hash(data: Data(settings.cacheKey.utf8)))
        let path = context.environment.expand("~/.aws/sso/cache/\(name).json")
        let renew = "run aws sso login --profile \(profile)"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .failed("no SSO token for profile \(profile) in \(context.environment.display(path)): \(renew)")
        }
        guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            let token = json["accessToken"] as? String, !token.isEmpty,
            let expiresText = json["expiresAt"] as? String
        else {
            throw .failed("the SSO token cache \(context.environment.display(path)) has no accessToken and expiresAt")
        }
        // Older CLIs wrote `2024-05-01T13:00:00UTC`.
        let expires = AWSTimestamp.parse(
            expiresText.hasSuffix("UTC") ? String(expiresText.dropLast(3)) + "Z" : expiresText)
        guard let expires, expires > context.now() else {
            throw .failed("the SSO session of profile \(profile) has expired: \(renew)")
        }
        return token
    }

    /// `https://portal.sso.REGION.amazonaws.com`, or `AWS_ENDPOINT_URL_SSO` (the SDKs' override).
    private static func endpoint(_ region: String, _ context: CredentialContext) -> URL {
        let override = context.environment["AWS_ENDPOINT_URL_SSO"] ?? context.environment["AWS_ENDPOINT_URL"]
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return override.flatMap(URL.init(string:)) ?? URL(string: "https://portal.sso.\(region).\(suffix)")!
    }

    /// `{"roleCredentials": {"accessKeyId", "secretAccessKey", "sessionToken", "expiration" (ms)}}`.
    private static func credentials(_ body: Data, _ settings: Settings) throws(CredentialError) -> AWSCredentials {
        let what = "SSO GetRoleCredentials"
        let json = try CredentialDocument.object(from: body, what: what)
        guard let role = json["roleCredentials"] as? [String: Any],
            let key = role["accessKeyId"] as? String, !key.isEmpty,
            let secret = role["secretAccessKey"] as? String, !secret.isEmpty
        else { throw .failed("\(what) answered without roleCredentials' accessKeyId and secretAccessKey") }
        let expiration = (role["expiration"] as? NSNumber).map { Date(timeIntervalSince1970: $0.doubleValue / 1000) }
        return AWSCredentials(
            accessKeyID: key, secretAccessKey: secret, sessionToken: role["sessionToken"] as? String,
            expiration: expiration, source: "SSO role \(settings.roleName) in account \(settings.accountID)")
    }
}
