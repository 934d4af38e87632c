import Foundation

/// An EC2 instance profile, read with IMDSv2: `PUT /latest/api/token` for a session token, then
/// the role name and the role's credentials with that token. Last in the chain, and any failure
/// here only means "not on EC2", so it answers absent rather than throwing: a laptop must get
/// the "no credentials" message quickly, not an IMDS error. The transport's short timeout is
/// what keeps it quick.
struct InstanceMetadataProvider: CredentialProvider {
    /// The profile whose `ec2_metadata_*` settings apply.
    var profile: String

    static let defaultEndpoint = "http://169.254.169.254"
    static let ipv6Endpoint = "http://[fd00:ec2::254]"
    static let credentialsPath = "/latest/meta-data/iam/security-credentials/"

    func load(_ context: CredentialContext) async throws(CredentialError) -> CredentialLookup {
        let environment = context.environment
        let settings = context.files.profile(profile) ?? [:]
        func setting(_ variable: String, _ key: String) -> String? {
            environment[variable] ?? settings[key].flatMap { $0.isEmpty ? nil : $0 }
        }
        if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" {
            return .absent("IMDS (disabled by AWS_EC2_METADATA_DISABLED)")
        }
        let ipv6 = setting("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ec2_metadata_service_endpoint_mode")
        var endpoint =
            setting("AWS_EC2_METADATA_SERVICE_ENDPOINT", "ec2_metadata_service_endpoint")
            ?? (ipv6?.lowercased() == "ipv6" ? Self.ipv6Endpoint : Self.defaultEndpoint)
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        let place = endpoint.replacingOccurrences(of: "http://", with: "")
        let v1Disabled = setting("AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled")?.lowercased() == "true"

        func send(_ method: String, _ path: String, _ headers: [String: String]) async -> HTTPExchange.Response? {
            guard let url = URL(string: endpoint + path) else { return nil }
            return try? await context.transport.send(
                HTTPExchange.Request(method: method, url: url, headers: headers, body: Data()))
        }

        guard
            let tokenResponse = await send(
                "PUT", "/latest/api/token", ["x-aws-ec2-metadata-token-ttl-seconds": "21600"])
        else { return .absent("IMDS (no answer at \(place))") }
        var headers: [String: String] = [:]
        switch tokenResponse.status {
        case 200:
            headers["x-aws-ec2-metadata-token"] = String(decoding: tokenResponse.body, as: UTF8.self)
        case 403, 404, 405:
            // An endpoint without IMDSv2: botocore falls back to asking without a token.
            if v1Disabled {
                return .absent("IMDS (no token at \(place), and AWS_EC2_METADATA_V1_DISABLED forbids IMDSv1)")
            }
        default:
            return .absent("IMDS (token request at \(place) answered HTTP \(tokenResponse.status))")
        }

        guard let roleResponse = await send("GET", Self.credentialsPath, headers) else {
            return .absent("IMDS (no answer at \(place))")
        }
        guard roleResponse.status == 200 else {
            let reason = roleResponse.status == 404 ? "no instance profile" : "HTTP \(roleResponse.status)"
            return .absent("IMDS (\(reason) at \(place))")
        }
        let roles = String(decoding: roleResponse.body, as: UTF8.self).split(whereSeparator: \.isNewline)
        guard let role = roles.first.map({ $0.trimmingWhitespace() }), !role.isEmpty,
            role.allSatisfy({ $0.isLetter || $0.isNumber || "+=,.@_-".contains($0) })
        else { return .absent("IMDS (no instance profile role at \(place))") }

        guard let credentialsResponse = await send("GET", Self.credentialsPath + role, headers) else {
            return .absent("IMDS (no answer at \(place))")
        }
        guard credentialsResponse.status == 200 else {
            return .absent("IMDS (role \(role) answered HTTP \(credentialsResponse.status) at \(place))")
        }
        let what = "IMDS role \(role)"
        do throws(CredentialError) {
            let json = try CredentialDocument.object(from: credentialsResponse.body, what: what)
            if let code = json["Code"] as? String, code != "Success" {
                return .absent("IMDS (role \(role) answered Code \(code))")
            }
            return .found(
                try CredentialDocument.credentials(
                    from: json, what: what, source: "EC2 instance metadata (role \(role))"))
        } catch {
            return .absent("IMDS (\(error.message))")
        }
    }
}
