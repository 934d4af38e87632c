import Foundation
import TerminalKit
import Testing
import XRayModel

@testable import Explorer

/// The prompts on the shared line editor, and the `:` command line, as a user types them.
@Suite struct PromptTests {
    /// The issue's case: `/` opens holding the last expression; Ctrl-U clears it, so what is
    /// typed next replaces it instead of being glued on.
    @Test func ctrlUClearsTheLastExpressionBeforeTypingANewOne() {
        var state = ExplorerFixtures.state()
        state.press(.char("/"))
        state.type("http.status = 502")
        state.press(Key(.enter))
        state.press(.char("/"))
        #expect(state.filterDraft == "http.status = 502")
        state.press(.ctrl("u"))
        state.type("http.clientip = \"203.0.113.9\"")
        #expect(state.filterDraft == "http.clientip = \"203.0.113.9\"")
        #expect(state.filterError == nil)
    }

    @Test func aTypoAtTheStartIsFixedWithoutDeletingTheRest() {
        var state = ExplorerFixtures.state()
        state.press(.char("/"))
        state.type("htp.status = 500 AND fault")
        #expect(state.filterError != nil)
        state.press(Key(.home), Key(.right), Key(.right))
        state.type("t")
        #expect(state.filterDraft == "http.status = 500 AND fault")
        #expect(state.filterError == nil)
        #expect(state.filterEditor?.cursor == 3)
        // Ctrl-E, then Ctrl-W takes the last word; Ctrl-Y puts it back.
        state.press(.ctrl("e"), .ctrl("w"))
        #expect(state.filterDraft == "http.status = 500 AND ")
        state.press(.ctrl("y"))
        #expect(state.filterDraft == "http.status = 500 AND fault")
    }

    /// Tab completes the word at the cursor and leaves the text after it alone.
    @Test func tabCompletesAtTheCursor() {
        var state = ExplorerFixtures.state()
        state.press(.char("/"))
        state.type("htt AND fault")
        state.press(Key(.home), Key(.right), Key(.right), Key(.right))
        state.press(Key(.tab))
        let draft = state.filterDraft ?? ""
        #expect(draft.hasPrefix("http."), "\(draft)")
        #expect(draft.hasSuffix(" AND fault"), "\(draft)")
        #expect(state.filterEditor?.cursor == draft.count - " AND fault".count)
    }

    @Test func ctrlRFindsAnOlderFilterAndEscPutsBackTheDraft() {
        var state = ExplorerFixtures.state()
        for filter in ["http.status = 502", "fault", "service(\"front\")"] {
            state.press(.char("/"), .ctrl("u"))
            state.type(filter)
            state.press(Key(.enter))
        }
        state.press(.char("/"), .ctrl("u"))
        state.type("draft")
        state.press(.ctrl("r"))
        state.type("502")
        #expect(state.historySearch?.match.map { state.filterHistory.entries[$0] } == "http.status = 502")
        #expect(render(state).row(at: state.height - 2).contains("history search: 502"))
        state.press(Key(.escape))
        #expect(state.filterDraft == "draft" && state.historySearch == nil)
        state.press(.ctrl("r"))
        state.type("f")
        // Newest first: `service("front")`, then Ctrl-R again finds `fault`.
        #expect(state.historySearch?.match.map { state.filterHistory.entries[$0] } == "service(\"front\")")
        state.press(.ctrl("r"))
        // A query that stops matching keeps the last match, marked as failing.
        state.type("zz")
        #expect(state.historySearch?.failing == true)
        #expect(render(state).row(at: state.height - 2).contains("failing history search: fzz"))
        state.press(Key(.backspace), Key(.backspace))
        #expect(state.historySearch?.failing == false)
        state.press(.ctrl("r"))
        state.press(Key(.enter))
        #expect(state.filterDraft == "fault" && state.historySearch == nil)
    }

    /// A pasted expression is one edit, newlines become spaces, and a pasted `q` is text.
    @Test func pasteIsInsertedWholeAndNeverReadAsKeys() {
        var state = ExplorerFixtures.state()
        _ = update(&state, .paste("q"))
        #expect(!state.quit)
        #expect(state.filterDraft == "q")
        state.press(.ctrl("u"))
        _ = update(&state, .paste("http.status = 502\nAND fault"))
        #expect(state.filterDraft == "http.status = 502 AND fault")
        #expect(state.filterError == nil)
        state.press(Key(.escape))
        #expect(!state.quit)
    }

