import Crypto
import Foundation

/// AWS Signature Version 4 for request headers. A pure function of the request, the credentials,
/// the region, the service and a time passed in, so tests can check it against the AWS suite and
/// botocore byte for byte, and a clock never hides inside.
public struct SigV4Signer: Sendable {
    public let region: String
    public let service: String
    let options: Options

    /// Variations the AWS test suite exercises. X-Ray needs none of them, so the public
    /// initializer keeps botocore's behaviour for it.
    struct Options: Sendable, Equatable {
        /// Remove dot segments and repeated slashes from the path (everything but S3).
        var normalizePath = true
        /// Send and sign `x-amz-content-sha256` (S3 and a few others; botocore does not for X-Ray).
        var signPayloadHashHeader = false
        /// Sign `x-amz-security-token` rather than add it after signing. botocore signs it, and
        /// some services (the suite's `post-sts-header-after`) want it left out.
        var signSessionToken = true
    }

    public init(region: String, service: String) {
        self.init(region: region, service: service, options: Options())
    }

    init(region: String, service: String, options: Options) {
        self.region = region
        self.service = service
        self.options = options
    }

    /// Adds Host (if missing), X-Amz-Date, X-Amz-Security-Token (when the credentials have a
    /// token; signed, as botocore does) and Authorization.
    public func sign(_ request: HTTPExchange.Request, credentials: AWSCredentials, date: Date) -> HTTPExchange.Request {
        var signingRequest = SigningRequest(request)
        let result = signed(&signingRequest, credentials: credentials, date: date)
        var headers = request.headers.filter { !replacedHeaders.contains($0.key.lowercased()) }
        if let host = signingRequest.headers.first(where: { $0.name == "Host" }), !request.hasHost {
            headers[host.name] = host.value
        }
        for header in result.addedHeaders { headers[header.name] = header.value }
        var signedRequest = request
        signedRequest.headers = headers
        return signedRequest
    }

    /// Everything the signature is made of, so tests can compare each step.
    struct SigningResult: Sendable, Equatable {
        var canonicalRequest: CanonicalRequest
        var stringToSign: String
        var signature: String
        var authorization: String
        /// The headers signing added, in the order they were added.
        var addedHeaders: [SigningRequest.Header]
    }

    /// Headers a new signature replaces, so a request can be signed again (a retry needs a fresh
    /// date) without carrying the old signature along.
    var replacedHeaders: Set<String> {
        let always: Set = ["authorization", "x-amz-date", "x-amz-security-token"]
        return options.signPayloadHashHeader ? always.union(["x-amz-content-sha256"]) : always
    }

    /// Signs `request` and appends the headers that signing adds to it.
    func signed(_ request: inout SigningRequest, credentials: AWSCredentials, date: Date) -> SigningResult {
        let timestamp = SigV4Timestamp(date)
        let payloadHash = Self.hexSHA256(request.body)
        request.removeHeaders(named: replacedHeaders)
        var added = [SigningRequest.Header(name: "X-Amz-Date", value: timestamp.dateTime)]
        if options.signPayloadHashHeader {
            added.append(.init(name: "X-Amz-Content-Sha256", value: payloadHash))
        }
        let token = credentials.sessionToken.map { SigningRequest.Header(name: "X-Amz-Security-Token", value: $0) }
        if let token, options.signSessionToken { added.append(token) }
        request.headers += added

        let canonical = CanonicalRequest(request, normalizePath: options.normalizePath, payloadHash: payloadHash)
        let stringToSign = stringToSign(canonicalRequest: canonical.text, date: date)
        let signature = signature(stringToSign: stringToSign, secretAccessKey: credentials.secretAccessKey, date: date)
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(credentialScope(date: date)), "
            + "SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"

        if let token, !options.signSessionToken {
            request.headers.append(token)
            added.append(token)
        }
        let authorizationHeader = SigningRequest.Header(name: "Authorization", value: authorization)
        request.headers.append(authorizationHeader)
        added.append(authorizationHeader)
        return SigningResult(
            canonicalRequest: canonical, stringToSign: stringToSign, signature: signature,
            authorization: authorization, addedHeaders: added)
    }

    /// The canonical request of a request that already carries its `X-Amz-Date` (and any token).
    func canonicalRequest(_ request: SigningRequest) -> CanonicalRequest {
        CanonicalRequest(request, normalizePath: options.normalizePath, payloadHash: Self.hexSHA256(request.body))
    }

    /// `date/region/service/aws4_request`: it binds the signature to one day, region and service,
    /// so a leaked signature is useless anywhere else.
    func credentialScope(date: Date) -> String {
        "\(SigV4Timestamp(date).date)/\(region)/\(service)/aws4_request"
    }

    /// Step 2: what the key signs is a hash of the canonical request plus its scope, not the
    /// request itself.
    func stringToSign(canonicalRequest: String, date: Date) -> String {
        [
            "AWS4-HMAC-SHA256", SigV4Timestamp(date).dateTime, credentialScope(date: date),
            Self.hexSHA256(Data(canonicalRequest.utf8)),
        ].joined(separator: "\n")
    }

    /// Steps 3 and 4: the secret never signs directly; it is narrowed by HMAC to a key for one
    /// day, region and service, which then signs the string.
    func signature(stringToSign: String, secretAccessKey: String, date: Date) -> String {
        let key = signingKey(secretAccessKey: secretAccessKey, date: date)
        return Self.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
    }

    func signingKey(secretAccessKey: String, date: Date) -> SymmetricKey {
        var key = SymmetricKey(data: Data("AWS4\(secretAccessKey)".utf8))
        for part in [SigV4Timestamp(date).date, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return key
    }

    static func hexSHA256(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes { out += [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]] }
        return String(decoding: out, as: UTF8.self)
    }
}

extension HTTPExchange.Request {
    fileprivate var hasHost: Bool { headers.keys.contains { $0.lowercased() == "host" } }
}
