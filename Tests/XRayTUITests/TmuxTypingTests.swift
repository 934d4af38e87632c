import Foundation
import InteropSupport
import Testing

/// Typing as a person does, in a real terminal: an expression typed, moved into and fixed; a
/// second one pasted with the terminal's bracketed paste (its line break and a pasted `q` stay
/// text); a trace opened with `:trace`; the history kept for the next run.
@Suite("typing in tmux", .serialized)
struct TmuxTypingTests {
    struct Screens {
        var typo = "", fixed = "", applied = "", pasted = "", pastedQ = "", opened = "", back = ""
        var history = ""
    }

    @Test(.timeLimit(.minutes(3)))
    func editPasteAndOpenATraceByID() async throws {
        try TmuxServer.require()
        let tmux = TmuxServer(prefix: "xray-typing")
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("typing-\(UUID().uuidString)")
        defer {
            tmux.kill()
            try? FileManager.default.removeItem(at: state)
        }
        let firstLine =
            try String(contentsOfFile: CLI.sample("eks-workshop.ndjson"), encoding: .utf8)
            .split(separator: "\n").first.map(String.init) ?? ""
        let document = try JSONSerialization.jsonObject(with: Data(firstLine.utf8)) as? [String: Any]
        let traceID = try #require(document?["trace_id"] as? String)
        // The W3C form of the id, as an OpenTelemetry log line prints it.
        let w3c = traceID.replacingOccurrences(of: "1-", with: "").replacingOccurrences(of: "-", with: "")
        let binary = try CLI.binary.path
        let seen = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Screens, Error>) in
            Thread {
                continuation.resume(
                    with: Result {
                        var seen = Screens()
                        tmux.start(
                            "XDG_STATE_HOME='\(state.path)' '\(binary)' --source '\(CLI.sample("eks-workshop.ndjson"))'",
                            width: 120, height: 30)
                        _ = try tmux.waitFor("the map") { $0.contains("3600 traces") }
                        tmux.keys("/")
                        tmux.keys("-l", "htp.status >= 500")
                        seen.typo = try tmux.waitFor("the typo's error") { $0.contains("did you mean http.status?") }
                        tmux.keys("Home", "Right", "Right", "t")
                        seen.fixed = try tmux.waitFor("the fixed expression") {
                            $0.contains("/ http.status >= 500") && !$0.contains("did you mean")
                        }
                        tmux.keys("Enter")
                        // The status line counts " of 3600 traces" while the source is still being read, so
                        // the filter counts as applied only once the bar names it.
                        seen.applied = try tmux.waitFor("the filter applied") {
                            $0.contains("filter: http.status >= 500")
                        }

                        tmux.keys("/", "C-u")
                        tmux.run(["set-buffer", "service(\"x-ray-sample-back-k8s\")\nAND fault"])
                        tmux.run(["paste-buffer", "-p", "-t", tmux.name])
                        seen.pasted = try tmux.waitFor("the pasted expression") {
                            $0.contains("/ service(\"x-ray-sample-back-k8s\") AND fault")
                        }
                        tmux.keys("Escape")
                        tmux.run(["set-buffer", "q"])
                        tmux.run(["paste-buffer", "-p", "-t", tmux.name])
                        seen.pastedQ = try tmux.waitFor("a pasted q in the filter bar") { $0.contains("\n/ q") }
                        // Esc and the next key apart, as a person types them (together they are Alt-:).
                        tmux.keys("Escape")
                        _ = try tmux.waitFor("the bar closed") { $0.contains("filter: http.status >= 500") }

                        tmux.keys(":")
                        tmux.keys("-l", "trace \(w3c)")
                        tmux.keys("Enter")
                        seen.opened = try tmux.waitFor("the trace's timeline") {
                            $0.contains("trace \(traceID)") && $0.contains("◆ critical path")
                        }
                        tmux.keys("Escape")
                        seen.back = try tmux.waitFor("the table") { !$0.contains("◆ critical path") }
                        tmux.keys("q")
                        let historyFile = state.appendingPathComponent("xray-tui/history").path
                        let deadline = Date().addingTimeInterval(10)
                        while Date() < deadline, !FileManager.default.fileExists(atPath: historyFile) {
                            usleep(100_000)
                        }
                        seen.history = (try? String(contentsOfFile: historyFile, encoding: .utf8)) ?? ""
                        return seen
                    })
            }.start()
        }
        #expect(seen.typo.contains("/ htp.status >= 500"))
        #expect(seen.applied.contains(" of 3600 traces"), "the applied filter shows its count")
        #expect(!seen.applied.contains("Enter applies"), "Enter closed the bar")
        #expect(seen.pasted.contains("Enter applies"), "the paste did not run: the bar is still open")
        #expect(!seen.pastedQ.contains("$"), "a pasted q must not quit")
        #expect(seen.back.contains("TRACE ID") || seen.back.contains("STATUS"), "Esc goes to the trace table")
        #expect(seen.history == "http.status >= 500\n")
    }
}