    /// The bar with the cursor mid-text: the cell under it is reversed; a long expression
    /// scrolls with the cursor, and the error's caret follows its column.
    @Test func theBarShowsTheCursorMidTextAndScrolls() throws {
        var state = ExplorerFixtures.state(width: 60, height: 12)
        state.press(.char("/"))
        state.type("http.status = 502 AND fault")
        for _ in 0..<6 { state.press(Key(.left)) }
        var screen = render(state)
        let bar = state.height - 2
        #expect(screen.row(at: bar).hasPrefix("/ http.status = 502 AND fault"))
        let cursorX = 2 + "http.status = 502 AND".count
        #expect(screen[cursorX, bar].style.reverse && screen[cursorX, bar].grapheme == " ")
        try expectSnapshot(screen.text, named: "filter-cursor-60x12")

        let long = (1...12).map { "annotation.k\($0) = \($0)" }.joined(separator: " AND ")
        state.press(.ctrl("u"))
        state.type(long)
        state.press(Key(.home))
        screen = render(state)
        #expect(screen.row(at: bar).hasPrefix("/ annotation.k1 = 1 AND"))
        state.press(Key(.end))
        screen = render(state)
        #expect(screen.row(at: bar).contains("annotation.k12 = 12"))
        #expect(!screen.row(at: bar).contains("annotation.k1 = 1 AND"))

        state.press(.ctrl("u"))
        state.type("http.status = \"abc\"")
        screen = render(state)
        let caret = (0..<screen.width).filter { screen[$0, bar].style.reverse && screen[$0, bar].grapheme == "\"" }
        #expect(caret == [2 + "http.status = ".count], "the caret marks the string where a number was expected")
    }

    @Test func wideCharactersMoveAndDeleteAsOne() {
        var state = ExplorerFixtures.state()
        state.press(.char("/"))
        state.type("service(\"결제-서비스\")")
        state.press(Key(.left), Key(.left), Key(.backspace))
        #expect(state.filterDraft == "service(\"결제-서비\")")
        #expect(state.filterEditor?.cursorCell == DisplayWidth.of("service(\"결제-서비"))
    }

    @Test func theSearchSaveAndWindowPromptsEditTheSameWay() {
        var state = TimelineViewTests.opened(TimelineViewTests.backEndFault)
        state.press(.char("/"))
        state.type("bakc")
        state.press(Key(.left), Key(.backspace), Key(.right))
        state.type("k")
        #expect(state.searchDraft == "back")
        state.press(Key(.escape))
        state.press(.char("w"))
        let suggested = state.timeline?.savePrompt?.path ?? ""
        #expect(suggested.hasSuffix(".json"))
        state.press(.ctrl("a"), Key(.delete), Key(.delete))
        #expect(state.timeline?.savePrompt?.path == String(suggested.dropFirst(2)))
        state.press(.ctrl("k"))
        state.type("out.json")
        #expect(state.timeline?.savePrompt?.path == "out.json")
        #expect(render(state).row(at: state.height - 2).contains("Enter writes · Esc cancels"))
        state.press(Key(.escape))

        var table = ExplorerFixtures.state()
        table.press(.char("w"), .char("c"))
        table.type("45x")
        table.press(Key(.backspace), .char("m"))
        table.press(Key(.enter))
        #expect(table.window == .last(2700))
    }

    // MARK: the command line

    @Test func traceOpensByXRayOrW3CIdAndTheTableMovesToItsTime() throws {
        var state = ExplorerFixtures.state()
        state.press(.char(":"))
        state.type("trace 5f2b3c4d00112233445566778899AABB")
        #expect(render(state).row(at: state.height - 2).hasPrefix(":trace 5f2b3c4d"))
        let effects = state.press(Key(.enter))
        #expect(effects == [.loadTrace(id: "1-5f2b3c4d-00112233445566778899aabb")])
        #expect(state.commandEditor == nil)

        let trace = TimelineViewTests.backEndFault
        state.press(.char(":"))
        state.type("trace \(trace.id)")
        #expect(state.press(Key(.enter)) == [.loadTrace(id: trace.id)])
        // A file shows its whole range, which holds every trace: the window stays.
        #expect(update(&state, .traceOpened(trace, id: trace.id)).isEmpty && state.window == .whole)
        // A live window of the last 15 minutes a day later does not: it moves to the trace.
        state.press(.char(":"))
        state.type("trace \(trace.id)")
        state.press(Key(.enter))
        state.window = .last(900)
        state.shownWindow = nil
        state.now = trace.startTime + 86_400
        let reload = update(&state, .traceOpened(trace, id: trace.id))
        #expect(state.timeline != nil && state.tab == .traces)
        #expect(state.window == .custom(TimeWindow(start: trace.startTime - 450, end: trace.startTime + 450)))
        #expect(reload.count == 1)
        // Once the table holds it, the trace is the selected row.
        var around = state.summaries
        var opened = API.TraceSummary()
        opened.Id = trace.id
        around.insert(opened, at: around.count / 2)
        _ = update(
            &state, .loaded(LoadResult(window: TimeWindow(start: 0, end: 1), summaries: around, graph: nil, error: nil))
        )
        #expect(state.summaries[state.selectedRow].Id == trace.id && state.selectWhenLoaded == nil)

        state.press(.char(":"))
        state.type("trace 1-nothing")
        state.press(Key(.enter))
        #expect(state.lastError?.contains("not a trace id") == true)
    }

