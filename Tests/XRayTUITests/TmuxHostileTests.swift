import Foundation
import InteropSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The explorer showing hostile text (`HostileCorpus`) in a real terminal: the map, the table,
/// the waterfall, the detail tabs and the raw view draw it with U+FFFD where control characters
/// were, and the OSC 0 in a service's name never retitles the window.
@Suite("hostile text in the explorer", .serialized)
struct TmuxHostileTests {
    // A server of its own per test: a new session must not meet the last test's server shutting down.
    let session = "xray-hostile-\(getpid())-\(UUID().uuidString.prefix(8))"

    /// A private tmux server (`-L`), through `system()` (see TmuxEndToEndTests for why).
    func tmux(_ arguments: [String]) -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("\(session)-\(UUID()).out").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(
            separator: " ")
        _ = system("tmux -L \(session) \(quoted) </dev/null >'\(output)' 2>&1")
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    func screen() -> String { tmux(["capture-pane", "-t", session, "-p"]) }
    var title: String { tmux(["display-message", "-p", "-t", session, "#{pane_title}"]) }

    func waitFor(_ what: String, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(30)
        var last = ""
        while Date() < deadline {
            last = screen()
            if predicate(last) { return last }
            usleep(100_000)
        }
        throw InteropError.failed("timed out waiting for \(what); the screen was:\n\(last)")
    }

    @Test(.timeLimit(.minutes(3)))
    func hostileTextIsDrawnHarmlessly() async throws {
        guard system("tmux -V >/dev/null 2>&1") == 0 else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { throw InteropError.unavailable("no tmux") }
            try Test.cancel("tmux is not installed")
        }
        let screens = try await offPool { try drive() }
        for (step, text) in screens {
            if let unsafe = HostileCorpus.firstUnsafe(in: Data(text.utf8)) {
                Issue.record("\(step): \(unsafe.what) on the screen:\n\(text)")
            }
        }
        #expect(screens.contains { $0.1.contains("svc\u{FFFD}]0;PWNED") }, "the name is shown, cleaned")
    }

    /// Under `LANG=C` no box, line, bar or arrow can be printed as is: they are drawn in ASCII,
    /// and nothing turns into `?`.
    @Test(.timeLimit(.minutes(3)))
    func aLocaleWithoutUTF8GetsASCIIDrawings() async throws {
        guard system("tmux -V >/dev/null 2>&1") == 0 else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { throw InteropError.unavailable("no tmux") }
            try Test.cancel("tmux is not installed")
        }
        let (map, timeline) = try await offPool { () throws -> (String, String) in
            defer { _ = tmux(["kill-server"]) }
            let binary = try CLI.binary.path
            _ = tmux([
                "new-session", "-d", "-x", "120", "-y", "30", "-s", session,
                "LANG=C LC_ALL=C '\(binary)' --source '\(CLI.sample("eks-workshop.ndjson"))' --theme default; sleep 60",
            ])
            let map = try waitFor("the map") { $0.contains("x-ray-sample-back-k8s") }
            _ = tmux(["send-keys", "-t", session, "2"])
            _ = try waitFor("the table") { $0.contains("TRACE ID") }
            _ = tmux(["send-keys", "-t", session, "Enter"])
            return (map, try waitFor("the timeline") { $0.contains("OFFSET") })
        }
        for screen in [map, timeline] {
            let withoutHelp = screen.replacingOccurrences(of: "? help", with: "")
            #expect(!withoutHelp.contains("?"), "\(screen)")
            #expect(!screen.unicodeScalars.contains { !$0.isASCII }, "\(screen)")
        }
        #expect(map.contains("+------") && map.contains("-->"), "\(map)")
        #expect(timeline.contains("#####"), "\(timeline)")
    }

    /// Sixty resizes as fast as tmux makes them, 10x5 among them: the explorer keeps up and,
    /// once the storm is over, draws the whole frame at the last size.
    @Test(.timeLimit(.minutes(3)))
    func aResizeStormEndsWithAWholeFrame() async throws {
        guard system("tmux -V >/dev/null 2>&1") == 0 else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { throw InteropError.unavailable("no tmux") }
            try Test.cancel("tmux is not installed")
        }
        let (tiny, final) = try await offPool { () throws -> (String, String) in
            defer { _ = tmux(["kill-server"]) }
            let binary = try CLI.binary.path
            _ = tmux([
                "new-session", "-d", "-x", "120", "-y", "30", "-s", session,
                "'\(binary)' --source '\(CLI.sample("eks-workshop.ndjson"))' --theme default; sleep 60",
            ])
            _ = try waitFor("the map") { $0.contains("x-ray-sample-back-k8s") }
            let sizes = [(10, 5), (200, 60), (80, 24), (40, 10), (11, 6), (150, 45)]
            for index in 0..<60 {
                let (width, height) = sizes[index % sizes.count]
                _ = tmux(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"])
            }
            _ = tmux(["resize-window", "-t", session, "-x", "10", "-y", "5"])
            let tiny = try waitFor("the too-small notice") { $0.contains("10x5") }
            _ = tmux(["resize-window", "-t", session, "-x", "100", "-y", "28"])
            // At 100 columns the map is compact and the names are shortened (x-ray-…ck-k8s).
            return (tiny, try waitFor("the map at 100x28") { $0.contains("3 nodes") && $0.contains("3600 traces") })
        }
        #expect(tiny.split(separator: "\n").allSatisfy { $0.count <= 10 })
        let lines = final.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first?.contains("1 Map") == true, "\(final)")
        #expect(lines.allSatisfy { $0.count <= 100 }, "\(final)")
        #expect(final.contains("ck-k8s") && final.contains("nt-k8s") && final.contains("Client"), "\(final)")
    }

    func drive() throws -> [(String, String)] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID()).ndjson")
        try HostileCorpus.accepted(crowd: 50).joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        defer {
            _ = tmux(["kill-server"])
            try? FileManager.default.removeItem(at: file)
        }
        let binary = try CLI.binary.path
        _ = tmux([
            "new-session", "-d", "-x", "140", "-y", "40", "-s", session,
            "'\(binary)' --source '\(file.path)' --theme default; sleep 60",
        ])
        let titleBefore = title
        var screens: [(String, String)] = []
        func step(_ name: String, keys: [String], until predicate: @escaping (String) -> Bool) throws {
            if !keys.isEmpty { _ = tmux(["send-keys", "-t", session] + keys) }
            screens.append((name, try waitFor(name, predicate)))
            if title != titleBefore {
                throw InteropError.failed("after \(name) the pane's title is \(title.debugDescription)")
            }
        }
        try step("map", keys: [], until: { $0.contains("svc") })
        try step("table", keys: ["2"], until: { $0.contains("TRACE ID") })
        // Only the hostile trace has a fault; wait for the table to hold it alone.
        try step("filtered", keys: ["/", "fault", "Enter"], until: { $0.contains(" 1 of ") && !$0.contains("future") })
        try step("timeline", keys: ["Enter"], until: { $0.contains("OFFSET") })
        for tab in ["Resources", "Annotations", "Metadata", "Exceptions"] {
            try step("detail \(tab)", keys: ["Tab"], until: { $0.contains(tab) })
        }
        try step("raw", keys: ["r"], until: { $0.contains("\"trace_id\"") })
        // Esc and R apart: together a terminal reads them as Alt-R.
        try step("back", keys: ["Escape"], until: { $0.contains("OFFSET") })
        try step("raw trace", keys: ["R"], until: { $0.contains("Segments") })
        return screens
    }
}
