import Foundation
import InteropSupport
import Testing

@testable import AWSXRay

/// Our signer against botocore's `SigV4Auth`, the signer the AWS CLI and every Python client
/// use against X-Ray, on the requests our client actually sends. The AWS suite covers the rules;
/// this covers the X-Ray specifics (service `xray`, JSON bodies, which headers get signed, the
/// session token being signed) that the suite does not.
@Suite struct SigV4BotocoreTests {
    static let key = "AKIDEXAMPLE"
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let token =
        "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+example+token/with=padding=="
    /// 2015-08-30T12:36:00Z, the suite's time.
    static let suiteTime = Date(timeIntervalSince1970: 1_440_938_160)
    /// 2026-01-15T08:09:10Z: a second day, so the date in the scope is not a constant.
    static let laterTime = Date(timeIntervalSince1970: 1_768_464_550)
    static let batchGetTracesBody = #"{"TraceIds": ["1-58406520-a006649127e371903a2de979"]}"#

    struct Case: Codable, CustomStringConvertible {
        var url: String
        var region: String
        var body: String
        var token: String?
        var epoch: Double
        var method = "POST"

        var description: String { "\(url) in \(region)\(token == nil ? "" : " with a token")" }

        var request: HTTPExchange.Request {
            HTTPExchange.Request(
                method: method, url: URL(string: url)!, headers: ["Content-Type": "application/json"],
                body: Data(body.utf8))
        }

        var credentials: AWSCredentials {
            AWSCredentials(
                accessKeyID: SigV4BotocoreTests.key, secretAccessKey: SigV4BotocoreTests.secret, sessionToken: token)
        }

        var date: Date { Date(timeIntervalSince1970: epoch) }
    }

    static let cases: [Case] = {
        let summaries = #"{"StartTime": 1440937800, "EndTime": 1440938160, "Sampling": false}"#
        let filtered =
            #"{"StartTime": 1768460950, "EndTime": 1768464550, "FilterExpression": "service(\"café\") { fault } AND annotation.client = \"Zoë\""}"#
        let graph = #"{"StartTime": 1768460950, "EndTime": 1768464550}"#
        let east = "https://xray.us-east-1.amazonaws.com"
        let london = "https://xray.eu-west-2.amazonaws.com"
        let suite = suiteTime.timeIntervalSince1970
        let later = laterTime.timeIntervalSince1970
        return [
            Case(url: "\(east)/TraceSummaries", region: "us-east-1", body: summaries, epoch: suite),
            Case(url: "\(east)/TraceSummaries", region: "us-east-1", body: summaries, token: token, epoch: suite),
            Case(url: "\(london)/TraceSummaries", region: "eu-west-2", body: filtered, epoch: later),
            Case(url: "\(london)/TraceSummaries", region: "eu-west-2", body: filtered, token: token, epoch: later),
            Case(url: "\(east)/Traces", region: "us-east-1", body: batchGetTracesBody, epoch: suite),
            Case(url: "\(london)/Traces", region: "eu-west-2", body: batchGetTracesBody, token: token, epoch: later),
            Case(url: "\(east)/ServiceGraph", region: "us-east-1", body: graph, token: token, epoch: later),
            Case(url: "\(london)/ServiceGraph", region: "eu-west-2", body: graph, epoch: later),
            // A collector on a non-default port: the port is part of the signed Host.
            Case(url: "http://127.0.0.1:2000/TraceSummaries", region: "us-east-1", body: summaries, epoch: suite),
        ]
    }()

    /// What botocore made of one case.
    struct BotocoreResult: Decodable {
        var headers: [String: String]
        var canonicalRequest: String
        var stringToSign: String
    }

    /// Signs every case with botocore, patching its clock as the reference shows, and also
    /// returns its canonical request and string to sign (computed on a fresh request: after
    /// `add_auth` they would include `authorization`).
    static let script = """
        import base64, datetime, json, sys, unittest.mock as mock
        import botocore.auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        key, secret = sys.argv[1], sys.argv[2]
        out = []
        for case in json.loads(base64.b64decode(sys.argv[3])):
            auth = botocore.auth.SigV4Auth(Credentials(key, secret, case.get('token')), 'xray', case['region'])
            when = datetime.datetime.fromtimestamp(case['epoch'], tz=datetime.timezone.utc)
            def make():
                return AWSRequest(method=case['method'], url=case['url'], data=case['body'].encode('utf-8'),
                                  headers={'Content-Type': 'application/json'})
            signed = make()
            with mock.patch.object(botocore.auth, 'get_current_datetime', return_value=when):
                auth.add_auth(signed)
            steps = make()
            stamp = when.strftime('%Y%m%dT%H%M%SZ')
            steps.context['timestamp'] = stamp
            steps.headers['X-Amz-Date'] = stamp
            if case.get('token'):
                steps.headers['X-Amz-Security-Token'] = case['token']
            canonical = auth.canonical_request(steps)
            out.append({'headers': dict(signed.headers.items()), 'canonicalRequest': canonical,
                        'stringToSign': auth.string_to_sign(steps, canonical)})
        print(json.dumps(out))
        """

