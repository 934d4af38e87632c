import Foundation
import InteropSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The explorer as a person meets it: the real binary in a real terminal (tmux), keys typed
/// with `send-keys`, the screen read with `capture-pane`.
@Suite("explorer in tmux", .serialized)
struct TmuxEndToEndTests {
    let session = "xray-e2e-\(getpid())"

    /// Runs tmux on a private server (`-L`), so no other tmux on the machine can disturb the
    /// test. Through `system()`, not Foundation's Process: the tmux server that the first call
    /// starts inherits Process's exit-watching descriptor and never exits, so Process would
    /// wait for ever.
    func tmux(_ arguments: [String]) throws -> Command.Result {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("\(session)-\(UUID()).out").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(
            separator: " ")
        let status = system("tmux -L \(session) \(quoted) </dev/null >'\(output)' 2>&1")
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        return Command.Result(status: status == 0 ? 0 : 1, timedOut: false, stdout: text, stderr: "")
    }

    func screen() throws -> String { try tmux(["capture-pane", "-t", session, "-p"]).stdout }

    /// Polls the screen until `predicate` holds (the program draws asynchronously).
    func waitFor(_ what: String, timeout: Double = 20, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return last }
            usleep(100_000)
        }
        // Thrown, not recorded: this runs on a plain thread, outside the test's task.
        throw InteropError.failed("timed out waiting for \(what); the screen was:\n\(last)")
    }

    func keys(_ keys: String...) throws { _ = try tmux(["send-keys", "-t", session] + keys) }

    @Test(.timeLimit(.minutes(5)))
    func opensShowsHelpSwitchesTabsResizesAndQuitsCleanly() async throws {
        guard (try? tmux(["-V"]).status) == 0 else {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                throw InteropError.unavailable("tmux is not installed")
            }
            print("SKIPPED: explorer in tmux, because tmux is not installed")
            try Test.cancel("tmux is not installed")
        }
        // Blocking waits run on a thread of their own, off Swift's cooperative pool.
        let seen = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Screens, Error>) in
            Thread { continuation.resume(with: Result { try drive() }) }.start()
        }
        #expect(seen.map.contains(" 1 Map   2 Traces   3 Analytics"))
        #expect(seen.map.contains("3600 traces"))
        #expect(seen.map.contains("Client") && seen.map.contains("x-ray-sample-back-k8s"))
        #expect(seen.panel.contains("RESPONSE TIME") && seen.panel.contains("requests  3600"))
        #expect(seen.filtered.contains("3600 traces"), "every trace goes through the front end")
        #expect(seen.help.contains("half a page down"))
        #expect(seen.traces.contains("/api/message") || seen.traces.contains("/status"))
        #expect(seen.quickFilter.contains(" of 3600 traces"))
        #expect(seen.timeline.contains("◆") && seen.timeline.contains("x-ray-sample-front-k8s"))
        #expect(!seen.small.contains("Terminal too small"))
        #expect(
            seen.modes.contains(" icanon") && seen.modes.contains(" echo "),
            "terminal modes after quitting:\n\(seen.modes)")
        #expect(!seen.modes.contains("-icanon") && !seen.modes.contains("-echo "))
    }

    /// What the screen showed at each step, checked by the test in its own task.
    struct Screens {
        var map = "", panel = "", filtered = "", help = "", traces = "", quickFilter = "", timeline = "", small = ""
        var modes = ""
    }

    func drive() throws -> Screens {
        var seen = Screens()
        let binary = try CLI.binary.path
        let sttyFile = FileManager.default.temporaryDirectory.appendingPathComponent("\(session).stty").path
        defer {
            _ = try? tmux(["kill-server"])
            try? FileManager.default.removeItem(atPath: sttyFile)
        }
        // After the explorer exits, record the terminal modes, to check it left them sane.
        let command =
            "'\(binary)' --source '\(CLI.sample("eks-workshop.ndjson"))' --theme default; "
            + "stty -a > '\(sttyFile)'; sleep 60"
        let started = try tmux([
            "new-session", "-d", "-x", "120", "-y", "40", "-s", session, "-c", CLI.packageRoot.path, command,
        ])
        guard started.status == 0 else { throw InteropError.failed("tmux new-session failed: \(started.outputTail)") }

        // The whole frame, status bar included: under load tmux can capture a frame half-written.
        // A debug build reads the 8 MB sample slowly while the other suites share the 2 cores,
        // so the first frame gets a long wait.
        seen.map = try waitFor("the map", timeout: 120) {
            $0.contains("│x-ray-sample-front-k8s│") && $0.contains("/min──▶│") && $0.contains("3600 traces")
        }

        // Select the entry service, then see its traces, as the console's "view traces" does.
        try keys("Right")
        seen.panel = try waitFor("the side panel") { $0.contains("┌─ x-ray-sample-front-k8s") }
        try keys("Enter")
        seen.filtered = try waitFor("the traces through it") {
            $0.contains(#"filter: service("x-ray-sample-front-k8s")"#) && $0.contains("TRACE ID")
        }
        try keys("1")
        _ = try waitFor("the map again") { $0.contains("┌─ x-ray-sample-front-k8s") && $0.contains("│Client") }
        try keys("Escape")
        _ = try waitFor("the map without the panel") {
            !$0.contains("┌─ x-ray-sample-front-k8s") && $0.contains("│Client")
        }

        try keys("?")
        seen.help = try waitFor("the help overlay") { $0.contains("┌─ Keys (") }
        try keys("Escape")
        _ = try waitFor("help to close") { !$0.contains("┌─ Keys (") }

        try keys("2", "x")
        seen.traces = try waitFor("the traces tab") {
            $0.contains("TRACE ID") && $0.contains("CLIENT IP") && $0.contains("3600 traces")
        }
        // Two keys to one status code: the cursor to STATUS, then `=`.
        try keys("l", "l", "l", "=")
        seen.quickFilter = try waitFor("the quick filter") { $0.contains("filter: http.status = ") }
        try keys("x")
        _ = try waitFor("the filter cleared") { $0.contains("/ to filter") }
        // Open the selected trace: the waterfall with its detail pane, then its raw JSON.
        try keys("Enter")
        seen.timeline = try waitFor("the trace's waterfall") {
            $0.contains("◆ critical path") && $0.contains("Overview")
        }
        try keys("r")
        _ = try waitFor("the raw JSON") { $0.contains("RAW JSON of the selected document") }
        try keys("Escape")
        _ = try waitFor("the waterfall again") { $0.contains("◆ critical path") }
        try keys("Escape")
        _ = try waitFor("the table again") { $0.contains("TRACE ID") && !$0.contains("critical path") }
        try keys("3")
        _ = try waitFor("the analytics tab") { $0.contains("GROUP BY") }

        _ = try tmux(["resize-window", "-t", session, "-x", "40", "-y", "12"])
        seen.small = try waitFor("the 40x12 layout") { screen in
            screen.split(separator: "\n").allSatisfy { $0.count <= 40 } && screen.contains("GROUP BY")
        }
        _ = try tmux(["resize-window", "-t", session, "-x", "30", "-y", "8"])
        _ = try waitFor("the too-small message") { $0.contains("Terminal too small") }
        _ = try tmux(["resize-window", "-t", session, "-x", "120", "-y", "40"])
        _ = try waitFor("the full layout again") { $0.contains("GROUP BY") && $0.contains("? help") }

        try keys("q")
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: sttyFile) && Date() < deadline { usleep(100_000) }
        usleep(200_000)
        seen.modes = (try? String(contentsOfFile: sttyFile, encoding: .utf8)) ?? ""
        return seen
    }
}
