import Foundation
import Testing

@testable import AWSXRay

/// The credential chain against made-up worlds: files in a temporary home, an injected
/// environment, STS, the container endpoint and IMDS played by a loopback server or a scripted
/// transport. Every secret here is a distinct `s3cr3t-…` string so the error tests can check
/// that none of them leaks.
@Suite struct CredentialChainTests {
    /// 2024-05-01T12:00:00Z.
    static let time = Date(timeIntervalSince1970: 1_714_564_800)

    // MARK: Environment and files

    @Test func environmentKeysWithSessionTokenAndExpiration() async throws {
        let sandbox = try CredentialSandbox()
        let chain = sandbox.chain(environment: [
            "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s3cr3t-env", "AWS_SESSION_TOKEN": "tok-env",
            "AWS_CREDENTIAL_EXPIRATION": "2024-05-01T13:00:00Z",
        ])
        let credentials = try await chain.resolve()
        #expect(credentials.accessKeyID == "AKIAENV")
        #expect(credentials.secretAccessKey == "s3cr3t-env")
        #expect(credentials.sessionToken == "tok-env")
        #expect(credentials.expiration == Self.time.addingTimeInterval(3600))
        #expect(credentials.source == "environment")
        #expect(!credentials.description.contains("s3cr3t"))

        let legacy = sandbox.chain(environment: [
            "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s3cr3t-env", "AWS_SECURITY_TOKEN": "tok-legacy",
        ])
        #expect(try await legacy.resolve().sessionToken == "tok-legacy")
    }

    @Test func explicitProfileBeatsTheEnvironment() async throws {
        let sandbox = try CredentialSandbox()
        sandbox.write(
            ".aws/credentials", "[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = s3cr3t-dev\n")
        let environment = [
            "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s3cr3t-env", "AWS_PROFILE": "dev",
        ]
        // AWS_PROFILE only picks the profile; the exported keys still come first.
        #expect(try await sandbox.chain(environment: environment).resolve().accessKeyID == "AKIAENV")
        let explicit = try await sandbox.chain(profile: "dev", environment: environment).resolve()
        #expect(explicit.accessKeyID == "AKIADEV")
        #expect(explicit.source == "profile dev in ~/.aws/credentials")
    }

    @Test func profileVariablesInBotocoreOrder() throws {
        let sandbox = try CredentialSandbox()
        #expect(sandbox.chain(environment: [:]).profileName == "default")
        #expect(sandbox.chain(environment: ["AWS_PROFILE": "b"]).profileName == "b")
        #expect(sandbox.chain(environment: ["AWS_PROFILE": "b", "AWS_DEFAULT_PROFILE": "a"]).profileName == "a")
        let explicit = sandbox.chain(profile: "c", environment: ["AWS_PROFILE": "b"])
        #expect(explicit.profileName == "c" && explicit.profileIsExplicit)
    }

    @Test func configNamesProfilesWithThePrefixAndCredentialsWithout() async throws {
        let sandbox = try CredentialSandbox()
        sandbox.write(
            ".aws/config",
            """
            # the config file
            [default]
            region = eu-west-1

            [profile cfg]
            ; static keys in the config file are the last file-based resort
            aws_access_key_id = AKIACFG
            aws_secret_access_key = s3cr3t-cfg
            s3 =
                max_concurrent_requests = 20

            [profile both]
            aws_access_key_id = AKIABOTHCONFIG
            aws_secret_access_key = s3cr3t-both-config

            [cred]
            aws_access_key_id = AKIAWRONG
            aws_secret_access_key = s3cr3t-wrong
            """)
        sandbox.write(
            ".aws/credentials",
            """
            [cred]
            aws_access_key_id = AKIACRED
            aws_secret_access_key = s3cr3t-cred
            aws_session_token = tok-cred

            [profile cfg]
            aws_access_key_id = AKIAWRONG2
            aws_secret_access_key = s3cr3t-wrong2

            [both]
            aws_access_key_id = AKIABOTHCREDS
            aws_secret_access_key = s3cr3t-both-creds
            """)
        let cfg = try await sandbox.chain(profile: "cfg").resolve()
        #expect(cfg.accessKeyID == "AKIACFG")
        #expect(cfg.source == "profile cfg in ~/.aws/config")
        let cred = try await sandbox.chain(profile: "cred").resolve()
        #expect(cred.accessKeyID == "AKIACRED")
        #expect(cred.sessionToken == "tok-cred")
        // The credentials file comes before the config file in the chain.
        #expect(try await sandbox.chain(profile: "both").resolve().accessKeyID == "AKIABOTHCREDS")
    }

