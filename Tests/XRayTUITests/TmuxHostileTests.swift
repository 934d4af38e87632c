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
    let tmux = TmuxServer(prefix: "xray-hostile")

    @Test(.timeLimit(.minutes(3)))
    func hostileTextIsDrawnHarmlessly() async throws {
        try TmuxServer.require()
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
        try TmuxServer.require()
        let (map, timeline) = try await offPool { () throws -> (String, String) in
            defer { tmux.kill() }
            let binary = try CLI.binary.path
            tmux.start(
                "LANG=C LC_ALL=C '\(binary)' --source '\(CLI.sample("eks-workshop.ndjson"))' --theme default; sleep 60",
                width: 120, height: 30)
            let map = try tmux.waitFor("the map") { $0.contains("x-ray-sample-back-k8s") }
            tmux.keys("2")
            _ = try tmux.waitFor("the table") { $0.contains("TRACE ID") }
            tmux.keys("Enter")
            return (map, try tmux.waitFor("the timeline") { $0.contains("OFFSET") })
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
        try TmuxServer.require()
        let (tiny, final) = try await offPool { () throws -> (String, String) in
            defer { tmux.kill() }
            let binary = try CLI.binary.path
            tmux.start(
                "'\(binary)' --source '\(CLI.sample("eks-workshop.ndjson"))' --theme default; sleep 60", width: 120,
                height: 30)
            _ = try tmux.waitFor("the map") { $0.contains("x-ray-sample-back-k8s") }
            let sizes = [(10, 5), (200, 60), (80, 24), (40, 10), (11, 6), (150, 45)]
            for index in 0..<60 {
                let (width, height) = sizes[index % sizes.count]
                tmux.run(["resize-window", "-t", tmux.name, "-x", "\(width)", "-y", "\(height)"])
            }
            tmux.run(["resize-window", "-t", tmux.name, "-x", "10", "-y", "5"])
            let tiny = try tmux.waitFor("the too-small notice") { $0.contains("10x5") }
            tmux.run(["resize-window", "-t", tmux.name, "-x", "100", "-y", "28"])
            // At 100 columns the map is compact and the names are shortened (x-ray-…ck-k8s).
            return (
                tiny, try tmux.waitFor("the map at 100x28") { $0.contains("3 nodes") && $0.contains("3600 traces") }
            )
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
            tmux.kill()
            try? FileManager.default.removeItem(at: file)
        }
        let binary = try CLI.binary.path
        tmux.start("'\(binary)' --source '\(file.path)' --theme default; sleep 60", width: 140, height: 40)
        let titleBefore = tmux.paneTitle
        var screens: [(String, String)] = []
        func step(_ name: String, keys: [String], until predicate: @escaping (String) -> Bool) throws {
            if !keys.isEmpty { tmux.run(["send-keys", "-t", tmux.name] + keys) }
            screens.append((name, try tmux.waitFor(name, predicate)))
            let title = tmux.paneTitle
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
