import Foundation
import InteropSupport
import Testing

/// `collect` bound beyond loopback, as a DaemonSet binds it: the query API asks for a token,
/// generated into a file only the user can read, and `--source http://...` sends it.
@Suite("API token", .serialized)
struct APITokenCommandTests {
    @Test func aCollectorBoundBeyondLoopbackAsksForItsToken() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("xray-state-\(UUID())")
        defer { try? FileManager.default.removeItem(at: state) }
        let port = try CollectorProcess.freePort()
        let collector = try CollectorProcess(
            database: ":memory:", port: port, extra: ["--api", "0.0.0.0:\(port)"],
            environment: ["XDG_STATE_HOME": state.path])
        try await offPool { try collector.waitUntilReady() }

        let path = state.appendingPathComponent("xray-tui/api-token").path
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let token = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.count == 64)

        let source = "http://127.0.0.1:\(port)"
        let refused = try await CLI.run(["traces", "--source", source])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("needs the collector's API token"), "\(refused.stderr)")
        let withOption = try await CLI.run(["traces", "--source", source, "--token", token])
        #expect(withOption.status == 0, "\(withOption.stderr)")
        let withVariable = try await CLI.run(
            ["traces", "--source", source], environment: ["XRAY_TUI_API_TOKEN": token])
        #expect(withVariable.status == 0, "\(withVariable.stderr)")
        // The SDKs' calls need none.
        #expect(try collector.request("POST", "/GetSamplingRules", body: [:]).contains("SamplingRuleRecords"))

        collector.command.stop()
        let log = collector.command.finish()
        #expect(log.stderr.contains(path), "the log says where the token is: \(log.stderr)")
        #expect(!log.stderr.contains(token) && !log.stdout.contains(token), "the token itself is never logged")
    }

    @Test func onLoopbackTheAPIStaysOpen() async throws {
        let collector = try CollectorProcess(database: ":memory:")
        defer { collector.command.stop() }
        try await offPool { try collector.waitUntilReady() }
        let open = try await CLI.run(["traces", "--source", "http://127.0.0.1:\(collector.port)"])
        #expect(open.status == 0, "\(open.stderr)")
    }
}
