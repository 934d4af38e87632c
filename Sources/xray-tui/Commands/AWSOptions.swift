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

    /// The signed client for `--source aws`.
    func client(pollInterval: Duration = .seconds(15)) throws -> XRayAPIClient {
        let chain = CredentialChain(profile: profile)
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
        let signing = RequestSigning(region: resolvedRegion) { try await chain.resolve() }
        return XRayAPIClient(
            endpoint: endpoint, name: "aws \(resolvedRegion)" + (profile.map { " (\($0))" } ?? ""),
            signing: signing, pollInterval: pollInterval)
    }
}
