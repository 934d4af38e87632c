import Foundation
import InteropSupport
import Testing

/// "Prints what the AWS CLI would print": the real AWS CLI (v1, pinned, from PyPI) is pointed
/// at a stub endpoint that answers with exactly the JSON our command printed. The CLI parses
/// that response with botocore's model of the X-Ray API (dropping any member the model does not
/// know) and prints it with its own formatter; the two outputs must be identical, byte for byte.
@Suite("AWS CLI interop", .serialized)
struct AWSCLIInteropTests {
    static let eks = CLI.sample("eks-workshop.ndjson")

    @Test func batchGetTracesPrintsLikeTheCLI() async throws {
        try await requireTools()
        let ids = try await newestTraceIDs(3) + [try await faultedTraceID()]
        let ours = try await CLI.run(["trace"] + ids + ["--source", Self.eks, "--format", "json"])
        #expect(ours.status == 0)
        let (printed, requests) = try await awsCLI(
            ["xray", "batch-get-traces", "--trace-ids"] + ids, answering: ours.stdout)
        #expect(printed == ours.stdout)
        #expect(requests.first?["path"] as? String == "/Traces")
        #expect((requests.first?["body"] as? [String: Any])?["TraceIds"] as? [String] == ids)
    }

    @Test func getTraceSummariesPrintsLikeTheCLI() async throws {
        try await requireTools()
        let ours = try await CLI.run(["traces", "--source", Self.eks, "--format", "json", "--limit", "40"])
        #expect(ours.status == 0)
        let (printed, requests) = try await awsCLI(
            ["xray", "get-trace-summaries", "--start-time", "1795683600", "--end-time", "1795687200"],
            answering: ours.stdout)
        #expect(printed == ours.stdout)
        #expect(requests.first?["path"] as? String == "/TraceSummaries")
    }

    @Test func getServiceGraphPrintsLikeTheCLI() async throws {
        try await requireTools()
        let ours = try await CLI.run(["map", "--source", CLI.sample("shop.ndjson"), "--format", "json"])
        #expect(ours.status == 0)
        let (printed, requests) = try await awsCLI(
            ["xray", "get-service-graph", "--start-time", "1795683600", "--end-time", "1795684200"],
            answering: ours.stdout)
        #expect(printed == ours.stdout)
        #expect(requests.first?["path"] as? String == "/ServiceGraph")
    }

    // MARK: helpers

    private func newestTraceIDs(_ count: Int) async throws -> [String] {
        let result = try await CLI.run(["traces", "--source", Self.eks, "--format", "ndjson", "--limit", "\(count)"])
        return try result.stdout.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return try #require(object?["Id"] as? String)
        }
    }

    private func faultedTraceID() async throws -> String {
        let result = try await CLI.run(["traces", "--source", Self.eks, "--format", "ndjson"])
        for line in result.stdout.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            if object?["HasFault"] as? Bool == true, let id = object?["Id"] as? String { return id }
        }
        throw InteropError.failed("the sample has no faulted trace")
    }

    /// Runs `aws ARGS` against a stub endpoint that answers `response`; returns what the CLI
    /// printed and the requests it made.
    private func awsCLI(_ arguments: [String], answering response: String) async throws -> (String, [[String: Any]]) {
        // Processes are waited for on a thread of their own, off Swift's cooperative pool.
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try awsCLIBlocking(arguments, answering: response) }) }.start()
        }
    }

    private func awsCLIBlocking(_ arguments: [String], answering response: String) throws -> (String, [[String: Any]]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xray-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let responseFile = directory.appendingPathComponent("response.json")
        let requestLog = directory.appendingPathComponent("requests.ndjson")
        try Data(response.utf8).write(to: responseFile)

        let script = CLI.packageRoot.appendingPathComponent("Tests/XRayTUITests/Fixtures/stub_xray_api.py").path
        let server = try Command(PythonTools.python, [script, responseFile.path, requestLog.path])
        defer {
            server.stop()
            _ = server.finish()
        }
        let port = try waitForPort(server)

        let environment = [
            "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            "AWS_DEFAULT_OUTPUT": "json",
        ]
        let cli = try Command.run(
            PythonTools.aws,
            arguments + [
                "--endpoint-url", "http://127.0.0.1:\(port)", "--no-sign-request", "--region", "us-east-1",
                "--output", "json",
            ], timeout: 120, extraEnvironment: environment)
        try #require(cli.status == 0, "aws \(arguments.joined(separator: " ")) failed:\n\(cli.outputTail)")
        let requests = try String(contentsOf: requestLog, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
        return (cli.stdout, requests)
    }

    /// The stub prints its port once it is listening; output goes to a file, so poll it.
    private func waitForPort(_ server: Command) throws -> Int {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let text = server.currentOutput, let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return port
            }
            guard server.isRunning else { break }
            usleep(50_000)
        }
        throw InteropError.failed("the stub X-Ray endpoint did not start")
    }

    private func requireTools(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        guard case .failure(let error) = await PythonTools.shared() else { return }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            throw InteropError.unavailable("\(error)\n(CI=true, so this fails instead of being skipped)")
        }
        print("SKIPPED: AWS CLI interop, because \(error)")
        try Test.cancel("\(error)", sourceLocation: sourceLocation)
    }
}
