import Collector
import Foundation
import InteropSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The explorer with no `--source`, as a person meets it in tmux: it runs the collector,
/// shows what an SDK sends as it arrives, and when another collector already holds the port it
/// offers to read from that one instead.
@Suite("explorer with the embedded collector, in tmux", .serialized)
struct TmuxCollectorTests {
    let tmux = TmuxServer(prefix: "xray-live")

    struct Screens {
        var live = "", databaseExists = false, offer = "", remote = ""
    }

    @Test(.timeLimit(.minutes(5)))
    func liveDataArrivesAndAHeldPortIsOfferedAsASource() async throws {
        guard system("tmux -V >/dev/null 2>&1") == 0 else {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                throw InteropError.unavailable("tmux is not installed")
            }
            try Test.cancel("tmux is not installed")
        }
        let seen = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Screens, Error>) in
            Thread { continuation.resume(with: Result { try drive() }) }.start()
        }
        // Everything sent arrived, and the status bar says so.
        #expect(seen.live.contains("7200 received, 7200 accepted, 0 rejected"))
        #expect(seen.live.contains("│x-ray-sample-front-k8s│") && seen.live.contains(" LIVE "))
        #expect(seen.databaseExists, "the explorer's collector keeps what it receives")
        #expect(seen.offer.contains("held by xray-tui") && seen.offer.contains("Read from it instead? [Y/n]"))
        #expect(seen.remote.contains("│x-ray-sample-back-k8s "))
    }

    func drive() throws -> Screens {
        var seen = Screens()
        let binary = try CLI.binary.path
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("xray-live-\(UUID())")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        defer {
            tmux.kill()
            try? FileManager.default.removeItem(at: data)
        }
        func explorer(port: Int) -> String {
            "XDG_DATA_HOME='\(data.path)' XDG_CONFIG_HOME='\(data.path)' '\(binary)' --udp 127.0.0.1:\(port) "
                + "--otlp off --otlp-grpc off --theme default; sleep 60"
        }
        func send(to port: Int) throws {
            let sent = try Command.run(
                binary,
                ["send", CLI.sample("eks-workshop.ndjson"), "--to", "127.0.0.1:\(port)", "--rate", "0", "--retime"],
                timeout: 120)
            guard sent.status == 0 else { throw InteropError.failed("send failed: \(sent.outputTail)") }
        }

        // 1. No other collector: the explorer's own receives what is sent.
        let port = try CollectorProcess.freePort()
        tmux.run([
            "new-session", "-d", "-x", "140", "-y", "40", "-s", tmux.name, "-c", CLI.packageRoot.path,
            explorer(port: port),
        ])
        _ = try tmux.waitFor("the explorer", timeout: 120) { $0.contains("collector 127.0.0.1:\(port)") }
        try send(to: port)
        seen.live = try tmux.waitFor("the sample to arrive", timeout: 120) {
            $0.contains("7200 accepted") && $0.contains("│x-ray-sample-front-k8s│")
        }
        tmux.keys("q")
        seen.databaseExists = FileManager.default.fileExists(atPath: data.path + "/xray-tui/traces.db")
        tmux.kill()

        // 2. `xray-tui collect` holds the port: the explorer offers to read from it.
        let database = data.appendingPathComponent("other.db").path
        let other = try CollectorProcess(database: database)
        defer {
            other.command.stop()
            _ = other.command.finish()
        }
        try other.waitUntilReady()
        try send(to: other.port)
        tmux.run([
            "new-session", "-d", "-x", "140", "-y", "40", "-s", tmux.name, "-c", CLI.packageRoot.path,
            explorer(port: other.port),
        ])
        seen.offer = try tmux.waitFor("the offer", timeout: 120) { $0.contains("[Y/n]") }
        tmux.keys("Enter")
        seen.remote = try tmux.waitFor("the other collector's map", timeout: 120) {
            $0.contains("collector 127.0.0.1:\(other.port)") && $0.contains("│x-ray-sample-back-k8s ")
        }
        tmux.keys("q")
        return seen
    }
}
