import Foundation

/// The two STS calls the chain makes, over the Query protocol (a form POST answered in XML).
/// The endpoint is `https://sts.<region>.amazonaws.com/` unless `AWS_ENDPOINT_URL_STS` (or the
/// global `AWS_ENDPOINT_URL`) overrides it, the SDKs' standard way to point at a test double.
struct STSClient: Sendable {
    var transport: any HTTPTransport
    var endpoint: URL
    var region: String
    var now: @Sendable () -> Date

    init(context: CredentialContext) {
        transport = context.transport
        region = context.stsRegion
        now = context.now
        let suffix = context.stsRegion.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        let override = context.environment["AWS_ENDPOINT_URL_STS"] ?? context.environment["AWS_ENDPOINT_URL"]
        endpoint =
            override.flatMap(URL.init(string:)) ?? URL(string: "https://sts.\(context.stsRegion).\(suffix)/")!
    }

    /// `AssumeRole`, signed with the source credentials.
    func assumeRole(
        roleARN: String, sessionName: String, externalID: String?, durationSeconds: Int?,
        with credentials: AWSCredentials, source: String
    ) async throws(CredentialError) -> AWSCredentials {
        var parameters = [("RoleArn", roleARN), ("RoleSessionName", sessionName)]
        if let externalID { parameters.append(("ExternalId", externalID)) }
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        return try await call("AssumeRole", parameters, signedWith: credentials, source: source)
    }

    /// `AssumeRoleWithWebIdentity`, which is unsigned: the token is the proof.
    func assumeRoleWithWebIdentity(
        roleARN: String, sessionName: String, token: String, source: String
    ) async throws(CredentialError) -> AWSCredentials {
        try await call(
            "AssumeRoleWithWebIdentity",
            [("RoleArn", roleARN), ("RoleSessionName", sessionName), ("WebIdentityToken", token)],
            signedWith: nil, source: source)
    }

    private func call(
        _ action: String, _ parameters: [(String, String)], signedWith credentials: AWSCredentials?, source: String
    ) async throws(CredentialError) -> AWSCredentials {
        let form = ([("Action", action), ("Version", "2011-06-15")] + parameters)
            .map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }
            .joined(separator: "&")
        var request = HTTPExchange.Request(
            method: "POST", url: endpoint,
            headers: ["Content-Type": "application/x-www-form-urlencoded; charset=utf-8"], body: Data(form.utf8))
        if let credentials {
            request = SigV4Signer(region: region, service: "sts").sign(request, credentials: credentials, date: now())
        }
        let response: HTTPExchange.Response
        do {
            response = try await transport.send(request)
        } catch {
            throw .failed("STS \(action): no answer from \(endpoint.absoluteString): \(describeTransportError(error))")
        }
        guard response.status == 200 else {
            let error = STSResponse.error(in: response.body)
            let detail = [error.code, error.message].compactMap { $0 }.joined(separator: ": ")
            throw .failed("STS \(action) failed (HTTP \(response.status))" + (detail.isEmpty ? "" : ": \(detail)"))
        }
        guard let credentials = STSResponse.credentials(in: response.body, source: source) else {
            throw .failed("STS \(action) answered without AccessKeyId, SecretAccessKey and SessionToken")
        }
        return credentials
    }

    /// The Query protocol's form encoding: everything but RFC 3986's unreserved characters is
    /// percent-encoded, so role ARNs (`:` and `/`) and JWTs travel intact.
    static func formEncode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                encoded.append(Character(Unicode.Scalar(byte)))
            default:
                encoded += String(format: "%%%02X", byte)
            }
        }
        return encoded
    }
}