    @Test func commandsApplyWindowsFiltersColumnsAndExports() {
        var state = ExplorerFixtures.state()
        func run(_ line: String) -> [Effect] {
            state.press(.char(":"))
            state.type(line)
            return state.press(Key(.enter))
        }
        #expect(run("window 1h") == [.load(window: .last(3600), filter: "", now: state.now)])
        _ = run("window 2026-12-01T10:00 .. 11:00")
        #expect(state.window == .custom(TimeWindow(start: 1_796_119_200, end: 1_796_122_800)))
        #expect(
            run("filter http.status = 502") == [
                .load(window: state.window, filter: "http.status = 502", now: state.now)
            ])
        #expect(run("filter http.status = ").isEmpty)
        #expect(state.lastError?.hasPrefix("filter: column") == true, "\(state.lastError ?? "")")
        _ = run("columns time, status, annotation.order")
        #expect(state.table.columns == [.time, .status, .annotation("order")])
        _ = run("columns time, colour")
        #expect(state.lastError?.contains("unknown colour") == true)
        let exported = run("export out.ndjson")
        guard case .save(let path, let contents, false) = exported.first else {
            Issue.record("no save effect: \(exported)")
            return
        }
        #expect(path == "out.ndjson")
        #expect(contents.split(separator: "\n").count == state.summaries.count)
        #expect(run("theme light") == [.setTheme("light")])
        #expect(run("frobnicate").isEmpty)
        #expect(state.lastError?.contains("unknown command \":frobnicate\"; known: :trace :window") == true)
        _ = run("q")
        #expect(state.quit)
    }

    @Test func groupsAreAppliedAndCompletedByName() {
        var state = ExplorerFixtures.state()
        var group = API.GroupSummary()
        group.GroupName = "slow-checkout"
        group.FilterExpression = "responsetime > 2"
        _ = update(&state, .groupsLoaded([group]))
        state.press(.char(":"))
        state.type("gr")
        state.press(Key(.tab))
        #expect(state.commandEditor?.text == "group ")
        state.type("sl")
        state.press(Key(.tab))
        #expect(state.commandEditor?.text == "group slow-checkout")
        #expect(state.press(Key(.enter)) == [.load(window: state.window, filter: "responsetime > 2", now: state.now)])
        state.press(.char(":"))
        state.press(Key(.up))
        #expect(state.commandEditor?.text == "group slow-checkout")
        state.press(.ctrl("u"))
        state.type("group nope")
        state.press(Key(.enter))
        #expect(state.lastError == "no group \"nope\"; known: slow-checkout")
    }

    @Test func w3cIdsBecomeXRayIds() {
        #expect(traceID(from: "4bf92f3577b34da6a3ce929d0e0e4736") == "1-4bf92f35-77b34da6a3ce929d0e0e4736")
        #expect(traceID(from: "1-5f2b3c4d-00112233445566778899aabb") == "1-5f2b3c4d-00112233445566778899aabb")
        #expect(traceID(from: "4bf92f3577b34da6a3ce929d0e0e473") == nil)
        #expect(traceID(from: "zzf92f3577b34da6a3ce929d0e0e4736") == nil)
    }

    @Test func historyIsKeptAcrossRunsInTheStateFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("history-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = HistoryFiles.standard(environment: ["XDG_STATE_HOME": folder.path])
        var state = ExplorerFixtures.state()
        state.filterHistory.add("fault")
        state.commandHistory.add("window 1h")
        #expect(files.save(state) == nil)
        let mode = try FileManager.default.attributesOfItem(atPath: folder.path + "/xray-tui/history")[
            .posixPermissions]
        #expect(mode as? Int == 0o600)
        var next = ExplorerFixtures.state()
        files.load(into: &next)
        #expect(next.filterHistory.entries == ["fault"] && next.commandHistory.entries == ["window 1h"])
    }

    /// Every prompt drawn on screens down to nothing: no crash, and the frame has the size.
    @Test func promptsDrawOnTinyScreens() {
        for (width, height) in [(10, 5), (3, 3), (1, 1), (0, 0)] {
            var state = ExplorerFixtures.state(width: width, height: height)
            state.press(.char("/"))
            state.type("service(\"결제-서비스\") AND http.status = ")
            #expect(render(state).width == width)
            state.press(.ctrl("r"))
            state.type("x")
            #expect(render(state).height == height)
            state.press(Key(.escape), Key(.escape), .char(":"))
            state.type("window 2026-12-01T10:00 .. 11:00")
            #expect(render(state).width == width)
        }
        var timeline = TimelineViewTests.opened(TimelineViewTests.backEndFault, height: 5)
        _ = update(&timeline, .resize(width: 8, height: 5))
        timeline.press(.char("/"))
        timeline.type("back-end")
        #expect(render(timeline).width == 8)
    }
}
