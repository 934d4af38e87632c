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
    let session = "xray-faults-\(getpid())-\(UUID().uuidString.prefix(8))"
    static let fixture = CLI.packageRoot.appendingPathComponent("Tests/XRayTUITests/Fixtures/faulty_xray_api.py").path

    func tmux(_ arguments: [String]) -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("\(session)-\(UUID()).out").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(
            separator: " ")
        _ = system("tmux -L \(session) \(quoted) </dev/null >'\(output)' 2>&1")
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    func waitFor(_ what: String, timeout: Double = 40, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = tmux(["capture-pane", "-t", session, "-p"])
            if predicate(last) { return last }
            usleep(200_000)
        }
        throw InteropError.failed("timed out waiting for \(what); the screen was:\n\(last)")
    }

    @Test(.timeLimit(.minutes(3)))
    func errorsShowInTheStatusBarAndTheRowsStay() async throws {
        guard system("tmux -V >/dev/null 2>&1") == 0 else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { throw InteropError.unavailable("no tmux") }
            try Test.cancel("tmux is not installed")
        }
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
                _ = tmux(["kill-server"])
                api.stop()
            }
            var port = 0
            for _ in 0..<100 where port == 0 {
                usleep(100_000)
                port = Int(api.currentOutput?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
            }
            let binary = try CLI.binary.path
            _ = tmux([
                "new-session", "-d", "-x", "160", "-y", "30", "-s", session,
                "'\(binary)' --source http://127.0.0.1:\(port) --window whole --theme default; sleep 120",
            ])
            _ = tmux(["send-keys", "-t", session, "2"])
            var screens = [try waitFor("the rows") { $0.contains("/api/message") && $0.contains("3600 traces") }]
            try set("expired")
            screens.append(try waitFor("the expired token") { $0.contains("ExpiredTokenException") })
            try set("throttle")
            screens.append(try waitFor("the throttling") { $0.contains("Still throttled") })
            try set("ok")
            screens.append(try waitFor("the recovery") { !$0.contains("Exception") && $0.contains("3600 traces") })
            return screens
        }
        for screen in screens.dropFirst() {
            #expect(screen.contains("/api/message"), "the rows stay on screen:\n\(screen)")
        }
        #expect(screens[1].contains("the request is expired"), "\(screens[1])")
    }
}
