import Foundation
import Testing

@testable import AWSXRay

/// The AWS SigV4 test suite (aws-c-auth's `v4` cases), read from the shared test data at run
/// time rather than copied into the repository. Each case is a request as HTTP text plus the
/// expected canonical request, string to sign and signature; every case must match byte for
/// byte, because the service accepts nothing less.
@Suite struct SigV4SuiteTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    /// Where the shared test data may be: `XRAY_SIGV4_SUITE`, beside the checkout (`../shared`),
    /// or the team's shared folder, for a checkout made elsewhere (CI clones to its own place).
    static let candidates: [URL] =
        (ProcessInfo.processInfo.environment["XRAY_SIGV4_SUITE"].map { [URL(fileURLWithPath: $0)] } ?? []) + [
            packageRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata/aws-sigv4-suite"),
            URL(fileURLWithPath: "/work/shared/testdata/aws-sigv4-suite"),
        ]
    static let suiteDirectory =
        candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("get-vanilla").path) }
        ?? candidates[0]

    /// Stands in for the case list when the suite is missing, so the skip (or, in CI, the
    /// failure) is reported instead of a parameterized test that silently runs nothing.
    static let missingSuite = "(suite missing)"

    static let caseNames: [String] = {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: suiteDirectory.path)) ?? []
        let cases = entries.filter {
            FileManager.default.fileExists(
                atPath: suiteDirectory.appendingPathComponent($0).appendingPathComponent("context.json").path)
        }
        return cases.isEmpty ? [missingSuite] : cases.sorted()
    }()

    @Test(arguments: caseNames)
    func suiteCase(_ name: String) throws {
        try Self.requireSuite()
        let folder = Self.suiteDirectory.appendingPathComponent(name)
        func text(_ file: String) throws -> String {
            String(decoding: try Data(contentsOf: folder.appendingPathComponent(file)), as: UTF8.self)
        }
        let context = try SuiteContext.decode(Data(contentsOf: folder.appendingPathComponent("context.json")))
        var request = try SuiteRequest.parse(Data(contentsOf: folder.appendingPathComponent("request.txt")))

        let signer = SigV4Signer(
            region: context.region, service: context.service,
            options: .init(
                normalizePath: context.normalize, signPayloadHashHeader: context.signBody,
                signSessionToken: !(context.omitSessionToken ?? false)))
        let result = signer.signed(&request, credentials: context.awsCredentials, date: try context.date)

        let canonicalRequest = try text("header-canonical-request.txt")
        let stringToSign = try text("header-string-to-sign.txt")
        let signature = try text("header-signature.txt")
        #expect(result.canonicalRequest.text == canonicalRequest)
        #expect(result.stringToSign == stringToSign)
        #expect(result.signature == signature)

        // The headers signing adds (date, token, payload hash, Authorization) are those of the
        // suite's signed request.
        let expected = try SuiteRequest.parse(
            Data(contentsOf: folder.appendingPathComponent("header-signed-request.txt")))
        for header in result.addedHeaders {
            let theirs = expected.headers.filter { $0.name.lowercased() == header.name.lowercased() }.map(\.value)
            #expect(theirs == [header.value], "\(header.name)")
        }
        #expect(request.headers.count == expected.headers.count)
    }

    /// The check value the reference gives for `get-vanilla`, built by hand so it holds even
    /// where the suite is missing.
    @Test func getVanillaMatchesTheReferenceCheckValue() {
        var request = SigningRequest(
            method: "GET", path: "/", headers: [.init(name: "Host", value: "example.amazonaws.com")])
        let signer = SigV4Signer(region: "us-east-1", service: "service")
        let credentials = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        let result = signer.signed(&request, credentials: credentials, date: Date(timeIntervalSince1970: 1_440_938_160))
        #expect(result.signature == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    /// Skips when the shared test data is not there, except in CI, where a missing suite would
    /// otherwise let a broken signer pass.
    /// The suite is shared data outside the repository, so a checkout without it skips (saying
    /// where it looked) rather than fails; the botocore comparison still checks the signer.
    static func requireSuite() throws {
        guard !FileManager.default.fileExists(atPath: suiteDirectory.appendingPathComponent("get-vanilla").path) else {
            return
        }
        let reason = "the SigV4 test suite is in none of \(candidates.map(\.path).joined(separator: ", "))"
        print("SKIPPED: SigV4 suite, because \(reason)")
        try Test.cancel("\(reason)")
    }
}

