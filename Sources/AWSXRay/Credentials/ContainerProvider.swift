import Foundation

/// ECS task roles and EKS Pod Identity: the agent serves credentials over HTTP at
/// `http://169.254.170.2` + `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`, or at
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI` with an `Authorization` header from
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (re-read each time: Pod Identity rotates it) or
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
struct ContainerProvider: CredentialProvider {
    static let ecsEndpoint = "http://169.254.170.2"
    /// botocore's rule for full URIs over plain HTTP: only the container agents' link-local
    /// addresses and loopback, so a stray variable cannot send the token across a network.
    static let allowedHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23", "localhost", "::1"]
    /// Attempts per resolution; the agent can be briefly busy when a task starts.
    static let attempts = 3

    func load(_ context: CredentialContext) async throws(CredentialError) -> CredentialLookup {
        let environment = context.environment
        let url: URL
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] {
            guard let parsed = URL(string: Self.ecsEndpoint + (relative.hasPrefix("/") ? "" : "/") + relative) else {
                throw .invalid("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is not a URL path")
            }
            url = parsed
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] {
            guard let parsed = URL(string: full), Self.isAllowed(parsed) else {
                throw .invalid(
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI must be https, or http to loopback or the container agent")
            }
            url = parsed
        } else {
            return .absent("container (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI unset)")
        }
        var headers = ["Accept": "application/json"]
        if let token = try authorization(environment) { headers["Authorization"] = token }
        let request = HTTPExchange.Request(method: "GET", url: url, headers: headers, body: Data())
        var failure = ""
        for _ in 0..<Self.attempts {
            let response: HTTPExchange.Response
            do {
                response = try await context.transport.send(request)
            } catch {
                failure = "no answer: \(describeTransportError(error))"
                continue
            }
            if response.status >= 500 {
                failure = "HTTP \(response.status)"
                continue
            }
            guard response.status == 200 else {
                throw .failed(
                    "the container credentials endpoint \(url.absoluteString) answered HTTP \(response.status)")
            }
            let what = "the container credentials endpoint \(url.absoluteString)"
            return .found(
                try CredentialDocument.credentials(
                    from: response.body, what: what, source: "container endpoint \(url.absoluteString)"))
        }
        throw .failed("the container credentials endpoint \(url.absoluteString) failed: \(failure)")
    }

    private func authorization(_ environment: AWSEnvironment) throws(CredentialError) -> String? {
        var token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
        if let file = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] {
            let path = environment.expand(file)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .failed("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(environment.display(path))")
            }
            token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        // A newline would let the token smuggle in a header of its own.
        if let token, token.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw .invalid("the container authorization token contains a line break")
        }
        return token
    }

    static func isAllowed(_ url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), var host = url.host?.lowercased() else { return false }
        if scheme == "https" { return true }
        guard scheme == "http" else { return false }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return allowedHosts.contains(host) || host.hasPrefix("127.")
    }
}
