import Foundation
import Testing
import XRayModel

@testable import AWSXRay

/// `--debug`: every exchange of the credential chain and the X-Ray client is written out, and
/// no secret of any of them is.
@Suite struct DebugLogTests {
    /// A log written to a temporary file, read back as text.
    final class CapturedLog {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("xray-debug-\(UUID()).log")
        let log: DebugLog

        init() throws {
            FileManager.default.createFile(atPath: url.path, contents: nil)
            log = DebugLog(handle: try FileHandle(forWritingTo: url))
        }

        deinit { try? FileManager.default.removeItem(at: url) }

        var text: String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
    }

    @Test func sigV4HeadersKeepTheirShapeButNotTheirSecrets() {
        let headers = Redaction.headers([
            "Authorization":
                "AWS4-HMAC-SHA256 Credential=ASIAROLEKEY1/20240501/us-east-1/xray/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=0123456789abcdef0123456789abcdef",
            "X-Amz-Security-Token": "tok-session", "x-aws-ec2-metadata-token": "imds-token-1",
            "Content-Type": "application/json", "X-Amz-Date": "20240501T120000Z",
        ])
        #expect(
            headers.map { "\($0.name): \($0.value)" } == [
                "Authorization: AWS4-HMAC-SHA256 Credential=****************KEY1/20240501/us-east-1/xray/aws4_request, "
                    + "SignedHeaders=host;x-amz-date, Signature=<redacted>",
                "Content-Type: application/json", "X-Amz-Date: 20240501T120000Z", "X-Amz-Security-Token: <redacted>",
                "x-aws-ec2-metadata-token: <redacted>",
            ])
        // Any other authorization (the ECS agent's) goes whole.
        #expect(Redaction.headers(["Authorization": "Basic ecs-token"]).first?.value == "<redacted>")
    }

    @Test func bodiesLoseCredentialsAndKeepTheRest() {
        func body(_ text: String, path: String = "/") -> String { Redaction.body(Data(text.utf8), path: path) }
        #expect(
            body(#"{"AccessKeyId": "ASIAECS1", "SecretAccessKey": "s3cr3t", "Token": "tok", "Code": "Success"}"#)
                == #"{"AccessKeyId":"****************ECS1","Code":"Success","SecretAccessKey":"<redacted>","Token":"<redacted>"}"#
        )
        #expect(
            body(#"{"NextToken": "1000", "TraceSummaries": [{"Id": "1-a"}]}"#)
                == #"{"NextToken":"1000","TraceSummaries":[{"Id":"1-a"}]}"#, "a page marker is no secret")
        #expect(
            body(
                "<R><Credentials><AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>s3cr3t</SecretAccessKey>"
                    + "<SessionToken>tok</SessionToken><Expiration>2024</Expiration></Credentials></R>")
                == "<R><Credentials><AccessKeyId>****************ROLE</AccessKeyId><SecretAccessKey><redacted>"
                + "</SecretAccessKey><SessionToken><redacted></SessionToken><Expiration>2024</Expiration></Credentials></R>"
        )
        #expect(
            body("Action=AssumeRoleWithWebIdentity&RoleArn=arn%3Aaws&WebIdentityToken=eyJ.payload.sig")
                == "Action=AssumeRoleWithWebIdentity&RoleArn=arn%3Aaws&WebIdentityToken=<redacted>")
        #expect(body("imds-token-1", path: "/latest/api/token") == "<redacted> (12 bytes)")
        #expect(body("web-server-role\n") == "<redacted> (16 bytes of text)", "plain text could be anything")
        #expect(body(#"{"broken": "#).hasPrefix("<redacted>"))
        let long = Redaction.body(Data(("{\"Id\": \"" + String(repeating: "a", count: 5000) + "\"}").utf8), path: "/")
        #expect(long.hasSuffix("... (1009 more characters)") && long.count < 4100)
    }

    /// Every credential provider that talks HTTP, then a signed X-Ray call, through the debug
    /// transport: the log shows each request and answer, and none of the secrets.
    @Test func aWholeSessionLeaksNoSecret() async throws {
        let captured = try CapturedLog()
        let sandbox = try CredentialSandbox()
        let network = FakeCredentialNetwork { request in
            // `absoluteString`: Foundation's `path` drops the role list's trailing slash.
            switch (request.url.host ?? "", request.url.absoluteString) {
            case ("sts.us-east-1.amazonaws.com", _):
                let action =
                    String(decoding: request.body, as: UTF8.self).contains("WebIdentity")
                    ? "AssumeRoleWithWebIdentity" : "AssumeRole"
                return .text(CredentialChainTests.stsAnswer(action, key: "ASIAROLE"))
            case (_, let url) where url.hasSuffix("/latest/api/token"): return .text("imds-token-1")
            case (_, let url) where url.hasSuffix("/security-credentials/"): return .text("web-server-role\n")
            default: return .text(CredentialChainTests.endpointAnswer(key: "ASIAENDPOINT", code: "Success"))
            }
        }
        let transport = DebugTransport(network, log: captured.log)
        sandbox.write(
            ".aws/config", "[profile deploy]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n")
        sandbox.write(".aws/credentials", "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = s3cr3t-base\n")
        let tokenPath = sandbox.write("token.jwt", "eyJhbGciOi.s3cr3t-jwt.sig\n")
        let chains = [
            sandbox.chain(profile: "deploy", transport: transport),
            sandbox.chain(
                environment: [
                    "AWS_WEB_IDENTITY_TOKEN_FILE": tokenPath, "AWS_ROLE_ARN": "arn:aws:iam::1:role/pod",
                ], transport: transport),
            sandbox.chain(
                environment: [
                    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc",
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN": "s3cr3t-ecs-token",
                ], transport: transport),
            sandbox.chain(transport: transport),
        ]
        var resolved: [AWSCredentials] = []
        for chain in chains { resolved.append(try await chain.resolve()) }
        #expect(resolved.map(\.accessKeyID) == ["ASIAROLE", "ASIAROLE", "ASIAENDPOINT", "ASIAENDPOINT"])

        let xray = RecordingTransport([{ _ in RecordingTransport.json(200, ["TraceSummaries": [], "NextToken": "7"]) }])
        let credentials = resolved[0]
        let client = XRayAPIClient(
            endpoint: URL(string: "https://xray.us-east-1.amazonaws.com")!,
            transport: DebugTransport(xray, log: captured.log),
            signing: RequestSigning(region: "us-east-1", credentials: { credentials }))
        _ = try await client.summaries(SummaryQuery(window: TimeWindow(start: 0, end: 60)))

        let text = captured.text
        for secret in [
            "s3cr3t-base", "s3cr3t-role", "tok-role", "s3cr3t-jwt", "s3cr3t-ecs-token", "s3cr3t-endpoint",
            "tok-endpoint", "imds-token-1", "AKIABASE", "ASIAROLE", "ASIAENDPOINT",
        ] {
            #expect(!text.contains(secret), "\(secret) is in the log")
        }
        let signature = try #require(xray.sent.first?.headers["Authorization"]?.split(separator: "Signature=").last)
        #expect(!text.contains(signature))
        // What a reader needs is there: each call, its answer, which key (by its last four).
        for expected in [
            "-> POST https://sts.us-east-1.amazonaws.com/", "-> GET http://169.254.170.2/v2/credentials/abc",
            "-> PUT http://169.254.169.254/latest/api/token",
            "-> POST https://xray.us-east-1.amazonaws.com/TraceSummaries",
            "<- HTTP 200", "Credential=****************ROLE/", "\"NextToken\":\"7\"", "<SessionToken><redacted>",
        ] {
            #expect(text.contains(expected), "no \(expected) in\n\(text)")
        }
    }

    @Test func aFailedExchangeIsLoggedWithoutTheRequestsSecrets() async throws {
        let captured = try CapturedLog()
        let transport = DebugTransport(FakeCredentialNetwork.unreachable, log: captured.log)
        let request = HTTPExchange.Request(
            method: "GET", url: URL(string: "http://169.254.170.2/creds")!,
            headers: ["Authorization": "s3cr3t-ecs-token"], body: Data())
        await #expect(throws: XRayAPIError.self) { _ = try await transport.send(request) }
        #expect(captured.text.contains("<- no answer: ") && captured.text.contains("timed out"))
        #expect(!captured.text.contains("s3cr3t"))
    }
}
