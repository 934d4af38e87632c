import TerminalKit
import Testing

@testable import Explorer

@Suite struct RenderSnapshotTests {
    @Test func mapTab() throws {
        try expectSnapshot(render(ExplorerFixtures.state()).text, named: "map-100x24")
    }

    @Test func tracesTab() throws {
        var state = ExplorerFixtures.state()
        state.press(.char("2"), .char("j"), .char("j"))
        try expectSnapshot(render(state).text, named: "traces-100x24")
    }

    @Test func analyticsTab() throws {
        var state = ExplorerFixtures.state()
        state.press(.char("3"))
        try expectSnapshot(render(state).text, named: "analytics-100x24")
    }

    @Test func helpOverlayListsTheKeyTable() throws {
        var state = ExplorerFixtures.state(width: 110, height: 84)
        state.press(.char("?"))
        let screen = render(state)
        try expectSnapshot(screen.text, named: "help-110x84")
        for binding in KeyTable.bindings { #expect(screen.text.contains(binding.summary)) }
        for command in CommandBar.table { #expect(screen.text.contains(":" + command.name + " ")) }
    }

    @Test func helpLongerThanTheScreenScrolls() throws {
        var state = ExplorerFixtures.state(width: 80, height: 24)
        state.press(.char("?"))
        let first = render(state).text
        let rows = HelpOverlay.rows(KeyTable.bindings)
        #expect(first.contains("1-19 of \(rows.count)"))
        #expect(!first.contains(KeyTable.bindings.last!.summary))
        // More presses than lines: the scroll stops at the last page.
        for _ in 0..<rows.count { state.press(.char("j")) }
        let last = render(state)
        try expectSnapshot(last.text, named: "help-scrolled-80x24")
        #expect(last.text.contains(":q "))
        #expect(state.overlay == .help)
        state.press(.char("x"))
        #expect(state.overlay == nil)
    }

    @Test func filterBarShowsTheErrorAndItsColumn() throws {
        var state = ExplorerFixtures.state(width: 100, height: 12)
        state.press(.char("/"))
        state.type(#"http.status = "abc""#)
        let screen = render(state)
        try expectSnapshot(screen.text, named: "filter-invalid-100x12")
        // The caret cell (column 15 of the draft, after "/ ") is drawn reversed in the invalid role.
        #expect(screen[2 + 14, 10].style == Style(.filterInvalid, reverse: true))
    }

    @Test func windowPicker() throws {
        var state = ExplorerFixtures.state(width: 80, height: 20)
        state.press(.char("w"), Key(.down))
        try expectSnapshot(render(state).text, named: "window-picker-80x20")
    }

    @Test func openTraceTimeline() throws {
        var state = ExplorerFixtures.state(width: 100, height: 12)
        state.press(.char("2"))
        let effects = state.press(Key(.enter))
        guard case .loadTrace(let id) = effects.first else {
            Issue.record("Enter did not ask for the trace: \(effects)")
            return
        }
        let trace = ExplorerFixtures.traces.first { $0.id == id }
        _ = update(&state, .traceOpened(trace, id: id))
        try expectSnapshot(render(state).text, named: "trace-100x12")
    }

    @Test(arguments: [(30, 8), (10, 5), (39, 40), (120, 9)])
    func tooSmallSaysSoAndRecovers(width: Int, height: Int) throws {
        var state = ExplorerFixtures.state(width: width, height: height)
        let small = render(state)
        #expect(small.text.contains("Terminal too small") || width < 18)
        #expect(small.width == width && small.height == height)
        _ = update(&state, .resize(width: 100, height: 24))
        #expect(render(state).text == render(ExplorerFixtures.state()).text)
    }
}