    @Test func fileLocationVariablesOverrideTheHomeDirectory() async throws {
        let sandbox = try CredentialSandbox()
        sandbox.write(".aws/credentials", "[default]\naws_access_key_id = AKIAHOME\naws_secret_access_key = s3cr3t-h\n")
        let credentialsPath = sandbox.write(
            "elsewhere/creds", "[default]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = s3cr3t-o\n")
        let configPath = sandbox.write(
            "elsewhere/conf", "[profile x]\naws_access_key_id = AKIACONF\naws_secret_access_key = s3cr3t-c\n")
        let environment = ["AWS_SHARED_CREDENTIALS_FILE": credentialsPath, "AWS_CONFIG_FILE": configPath]
        let fromOther = try await sandbox.chain(environment: environment).resolve()
        #expect(fromOther.accessKeyID == "AKIAOTHER")
        #expect(fromOther.source == "profile default in ~/elsewhere/creds")
        #expect(try await sandbox.chain(profile: "x", environment: environment).resolve().accessKeyID == "AKIACONF")
        // A leading ~ in the variable means the home directory.
        let tilde = ["AWS_SHARED_CREDENTIALS_FILE": "~/elsewhere/creds"]
        #expect(try await sandbox.chain(environment: tilde).resolve().accessKeyID == "AKIAOTHER")
    }

    @Test func aProfileThatDoesNotExistIsAnError() async throws {
        let sandbox = try CredentialSandbox()
        sandbox.write(".aws/config", "[profile real]\nregion = us-east-1\n")
        let error = await #expect(throws: CredentialError.self) { try await sandbox.chain(profile: "typo").resolve() }
        #expect(error?.kind == .invalidConfiguration)
        #expect(error?.description.contains("profile typo") == true)
    }

    // MARK: credential_process