    @Test func authorizationMatchesBotocore() async throws {
        if case .failure(let error) = await PythonTools.shared() {
            if ProcessInfo.processInfo.environment["CI"] == "true" { throw error }
            print("SKIPPED: SigV4 botocore comparison, because \(error)")
            try Test.cancel("\(error)")
        }
        let spec = try JSONEncoder().encode(Self.cases).base64EncodedString()
        let run = try Command.run(PythonTools.python, ["-c", Self.script, Self.key, Self.secret, spec], timeout: 60)
        try #require(run.status == 0, "\(run.outputTail)")
        let results = try JSONDecoder().decode([BotocoreResult].self, from: Data(run.stdout.utf8))
        try #require(results.count == Self.cases.count)

        for (testCase, botocore) in zip(Self.cases, results) {
            let signer = SigV4Signer(region: testCase.region, service: "xray")
            let signed = signer.sign(testCase.request, credentials: testCase.credentials, date: testCase.date)
            let comment = Comment(rawValue: testCase.description)
            #expect(signed.headers["Authorization"] == botocore.headers["Authorization"], comment)
            #expect(signed.headers["X-Amz-Date"] == botocore.headers["X-Amz-Date"], comment)
            #expect(signed.headers["X-Amz-Security-Token"] == botocore.headers["X-Amz-Security-Token"], comment)
            #expect(signed.headers["X-Amz-Security-Token"] == testCase.token, comment)
            let signedHeaders =
                testCase.token == nil
                ? "content-type;host;x-amz-date" : "content-type;host;x-amz-date;x-amz-security-token"
            #expect(signed.headers["Authorization"]?.contains("SignedHeaders=\(signedHeaders),") == true, comment)

            // The intermediate steps too, so a mismatch says where it starts.
            var request = SigningRequest(testCase.request)
            let steps = signer.signed(&request, credentials: testCase.credentials, date: testCase.date)
            #expect(steps.canonicalRequest.text == botocore.canonicalRequest, comment)
            #expect(steps.stringToSign == botocore.stringToSign, comment)
        }
    }

    /// The values the reference records for BatchGetTraces in us-east-1 at the suite's time,
    /// checked without Python.
    @Test func batchGetTracesMatchesTheReferenceValues() {
        let request = HTTPExchange.Request(
            method: "POST", url: URL(string: "https://xray.us-east-1.amazonaws.com/Traces")!,
            headers: ["Content-Type": "application/json"], body: Data(Self.batchGetTracesBody.utf8))
        let credentials = AWSCredentials(accessKeyID: Self.key, secretAccessKey: Self.secret)
        let signer = SigV4Signer(region: "us-east-1", service: "xray")

        var signing = SigningRequest(request)
        let steps = signer.signed(&signing, credentials: credentials, date: Self.suiteTime)
        #expect(
            steps.canonicalRequest.payloadHash == "98bcd75e1b533429808d5c2cd9740499c00e6de26feb2be12aeb46cdc4e3c433")
        #expect(
            steps.stringToSign.split(separator: "\n").last
                == "bc6bf14e98ee56e56c6d6ee2b5e0151a50da68cc6a209f55aaa115bee463217c")

        let signed = signer.sign(request, credentials: credentials, date: Self.suiteTime)
        #expect(
            signed.headers["Authorization"]
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/xray/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, "
                + "Signature=f99270a6426316d837f6862896b6118c45cd1c3ba5740459a144b7c67af330b8")
        #expect(signed.headers["X-Amz-Date"] == "20150830T123600Z")
        #expect(signed.headers["Host"] == "xray.us-east-1.amazonaws.com")
        #expect(signed.headers["X-Amz-Security-Token"] == nil)
        #expect(signed.body == request.body)
    }

    /// Signing again (a retry needs a fresh date) replaces the old signature rather than signing
    /// it, and a Host the caller set is kept as it is.
    @Test func signingAgainReplacesTheOldSignature() {
        let request = HTTPExchange.Request(
            method: "POST", url: URL(string: "https://xray.eu-west-2.amazonaws.com/ServiceGraph")!,
            headers: ["Content-Type": "application/json", "host": "xray.eu-west-2.amazonaws.com"],
            body: Data("{}".utf8))
        let signer = SigV4Signer(region: "eu-west-2", service: "xray")
        let withToken = AWSCredentials(accessKeyID: Self.key, secretAccessKey: Self.secret, sessionToken: Self.token)
        let withoutToken = AWSCredentials(accessKeyID: Self.key, secretAccessKey: Self.secret)

        let first = signer.sign(request, credentials: withToken, date: Self.suiteTime)
        let again = signer.sign(first, credentials: withoutToken, date: Self.laterTime)
        let fresh = signer.sign(request, credentials: withoutToken, date: Self.laterTime)
        #expect(again == fresh)
        #expect(again.headers["X-Amz-Security-Token"] == nil)
        #expect(again.headers["Host"] == nil)
        #expect(again.headers["host"] == "xray.eu-west-2.amazonaws.com")
        #expect(Set(again.headers.keys) == ["Content-Type", "host", "X-Amz-Date", "Authorization"])
    }
}
