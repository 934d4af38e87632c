import Foundation
import Testing

/// `--debug` as a user runs it: `traces --source aws` against a collector standing in for X-Ray
/// (`--endpoint-url`), with temporary credentials in the environment.
@Suite struct DebugOutputTests {
    @Test(.timeLimit(.minutes(2)))
    func debugPrintsEachCallOnStandardErrorWithoutTheCredentials() async throws {
        let collector = try CollectorProcess(database: ":memory:")
        defer {
            collector.command.stop()
            _ = collector.command.finish()
        }
        try await offPool { try collector.waitUntilReady() }
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("xray-debug-home-\(UUID())")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let result = try await CLI.run(
            [
                "traces", "--source", "aws", "--endpoint-url", "http://127.0.0.1:\(collector.port)", "--region",
                "eu-west-1", "--since", "1h", "--debug",
            ],
            environment: [
                "HOME": home.path, "AWS_ACCESS_KEY_ID": "ASIAEXAMPLEKEY42", "AWS_SECRET_ACCESS_KEY": "s3cr3t-cli",
                "AWS_SESSION_TOKEN": "s3cr3t-session-token",
            ])
        #expect(result.status == 0, "\(result.stderr)")
        for expected in [
            "region eu-west-1, profile default, endpoint http://127.0.0.1:\(collector.port)",
            "credentials: ****************EY42 from environment",
            "-> POST http://127.0.0.1:\(collector.port)/TraceSummaries", "X-Amz-Security-Token: <redacted>",
            "Signature=<redacted>", "<- HTTP 200 in ", "\"TraceSummaries\":[]",
        ] {
            #expect(result.stderr.contains(expected), "no \(expected) in\n\(result.stderr)")
        }
        for secret in ["s3cr3t", "ASIAEXAMPLEKEY42"] {
            #expect(!result.stderr.contains(secret) && !result.stdout.contains(secret), "\(secret)")
        }
        #expect(!result.stdout.contains("->"), "the log stays off standard output")
        // Without --debug there is no log at all.
        let quiet = try await CLI.run(
            ["traces", "--source", "http://127.0.0.1:\(collector.port)", "--since", "1h"],
            environment: ["HOME": home.path])
        #expect(quiet.status == 0 && !quiet.stderr.contains("->"), "\(quiet.stderr)")
    }
}