    @Test func credentialProcessPrintsJSON() async throws {
        let sandbox = try CredentialSandbox()
        let script = sandbox.script(
            "creds.sh",
            #"""
            echo run >> "$(dirname "$0")/runs"
            printf '%s\n' '{"Version": 1, "AccessKeyId": "ASIAPROC", "SecretAccessKey": "s3cr3t-proc",'
            printf '%s\n' ' "SessionToken": "tok-proc", "Expiration": "2024-05-01T13:00:00Z"}'
            """#)
        sandbox.write(".aws/config", "[profile tool]\ncredential_process = \(script) --profile tool\n")
        let clock = CredentialTestClock(Self.time)
        let chain = sandbox.chain(profile: "tool", now: clock.now)
        let credentials = try await chain.resolve()
        #expect(credentials.accessKeyID == "ASIAPROC")
        #expect(credentials.sessionToken == "tok-proc")
        #expect(credentials.expiration == Self.time.addingTimeInterval(3600))
        #expect(credentials.source == "credential_process of profile tool")

        // Cached while more than five minutes remain; fetched again after that.
        clock.advance(50 * 60)
        _ = try await chain.resolve()
        #expect(sandbox.read("bin/runs").split(separator: "\n").count == 1)
        clock.advance(6 * 60)
        _ = try await chain.resolve()
        #expect(sandbox.read("bin/runs").split(separator: "\n").count == 2)
    }

    @Test func failingCredentialProcessNamesTheCommandAndStatus() async throws {
        let sandbox = try CredentialSandbox()
        let script = sandbox.script("fail.sh", "echo 'the SSO session has expired' >&2\nexit 1")
        sandbox.write(".aws/config", "[profile tool]\ncredential_process = \(script)\n")
        let error = await #expect(throws: CredentialError.self) { try await sandbox.chain(profile: "tool").resolve() }
        let text = try #require(error?.description)
        #expect(text.contains(script))
        #expect(text.contains("exited with status 1"))
        #expect(text.contains("the SSO session has expired"))
    }

    @Test func credentialProcessWithBadJSONIsReported() async throws {
        let sandbox = try CredentialSandbox()
        let script = sandbox.script("bad.sh", "echo 'not json at all'")
        sandbox.write(".aws/config", "[profile tool]\ncredential_process = \(script)\n")
        let error = await #expect(throws: CredentialError.self) { try await sandbox.chain(profile: "tool").resolve() }
        #expect(error?.description.contains("did not answer with a JSON object") == true)
    }

    // MARK: STS

    @Test func assumeRoleWithASourceProfileSignsAFormPost() async throws {
        let sandbox = try CredentialSandbox()
        let sts = try LoopbackServer { _ in .text(Self.stsAnswer("AssumeRole", key: "ASIAROLE")) }
        defer { sts.stop() }
        sandbox.write(
            ".aws/config",
            """
            [profile deploy]
            role_arn = arn:aws:iam::123456789012:role/Deploy Role
            source_profile = base
            external_id = ext-42
            role_session_name = me
            duration_seconds = 1800
            region = us-west-2
            """)
        sandbox.write(".aws/credentials", "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = s3cr3t-base\n")
        let chain = sandbox.chain(
            profile: "deploy", environment: ["AWS_ENDPOINT_URL_STS": sts.baseURL],
            transport: URLSessionTransport(timeout: 5))
        let credentials = try await chain.resolve()
        #expect(credentials.accessKeyID == "ASIAROLE")
        #expect(credentials.secretAccessKey == "s3cr3t-role")
        #expect(credentials.sessionToken == "tok-role")
        #expect(credentials.expiration == Self.time.addingTimeInterval(3600))
        #expect(credentials.source.contains("arn:aws:iam::123456789012:role/Deploy Role"))

        let request = try #require(sts.requests.first)
        #expect(sts.requests.count == 1)
        #expect(request.method == "POST")
        #expect(request.path == "/")
        #expect(request.headers["content-type"]?.hasPrefix("application/x-www-form-urlencoded") == true)
        #expect(
            request.bodyText
                == "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FDeploy%20Role"
                + "&RoleSessionName=me&ExternalId=ext-42&DurationSeconds=1800")
        let authorization = try #require(request.headers["authorization"])
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIABASE/20240501/us-west-2/sts/aws4_request,"))
        #expect(request.headers["x-amz-date"] == "20240501T120000Z")
        #expect(request.headers["x-amz-security-token"] == nil)
    }

    @Test func rolesChainThroughSourceProfilesAndLoopsAreCaught() async throws {
        let sandbox = try CredentialSandbox()
        let sts = try LoopbackServer { request in
            let second = request.bodyText.contains("role%2Fsecond")
            return .text(Self.stsAnswer("AssumeRole", key: second ? "ASIASECOND" : "ASIAFIRST"))
        }
        defer { sts.stop() }
        sandbox.write(
            ".aws/config",
            """
            [profile second]
            role_arn = arn:aws:iam::1:role/second
            source_profile = first
            [profile first]
            role_arn = arn:aws:iam::1:role/first
            source_profile = base
            [profile base]
            aws_access_key_id = AKIABASE
            aws_secret_access_key = s3cr3t-base
            [profile self]
            role_arn = arn:aws:iam::1:role/first
            source_profile = self
            aws_access_key_id = AKIASELF
            aws_secret_access_key = s3cr3t-self
            [profile a]
            role_arn = arn:aws:iam::1:role/a
            source_profile = b
            [profile b]
            role_arn = arn:aws:iam::1:role/b
            source_profile = a
            """)
        let environment = ["AWS_ENDPOINT_URL_STS": sts.baseURL]
        let transport = URLSessionTransport(timeout: 5)
        let second = try await sandbox.chain(profile: "second", environment: environment, transport: transport)
            .resolve()
        #expect(second.accessKeyID == "ASIASECOND")
        // base's keys assume `first`; first's temporary credentials (with their token) assume `second`.
        #expect(sts.requests.count == 2)
        #expect(sts.requests[0].headers["authorization"]?.contains("Credential=AKIABASE/") == true)
        #expect(sts.requests[1].headers["authorization"]?.contains("Credential=ASIAFIRST/") == true)
        #expect(sts.requests[1].headers["x-amz-security-token"] == "tok-role")

        // A profile may name itself as its source to use its own keys.
        _ = try await sandbox.chain(profile: "self", environment: environment, transport: transport).resolve()
        #expect(sts.requests.last?.headers["authorization"]?.contains("Credential=AKIASELF/") == true)

        let loop = await #expect(throws: CredentialError.self) {
            try await sandbox.chain(profile: "a", environment: environment, transport: transport).resolve()
        }
        #expect(loop?.description.contains("source_profile loop: a → b → a") == true)
    }

    @Test func roleSettingsTheChainCannotUseAreExplained() async throws {
        let sandbox = try CredentialSandbox()
        sandbox.write(
            ".aws/config",
            """
            [profile mfa]
            role_arn = arn:aws:iam::1:role/r
            source_profile = base
            mfa_serial = arn:aws:iam::1:mfa/me
            [profile orphan]
            role_arn = arn:aws:iam::1:role/r
            [profile odd]
            role_arn = arn:aws:iam::1:role/r
            credential_source = Somewhere
            [profile base]
            aws_access_key_id = AKIABASE
            aws_secret_access_key = s3cr3t-base
            """)
        for (profile, phrase) in [
            ("mfa", "mfa_serial"), ("orphan", "neither source_profile nor credential_source"),
            ("odd", "credential_source Somewhere"),
        ] {
            let error = await #expect(throws: CredentialError.self) {
                try await sandbox.chain(profile: profile, transport: FakeCredentialNetwork.unreachable).resolve()
            }
            #expect(error?.description.contains(phrase) == true, "\(profile)")
        }
    }

    @Test func credentialSourceEnvironmentSignsWithTheExportedKeys() async throws {
        let sandbox = try CredentialSandbox()
        let transport = FakeCredentialNetwork { _ in .text(Self.stsAnswer("AssumeRole", key: "ASIAROLE")) }
        sandbox.write(
            ".aws/config", "[profile ci]\nrole_arn = arn:aws:iam::1:role/ci\ncredential_source = Environment\n")
        let chain = sandbox.chain(
            profile: "ci",
            environment: ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s3cr3t-env"],
            transport: transport)
        #expect(try await chain.resolve().accessKeyID == "ASIAROLE")
        let request = try #require(transport.requests.first)
        // No region anywhere: STS in us-east-1, as the brief and botocore's regional default agree.
        #expect(request.url.absoluteString == "https://sts.us-east-1.amazonaws.com/")
        #expect(request.headers["Authorization"]?.contains("Credential=AKIAENV/20240501/us-east-1/sts/") == true)
    }

    @Test func webIdentityTokenFileFromTheEnvironment() async throws {
        let sandbox = try CredentialSandbox()
        let sts = try LoopbackServer { _ in .text(Self.stsAnswer("AssumeRoleWithWebIdentity", key: "ASIAWEB")) }
        defer { sts.stop() }
        let tokenPath = sandbox.write("token.jwt", "eyJhbGciOi.payload.sig\n")
        let chain = sandbox.chain(
            environment: [
                "AWS_WEB_IDENTITY_TOKEN_FILE": tokenPath, "AWS_ROLE_ARN": "arn:aws:iam::1:role/pod",
                "AWS_ROLE_SESSION_NAME": "pod-1", "AWS_ENDPOINT_URL_STS": sts.baseURL,
            ], transport: URLSessionTransport(timeout: 5))
        let credentials = try await chain.resolve()
        #expect(credentials.accessKeyID == "ASIAWEB")
        let request = try #require(sts.requests.first)
        #expect(request.method == "POST")
        #expect(
            request.bodyText
                == "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fpod"
                + "&RoleSessionName=pod-1&WebIdentityToken=eyJhbGciOi.payload.sig")
        #expect(request.headers["authorization"] == nil)
    }

    @Test func webIdentityFromTheProfile() async throws {
        let sandbox = try CredentialSandbox()
        let transport = FakeCredentialNetwork { _ in .text(Self.stsAnswer("AssumeRoleWithWebIdentity", key: "ASIAWEB"))
        }
        sandbox.write("token", "jwt-from-profile")
        sandbox.write(
            ".aws/config",
            "[profile fed]\nrole_arn = arn:aws:iam::1:role/fed\nweb_identity_token_file = ~/token\nregion = eu-central-1\n"
        )
        #expect(try await sandbox.chain(profile: "fed", transport: transport).resolve().accessKeyID == "ASIAWEB")
        let request = try #require(transport.requests.first)
        #expect(request.url.absoluteString == "https://sts.eu-central-1.amazonaws.com/")
        #expect(String(decoding: request.body, as: UTF8.self).hasSuffix("&WebIdentityToken=jwt-from-profile"))
    }

    // MARK: SSO

    /// `aws sso login` with an `[sso-session]`: the cached token (its file named by the SHA-1 of
    /// the session's name, as the CLI names it) is traded at the portal for the role's keys.
    @Test func ssoSessionProfileTradesTheCachedToken() async throws {
        let sandbox = try CredentialSandbox()
        let portal = try LoopbackServer { request in
            guard request.headers["x-amz-sso_bearer_token"] == "s3cr3t-sso-token" else {
                return HTTPExchange.Response(status: 401, headers: [:], body: Data())
            }
            return .text(
                #"{"roleCredentials": {"accessKeyId": "ASIASSO", "secretAccessKey": "s3cr3t-sso", "#
                    + #""sessionToken": "tok-sso", "expiration": 1714568400000}}"#)
        }
        defer { portal.stop() }
        sandbox.write(
            ".aws/config",
            """
            [profile dev]
            sso_session = corp
            sso_account_id = 123456789012
            sso_role_name = ReadOnly
            [sso-session corp]
            sso_start_url = https://corp.awsapps.com/start
            sso_region = eu-west-1
            """)
        // sha1("corp"), computed apart from the code under test.
        sandbox.write(
            ".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json",
            #"{"accessToken": "s3cr3t-sso-token", "expiresAt": "2024-05-01T13:00:00Z", "region": "eu-west-1"}"#)
        let chain = sandbox.chain(
            profile: "dev", environment: ["AWS_ENDPOINT_URL_SSO": portal.baseURL],
            transport: URLSessionTransport(timeout: 5))
        let credentials = try await chain.resolve()
        #expect(credentials.accessKeyID == "ASIASSO" && credentials.sessionToken == "tok-sso")
        #expect(credentials.expiration == Self.time.addingTimeInterval(3600))
        #expect(credentials.source == "SSO role ReadOnly in account 123456789012")
        let request = try #require(portal.requests.first)
        #expect(request.method == "GET")
        #expect(request.path == "/federation/credentials?account_id=123456789012&role_name=ReadOnly")
    }

    /// The legacy form keeps the start URL in the profile and names the cache by it; older CLIs
    /// wrote the expiry with a `UTC` suffix.
    @Test func legacySSOProfileAndItsFailures() async throws {
        let sandbox = try CredentialSandbox()
        sandbox.write(
            ".aws/config",
            """
            [profile legacy]
            sso_start_url = https://corp.awsapps.com/start
            sso_region = us-east-1
            sso_account_id = 111122223333
            sso_role_name = Admin
            [profile broken]
            sso_session = corp
            sso_role_name = Admin
            [profile orphan]
            sso_session = nowhere
            """)
        let cache = ".aws/sso/cache/a51746d4aa793ae07b25e90c3a5db96fc7832bd7.json"
        let network = FakeCredentialNetwork { request in
            request.url.host == "portal.sso.us-east-1.amazonaws.com"
                ? .text(#"{"roleCredentials": {"accessKeyId": "ASIALEGACY", "secretAccessKey": "s3cr3t-l"}}"#)
                : .text("", status: 404)
        }
        func failure(_ profile: String, _ transport: any HTTPTransport = FakeCredentialNetwork.unreachable) async
            -> String
        {
            do {
                _ = try await sandbox.chain(profile: profile, transport: transport).resolve()
                return "resolved"
            } catch { return error.description }
        }
        #expect(await failure("legacy").contains("no SSO token for profile legacy"))
        sandbox.write(cache, #"{"accessToken": "t", "expiresAt": "2024-05-01T11:00:00UTC"}"#)
        #expect(
            await failure("legacy")
                == "the SSO session of profile legacy has expired: run aws sso login --profile legacy")
        sandbox.write(cache, #"{"accessToken": "t", "expiresAt": "2024-05-01T13:00:00UTC"}"#)
        #expect(try await sandbox.chain(profile: "legacy", transport: network).resolve().accessKeyID == "ASIALEGACY")
        let refusing = FakeCredentialNetwork { _ in .text("{}", status: 401) }
        #expect(await failure("legacy", refusing).contains("(HTTP 401); run aws sso login --profile legacy"))
        #expect(
            await failure("orphan").contains(
                "profile orphan names sso_session nowhere, but ~/.aws/config has no [sso-session nowhere] section"))
        sandbox.write(".aws/config", "[profile broken]\nsso_start_url = https://x\nsso_role_name = Admin\n")
        #expect(await failure("broken").contains("profile broken uses SSO but has no sso_region, sso_account_id"))
    }

    // MARK: Container and IMDS

    @Test func containerRelativeURIGoesToTheECSAgent() async throws {
        let sandbox = try CredentialSandbox()
        let transport = FakeCredentialNetwork { _ in .text(Self.endpointAnswer(key: "ASIAECS")) }
        let chain = sandbox.chain(
            environment: [
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc-123",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Basic ecs-token",
            ], transport: transport)
        let credentials = try await chain.resolve()
        #expect(credentials.accessKeyID == "ASIAECS")
        #expect(credentials.sessionToken == "tok-endpoint")
        let request = try #require(transport.requests.first)
        #expect(request.method == "GET")
        #expect(request.url.absoluteString == "http://169.254.170.2/v2/credentials/abc-123")
        #expect(request.headers["Authorization"] == "Basic ecs-token")
    }

    @Test func containerFullURIWithATokenFile() async throws {
        let sandbox = try CredentialSandbox()
        let agent = try LoopbackServer { request in
            request.headers["authorization"] == "pod-identity-token"
                ? .text(Self.endpointAnswer(key: "ASIAPOD")) : .text("{}", status: 401)
        }
        defer { agent.stop() }
        let tokenPath = sandbox.write("eks-token", "pod-identity-token\n")
        let chain = sandbox.chain(
            environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": agent.baseURL + "/v1/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenPath,
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "ignored-when-the-file-is-set",
            ], transport: URLSessionTransport(timeout: 5))
        #expect(try await chain.resolve().accessKeyID == "ASIAPOD")
        #expect(agent.requests.map(\.path) == ["/v1/credentials"])

        let remote = sandbox.chain(
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://example.com/creds"],
            transport: FakeCredentialNetwork.unreachable)
        let error = await #expect(throws: CredentialError.self) { try await remote.resolve() }
        #expect(error?.description.contains("AWS_CONTAINER_CREDENTIALS_FULL_URI") == true)
    }

    @Test func instanceMetadataV2AsksForATokenFirst() async throws {
        let sandbox = try CredentialSandbox()
        let imds = try LoopbackServer { request in
            switch (request.method, request.path) {
            case ("PUT", "/latest/api/token"):
                return request.headers["x-aws-ec2-metadata-token-ttl-seconds"] == "21600"
                    ? .text("imds-token-1") : .text("", status: 400)
            case _ where request.headers["x-aws-ec2-metadata-token"] != "imds-token-1":
                return .text("", status: 401)
            case ("GET", "/latest/meta-data/iam/security-credentials/"):
                return .text("web-server-role\n")
            case ("GET", "/latest/meta-data/iam/security-credentials/web-server-role"):
                return .text(Self.endpointAnswer(key: "ASIAIMDS", code: "Success"))
            default:
                return .text("", status: 404)
            }
        }
        defer { imds.stop() }
        let chain = sandbox.chain(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.baseURL + "/"],
            transport: URLSessionTransport(timeout: 5))
        let credentials = try await chain.resolve()
        #expect(credentials.accessKeyID == "ASIAIMDS")
        #expect(credentials.source == "EC2 instance metadata (role web-server-role)")
        #expect(
            imds.requests.map { "\($0.method) \($0.path)" } == [
                "PUT /latest/api/token", "GET /latest/meta-data/iam/security-credentials/",
                "GET /latest/meta-data/iam/security-credentials/web-server-role",
            ])
        #expect(imds.requests.dropFirst().allSatisfy { $0.headers["x-aws-ec2-metadata-token"] == "imds-token-1" })
    }

    // MARK: Errors

    @Test func noCredentialsSaysWhereItLooked() async throws {
        let sandbox = try CredentialSandbox()
        let error = await #expect(throws: CredentialError.self) {
            try await sandbox.chain(environment: [:], transport: FakeCredentialNetwork.unreachable).resolve()
        }
        #expect(error?.kind == .notFound)
        let expected = [
            "environment (AWS_ACCESS_KEY_ID unset)", "assume role (no role_arn in profile default)",
            "web identity (AWS_WEB_IDENTITY_TOKEN_FILE unset, no web_identity_token_file in profile default)",
            "SSO (no sso_session or sso_start_url in profile default)",
            "~/.aws/credentials [default] (no such file)", "credential_process (not set in profile default)",
            "~/.aws/config [default] (no such file)",
            "container (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI unset)",
            "IMDS (no answer at 169.254.169.254)",
        ]
        #expect(error?.lookedIn == expected)
        #expect(error?.description == "no credentials found; looked in: " + expected.joined(separator: ", "))

        sandbox.write(".aws/config", "[profile other]\nregion = us-east-1\n")
        sandbox.write(".aws/credentials", "[default]\nregion = us-east-1\n")
        let disabled = await #expect(throws: CredentialError.self) {
            try await sandbox.chain(
                profile: "other", environment: ["AWS_EC2_METADATA_DISABLED": "true"],
                transport: FakeCredentialNetwork.unreachable
            ).resolve()
        }
        let text = try #require(disabled?.description)
        #expect(text.contains("environment (skipped: profile other named explicitly)"))
        #expect(text.contains("~/.aws/credentials [other] (no such profile)"))
        #expect(text.contains("~/.aws/config [profile other] (no aws_access_key_id)"))
        #expect(text.contains("IMDS (disabled by AWS_EC2_METADATA_DISABLED)"))
    }

    @Test func noErrorTextContainsASecret() async throws {
        let sandbox = try CredentialSandbox()
        let secrets = ["s3cr3t-env", "s3cr3t-ini", "s3cr3t-proc", "s3cr3t-tok", "s3cr3t-base", "s3cr3t-endpoint"]
        let version2 = sandbox.script(
            "v2.sh", #"echo '{"Version": 2, "AccessKeyId": "AKIAP", "SecretAccessKey": "s3cr3t-proc"}'"#)
        let noKey = sandbox.script("nokey.sh", #"echo '{"Version": 1, "SecretAccessKey": "s3cr3t-proc"}'"#)
        let garbage = sandbox.script("garbage.sh", "echo 'SecretAccessKey=s3cr3t-proc'")
        sandbox.write(
            ".aws/config",
            """
            [profile v2]
            credential_process = \(version2)
            [profile nokey]
            credential_process = \(noKey)
            [profile garbage]
            credential_process = \(garbage)
            [profile partial]
            aws_access_key_id = AKIAPARTIAL
            aws_session_token = s3cr3t-tok
            [profile role]
            role_arn = arn:aws:iam::1:role/r
            source_profile = base
            [profile base]
            aws_access_key_id = AKIABASE
            aws_secret_access_key = s3cr3t-base
            """)
        let refusing = FakeCredentialNetwork { request in
            request.url.host == "sts.us-east-1.amazonaws.com"
                ? .text(
                    "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
                        + "<Message>not authorized to perform sts:AssumeRole</Message></Error></ErrorResponse>",
                    status: 403)
                : .text(#"{"SecretAccessKey": "s3cr3t-endpoint", "Token": "x"}"#)
        }
        var errors: [CredentialError] = []
        func attempt(_ chain: CredentialChain) async {
            do {
                _ = try await chain.resolve()
                Issue.record("\(chain.profileName) resolved")
            } catch { errors.append(error) }
        }
        for profile in ["v2", "nokey", "garbage", "partial", "role"] {
            await attempt(sandbox.chain(profile: profile, transport: refusing))
        }
        await attempt(
            sandbox.chain(
                environment: [
                    "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s3cr3t-env",
                    "AWS_CREDENTIAL_EXPIRATION": "tomorrow",
                ]))
        await attempt(
            sandbox.chain(
                environment: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/creds"], transport: refusing))
        let broken = sandbox.write("broken", "[default]\naws_access_key_id = AKIA\naws_secret_access_key s3cr3t-ini\n")
        await attempt(sandbox.chain(environment: ["AWS_SHARED_CREDENTIALS_FILE": broken]))

        #expect(errors.count == 8)
        for error in errors {
            for secret in secrets {
                #expect(!error.description.contains(secret), "\(error)")
                #expect(!error.message.contains(secret), "\(error)")
            }
        }
        #expect(errors[0].description.contains("Version"))
        #expect(errors[1].description.contains("without AccessKeyId"))
        #expect(errors[3].description.contains("no aws_secret_access_key"))
        #expect(errors[4].description.contains("AccessDenied: not authorized"))
        #expect(errors[7].description.contains("broken line 3"))
    }

    // MARK: Region

    @Test func regionResolutionOrder() throws {
        let sandbox = try CredentialSandbox()
        sandbox.write(".aws/config", "[default]\nregion = eu-west-1\n[profile dev]\nregion = ap-south-1\n")
        let all = ["AWS_REGION": "us-west-1", "AWS_DEFAULT_REGION": "us-west-2"]
        #expect(try sandbox.chain(environment: all).region(explicit: "ca-central-1") == "ca-central-1")
        #expect(try sandbox.chain(environment: all).region(explicit: nil) == "us-west-1")
        #expect(
            try sandbox.chain(environment: ["AWS_DEFAULT_REGION": "us-west-2"]).region(explicit: nil) == "us-west-2")
        #expect(try sandbox.chain(environment: [:]).region(explicit: nil) == "eu-west-1")
        #expect(try sandbox.chain(profile: "dev", environment: [:]).region(explicit: nil) == "ap-south-1")
        #expect(try sandbox.chain(environment: ["AWS_PROFILE": "dev"]).region(explicit: nil) == "ap-south-1")

        let empty = try CredentialSandbox()
        let error = #expect(throws: CredentialError.self) { try empty.chain(environment: [:]).region(explicit: nil) }
        #expect(error?.kind == .noRegion)
        #expect(error?.description.contains("--region") == true)
    }

    // MARK: INI

    @Test func iniCommentsWhitespaceAndNestedSections() throws {
        let file = try INIFile.parse(
            """
              # leading comment
            [ default ]
            AWS_Access_Key_ID=AKIA
            region :  us-east-1\r
            ; another comment
            credential_process = tool --flag # not a comment
            s3 =
              max_concurrent_requests = 20
              addressing_style = path
            output = json

            [profile x]
            role_arn = arn:aws:iam::1:role/x
            """, name: "config")
        let settings = try #require(file.sections["default"])
        #expect(settings["aws_access_key_id"] == "AKIA")
        #expect(settings["region"] == "us-east-1")
        #expect(settings["credential_process"] == "tool --flag # not a comment")
        #expect(settings["s3"] == "")
        #expect(settings["output"] == "json")
        #expect(file.nested["default"]?["s3.addressing_style"] == "path")
        #expect(file.sections["profile x"]?["role_arn"] == "arn:aws:iam::1:role/x")

        let windows = try INIFile.parse("\u{FEFF}[default]\r\nregion = us-east-2\r\n", name: "config")
        #expect(windows.sections["default"] == ["region": "us-east-2"])

        #expect(throws: CredentialError.self) { try INIFile.parse("key = value\n", name: "config") }
        #expect(throws: CredentialError.self) { try INIFile.parse("[open\n", name: "config") }
    }

    // MARK: Fixtures

    static func stsAnswer(_ action: String, key: String) -> String {
        """
        <\(action)Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <\(action)Result>
            <AssumedRoleUser><Arn>arn:aws:sts::1:assumed-role/r/s</Arn></AssumedRoleUser>
            <Credentials>
              <AccessKeyId>\(key)</AccessKeyId>
              <SecretAccessKey>s3cr3t-role</SecretAccessKey>
              <SessionToken>tok-role</SessionToken>
              <Expiration>2024-05-01T13:00:00.000Z</Expiration>
            </Credentials>
          </\(action)Result>
        </\(action)Response>
        """
    }

    static func endpointAnswer(key: String, code: String? = nil) -> String {
        let codeField = code.map { #""Code": "\#($0)", "# } ?? ""
        return
            #"{\#(codeField)"AccessKeyId": "\#(key)", "SecretAccessKey": "s3cr3t-endpoint", "Token": "tok-endpoint", "#
            + #""Expiration": "2024-05-01T18:00:00Z"}"#
    }
}

/// A temporary home directory with an `.aws` folder, removed when the test lets go of it.
final class CredentialSandbox {
    let root: URL

    var home: String { root.path }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("creds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent(".aws"), withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Writes `text` at a path under the home directory and returns the absolute path.
    @discardableResult
    func write(_ relative: String, _ text: String) -> String {
        let url = root.appendingPathComponent(relative)
        try? FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: url.path, contents: Data(text.utf8))
        return url.path
    }

    /// An executable shell script in `bin/`.
    func script(_ name: String, _ body: String) -> String {
        let path = write("bin/\(name)", "#!/bin/sh\n\(body)\n")
        try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    func read(_ relative: String) -> String {
        (try? String(contentsOfFile: root.appendingPathComponent(relative).path, encoding: .utf8)) ?? ""
    }

    /// A chain over this home and `environment` only; IMDS is unreachable unless a transport says
    /// otherwise, so no test can wait on (or find) a real metadata service.
    func chain(
        profile: String? = nil, environment: [String: String] = [:],
        transport: any HTTPTransport = FakeCredentialNetwork.unreachable,
        now: @escaping @Sendable () -> Date = { CredentialChainTests.time }
    ) -> CredentialChain {
        CredentialChain(
            profile: profile, environment: AWSEnvironment(variables: environment, homeDirectory: home),
            transport: transport, now: now)
    }
}

/// Answers from a closure and records what was asked.
final class FakeCredentialNetwork: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [HTTPExchange.Request] = []
    private let answer: @Sendable (HTTPExchange.Request) throws -> HTTPExchange.Response

    init(answer: @escaping @Sendable (HTTPExchange.Request) throws -> HTTPExchange.Response) {
        self.answer = answer
    }

    /// A network where nothing answers, like a laptop asking for IMDS.
    static var unreachable: FakeCredentialNetwork {
        FakeCredentialNetwork { _ in throw XRayAPIError.transport("timed out") }
    }

    var requests: [HTTPExchange.Request] { lock.withLock { recorded } }

    func send(_ request: HTTPExchange.Request) async throws -> HTTPExchange.Response {
        lock.withLock { recorded.append(request) }
        return try answer(request)
    }
}

/// A clock the test moves by hand.
final class CredentialTestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date) { current = start }

    var now: @Sendable () -> Date { { self.lock.withLock { self.current } } }

    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// Scripted answers for the fakes above.
extension HTTPExchange.Response {
    static func text(_ text: String, status: Int = 200) -> HTTPExchange.Response {
        HTTPExchange.Response(status: status, headers: [:], body: Data(text.utf8))
    }
}