struct SuiteError: Error, CustomStringConvertible {
    var description: String
}

/// `context.json`: what the suite signs with.
struct SuiteContext: Decodable {
    struct Credentials: Decodable {
        var accessKeyId: String
        var secretAccessKey: String
        var token: String?
    }

    var credentials: Credentials
    var normalize: Bool
    var region: String
    var service: String
    var signBody: Bool
    var timestamp: String
    var omitSessionToken: Bool?

    static func decode(_ data: Data) throws -> SuiteContext {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(SuiteContext.self, from: data)
    }

    var awsCredentials: AWSCredentials {
        AWSCredentials(
            accessKeyID: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey,
            sessionToken: credentials.token)
    }

    var date: Date {
        get throws {
            guard let date = ISO8601DateFormatter().date(from: timestamp) else {
                throw SuiteError(description: "bad timestamp \(timestamp)")
            }
            return date
        }
    }
}

/// Reads the suite's HTTP/1.1 request text into a `SigningRequest`, keeping what a dictionary
/// would lose: repeated header lines in order, and folded (continuation) lines, which HTTP/1.1
/// says stand for a single space.
enum SuiteRequest {
    static func parse(_ data: Data) throws -> SigningRequest {
        let bytes = [UInt8](data)
        let (headEnd, bodyStart) = headerBoundary(bytes)
        var lines = String(decoding: bytes[..<headEnd], as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard !lines.isEmpty else { throw SuiteError(description: "empty request") }
        let requestLine = lines.removeFirst()

        // `GET /example space/ HTTP/1.1`: the target may hold spaces, so cut at the first space
        // and at the last ` HTTP/`.
        guard let firstSpace = requestLine.firstIndex(of: " "),
            let version = requestLine.range(of: " HTTP/", options: .backwards), version.lowerBound > firstSpace
        else { throw SuiteError(description: "bad request line \(requestLine)") }
        let method = String(requestLine[..<firstSpace])
        let target = requestLine[requestLine.index(after: firstSpace)..<version.lowerBound]
        let question = target.firstIndex(of: "?")
        let path = String(target[..<(question ?? target.endIndex)])
        let query = question.map { String(target[target.index(after: $0)...]) } ?? ""

        var headers: [SigningRequest.Header] = []
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t" {
                guard !headers.isEmpty else { throw SuiteError(description: "continuation without a header") }
                headers[headers.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
            } else {
                guard let colon = line.firstIndex(of: ":") else { throw SuiteError(description: "bad header \(line)") }
                headers.append(.init(name: String(line[..<colon]), value: String(line[line.index(after: colon)...])))
            }
        }
        return SigningRequest(
            method: method, path: path, query: query, headers: headers, body: Data(bytes[bodyStart...]))
    }

    /// Where the head ends and the body starts: the first empty line, `\n\n` or `\r\n\r\n`.
    static func headerBoundary(_ bytes: [UInt8]) -> (Int, Int) {
        var index = 0
        while index < bytes.count {
            if bytes[index] == 10 {
                if index + 1 < bytes.count, bytes[index + 1] == 10 { return (index, index + 2) }
                if index + 2 < bytes.count, bytes[index + 1] == 13, bytes[index + 2] == 10 {
                    return (index, index + 3)
                }
            }
            index += 1
        }
        return (bytes.count, bytes.count)
    }
}
