import Foundation
import InteropSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A private tmux server (`-L NAME`) for one test: no other tmux on the machine can disturb it,
/// and a new session never meets a previous test's server shutting down. Commands go through
/// `system()`, not Foundation's Process: the tmux server the first call starts inherits
/// Process's exit-watching descriptor and never exits, so Process would wait for ever.
struct TmuxServer: Sendable {
    let name: String

    init(prefix: String) { name = "\(prefix)-\(getpid())-\(UUID().uuidString.prefix(8))" }

    /// `tmux ARGUMENTS` on this server; what it printed.
    @discardableResult
    func run(_ arguments: [String]) -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID()).out").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(
            separator: " ")
        _ = system("tmux -L \(name) \(quoted) </dev/null >'\(output)' 2>&1")
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    /// Starts `command` in a detached session named like the server, WIDTH x HEIGHT.
    func start(_ command: String, width: Int, height: Int) {
        run(["new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", name, command])
    }

    func keys(_ keys: String...) { run(["send-keys", "-t", name] + keys) }

    var screen: String { run(["capture-pane", "-t", name, "-p"]) }

    var paneTitle: String { run(["display-message", "-p", "-t", name, "#{pane_title}"]) }

    func kill() { run(["kill-server"]) }

    /// Polls the screen until `predicate` holds (the program draws asynchronously). Thrown,
    /// not recorded: callers run this on a plain thread, outside the test's task.
    func waitFor(_ what: String, timeout: Double = 30, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = screen
            if predicate(last) { return last }
            usleep(100_000)
        }
        throw InteropError.failed("timed out waiting for \(what); the screen was:\n\(last)")
    }

    /// Cancels the test when tmux is missing (fails it under CI=true, where it must be there).
    static func require(sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard system("tmux -V >/dev/null 2>&1") != 0 else { return }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            throw InteropError.unavailable("tmux is not installed")
        }
        print("SKIPPED: a tmux test, because tmux is not installed")
        try Test.cancel("tmux is not installed", sourceLocation: sourceLocation)
    }
}
