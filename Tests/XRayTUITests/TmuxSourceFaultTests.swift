import Foundation
import InteropSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The explorer reading an X-Ray API that starts failing (`faulty_xray_api.py`): expired
/// credentials and a storm of throttling show in the status bar, the rows already on screen
/// stay, and when the API answers again the error goes.
@Suite("explorer over a failing API", .serialized)
struct TmuxSourceFaultTests {
    let tmux = TmuxServer(prefix: "xray-faults")
    static let fixture = CLI.packageRoot.appendingPathComponent("Tests/XRayTUITests/Fixtures/faulty_xray_api.py").path

    @Test(.timeLimit(.minutes(3)))
    func errorsShowInTheStatusBarAndTheRowsStay() async throws {
        try TmuxServer.require()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faulty-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sample = CLI.sample("eks-workshop.ndjson")
        let summaries = try await CLI.run(["traces", "--source", sample, "--format", "json", "--limit", "200"])
        try summaries.stdout.write(
            to: folder.appendingPathComponent("TraceSummaries.json"), atomically: true, encoding: .utf8)
        let graph = try await CLI.run(["map", "--source", sample, "--format", "json"])
        try graph.stdout.write(
            to: folder.appendingPathComponent("ServiceGraph.json"), atomically: true, encoding: .utf8)
        let mode = folder.appendingPathComponent("mode")
        let screens = try await offPool { () throws -> [String] in
            func set(_ value: String) throws { try value.write(to: mode, atomically: true, encoding: .utf8) }
            try set("ok")
            let api = try Command("/usr/bin/env", ["python3", Self.fixture, folder.path, mode.path])
            defer {
                tmux.kill()
                api.stop()
            }
            var port = 0
            for _ in 0..<100 where port == 0 {
                usleep(100_000)
                port = Int(api.currentOutput?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
            }
            let binary = try CLI.binary.path
            tmux.start(
                "'\(binary)' --source http://127.0.0.1:\(port) --window whole --theme default; sleep 120", width: 160,
                height: 30)
            tmux.keys("2")
            var screens = [
                try tmux.waitFor("the rows", timeout: 40) { $0.contains("/api/message") && $0.contains("3600 traces") }
            ]
            try set("expired")
            screens.append(try tmux.waitFor("the expired token", timeout: 40) { $0.contains("ExpiredTokenException") })
            try set("throttle")
            screens.append(try tmux.waitFor("the throttling", timeout: 40) { $0.contains("Still throttled") })
            try set("ok")
            screens.append(
                try tmux.waitFor("the recovery", timeout: 40) {
                    !$0.contains("Exception") && $0.contains("3600 traces")
                })
            return screens
        }
        for screen in screens.dropFirst() {
            #expect(screen.contains("/api/message"), "the rows stay on screen:\n\(screen)")
        }
        #expect(screens[1].contains("the request is expired"), "\(screens[1])")
    }
}
