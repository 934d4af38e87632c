import AWSXRay
import ArgumentParser
import Foundation

/// `--region`, `--profile` and `--endpoint-url`, for `--source aws` and `collect --forward aws`.
struct AWSOptions: ParsableArguments {
    @Option(help: "The AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, or the profile's).")
    var region: String?

    @Option(help: "The profile in ~/.aws/config and ~/.aws/credentials (default: AWS_PROFILE, or default).")
    var profile: String?

    @Option(help: "Send the signed requests here instead of X-Ray's endpoint (VPC endpoints, test servers).")
    var endpointURL: String?

    @Option(
        help: ArgumentHelp(
            "The API token of a collector bound beyond loopback, for --source http://... (default: XRAY_TUI_API_TOKEN).",
            valueName: "token"))
    var token: String?

    /// `--token`, or the environment's, for a collector's API.
    var collectorToken: String? {
        token ?? ProcessInfo.processInfo.environment["XRAY_TUI_API_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    @Flag(
        help: "Print each request to AWS or a collector, and its answer, on standard error (credentials redacted).")
    var debug = false

    /// Where `--debug` writes, when it is given.
    var debugLog: DebugLog? { debug ? DebugLog() : nil }

    /// Seconds an X-Ray API request may go without a byte of answer. The API answers in a second
    /// or two; with a network that drops packets, this (twice, see `RetryPolicy`) is how long
    /// the explorer shows "loading" before it says the source cannot be reached.
    static let apiTimeout: Double = 10

    /// A transport that logs through `log` when there is one.
    static func transport(timeout: Double, log: DebugLog?) -> any HTTPTransport {
        let plain = URLSessionTransport(timeout: timeout)
        return log.map { DebugTransport(plain, log: $0) } ?? plain
    }

    /// The signed client for `--source aws`.
    func client(pollInterval: Duration = .seconds(15)) throws -> XRayAPIClient {
        let log = debugLog
        let chain = CredentialChain(profile: profile, transport: Self.transport(timeout: 2, log: log))
        let resolvedRegion: String
        do {
            resolvedRegion = try chain.region(explicit: region)
        } catch {
            throw Failure("\(error)")
        }
        var endpoint = XRayAPIClient.awsEndpoint(region: resolvedRegion)
        if let endpointURL {
            guard let url = URL(string: endpointURL), url.host != nil else {
                throw ValidationError("--endpoint-url: cannot read \"\(endpointURL)\" as a URL")
            }
            endpoint = url
        }
        let signing = RequestSigning(region: resolvedRegion) {
            let credentials = try await chain.resolve()
            log?.note("credentials: \(Redaction.accessKeyID(credentials.accessKeyID)) from \(credentials.source)")
            return credentials
        }
        log?.note("region \(resolvedRegion), profile \(chain.profileName), endpoint \(endpoint.absoluteString)")
        var client = XRayAPIClient(
            endpoint: endpoint, name: "aws \(resolvedRegion)" + (profile.map { " (\($0))" } ?? ""),
            transport: Self.transport(timeout: Self.apiTimeout, log: log), signing: signing, pollInterval: pollInterval)
        client.maximumWindow = XRayAPIClient.awsMaximumWindow
        return client
    }
}
