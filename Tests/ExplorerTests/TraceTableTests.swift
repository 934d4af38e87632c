import Foundation
import TerminalKit
import Testing
import XRayFilter
import XRayModel

@testable import Explorer

/// The trace table as a user meets it, over the bundled eks-workshop sample file.
@Suite struct TraceTableTests {
    @Test func theTableAndTwoFiltersOverTheSampleFile() async throws {
        var all = await SampleFileFixture.state()
        all.press(.char("2"))
        try expectSnapshot(render(all).text, named: "table-eks-120x40")
        #expect(all.summaries.count == 3600)

        var failed = await SampleFileFixture.state(filter: "http.status = 500")
        failed.press(.char("2"))
        let failedScreen = render(failed)
        try expectSnapshot(failedScreen.text, named: "table-eks-status500-120x40")
        let expected = all.summaries.filter { $0.Http?.HttpStatus == 500 }.count
        #expect(failed.summaries.count == expected && expected > 0)
        #expect(failedScreen.row(at: 39).contains("\(expected) of 3600 traces"))
        #expect(failed.summaries.allSatisfy { $0.Http?.HttpStatus == 500 })

        let client = try #require(all.summaries.first?.Http?.ClientIp)
        var oneClient = await SampleFileFixture.state(filter: "http.clientip = \"\(client)\"")
        oneClient.press(.char("2"))
        try expectSnapshot(render(oneClient).text, named: "table-eks-clientip-120x40")
        #expect(oneClient.summaries.count == all.summaries.filter { $0.Http?.ClientIp == client }.count)
    }

    @Test func twoKeysNarrowToOneStatusThenExcludeAClient() async throws {
        var state = await SampleFileFixture.state()
        state.press(.char("2"))
        let row = try #require(state.summaries.firstIndex { $0.Http?.HttpStatus == 500 })
        for _ in 0..<row { state.press(.char("j")) }
        // The cursor starts on TIME; STATUS is the fourth column.
        state.press(.char("l"), .char("l"), .char("l"))
        #expect(state.table.currentColumn == .status)
        let effects = state.press(.char("="))
        #expect(state.filter == "http.status = 500")
        #expect(effects == [.load(window: .whole, filter: "http.status = 500", now: state.now)])
        #expect(render(state).text.contains("filter: http.status = 500"))

        // Load what the filter asks for, then drop the first row's client.
        var narrowed = await SampleFileFixture.state(filter: state.filter)
        narrowed.press(.char("2"))
        // Every row on screen is a 500, and the status bar counts them against the whole file.
        let shown = min(narrowed.tableRows, narrowed.summaries.count)
        let rows = render(narrowed).text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2)
        #expect(shown > 5 && rows.prefix(shown).allSatisfy { $0.contains("  500  ") }, "\(rows)")
        #expect(render(narrowed).text.contains("\(narrowed.summaries.count) of 3600 traces"))
        narrowed.press(.char("l"), .char("l"), .char("l"), .char("l"), .char("l"))
        #expect(narrowed.table.currentColumn == .clientIP)
        let client = try #require(narrowed.summaries.first?.Http?.ClientIp)
        narrowed.press(.char("!"))
        #expect(narrowed.filter == "http.status = 500 AND !(http.clientip = \"\(client)\")")
        let result = await SampleFileFixture.state(filter: narrowed.filter)
        #expect(!result.summaries.isEmpty)
        #expect(result.summaries.allSatisfy { $0.Http?.HttpStatus == 500 && $0.Http?.ClientIp != client })
        #expect(
            result.summaries.count
                == narrowed.summaries.filter { $0.Http?.ClientIp != client }.count)

        // Times have no filter term: the status bar says so instead.
        narrowed.press(.char("h"), .char("h"), .char("h"), .char("h"), .char("h"), .char("="))
        #expect(narrowed.notice?.contains("no filter for the time column") == true)
    }

    @Test func sortByAnyColumnEitherWayAndByClickingTheHeader() {
        var state = ExplorerFixtures.state(width: 120, height: 30)
        state.press(.char("2"), .char("l"), .char("l"), .char("l"), .char("l"))
        #expect(state.table.currentColumn == .response)
        state.press(.char("s"))
        let times = state.summaries.compactMap(\.ResponseTime)
        #expect(times == times.sorted(by: >) && times.count == state.summaries.count)
        #expect(render(state).row(at: 1).contains("▼RESPONSE"))
        state.press(.char("s"))
        #expect(state.summaries.compactMap(\.ResponseTime) == times.sorted())
        state.press(.char("S"))
        #expect(state.summaries.compactMap(\.ResponseTime) == times)
        // The header: TIME is at the left edge.
        _ = update(&state, .mouse(MouseEvent(.press, x: 3, y: 1)))
        #expect(state.table.sort == .newestFirst)
        let starts = state.summaries.compactMap(\.StartTime)
        #expect(starts == starts.sorted(by: >))
    }

    @Test func columnsCanBeShownHiddenAndResized() throws {
        var state = ExplorerFixtures.state(width: 120, height: 30)
        state.press(.char("2"), .char("c"))
        try expectSnapshot(render(state).text, named: "column-picker-120x30")
        // DURATION is the sixth in the picker; show it, hide TRACE ID (the second).
        state.press(.char("j"), .char("j"), .char("j"), .char("j"), .char("j"), .char(" "))
        state.press(.char("k"), .char("k"), .char("k"), .char("k"), .char(" "), Key(.escape))
        #expect(state.overlay == nil)
        #expect(state.table.columns == [.time, .method, .status, .response, .duration, .clientIP, .url])
        #expect(render(state).row(at: 1).contains("DURATION"))
        #expect(!render(state).row(at: 1).contains("TRACE ID"))
        state.press(.char(">"), .char(">"))
        #expect(state.table.width(of: .time) == 20)
        for _ in 0..<10 { state.press(.char("<")) }
        #expect(state.table.width(of: .time) == 3)
    }

    @Test func yCopiesTheSelectedTraceID() {
        var state = ExplorerFixtures.state()
        state.press(.char("2"), .char("j"))
        let effects = state.press(.char("y"))
        let id = state.summaries[1].Id!
        #expect(effects == [.copy(id)])
        #expect(render(state).row(at: state.height - 1).contains("copied \(id)"))
        state.press(.char("j"))
        #expect(state.notice == nil)
    }

    @Test func annotationColumnsFromTheConfigAndThePicker() {
        let table = TableState(names: ["time", "status", "annotation.order_id"])
        #expect(table.columns == [.time, .status, .annotation("order_id")])
        #expect(TraceColumn(name: "Client IP") == .clientIP && TraceColumn(name: "colour") == nil)
        var state = ExplorerFixtures.state(width: 120, height: 30, shop: true)
        let keys = TableState.available(in: state.summaries).compactMap { column -> String? in
            if case .annotation(let key) = column { return key }
            return nil
        }
        #expect(!keys.isEmpty, "the shop's traces carry annotations")
        state.table = TableState(names: ["time", "annotation.\(keys[0])"])
        state.press(.char("2"))
        #expect(render(state).row(at: 1).contains(keys[0].uppercased()))
    }
}

@Suite struct FilterBarCompletionTests {
    @Test func tabCompletesKeywordsAndValuesFromTheData() {
        var state = ExplorerFixtures.state(width: 120, height: 30)
        state.press(.char("/"))
        state.type("http.st")
        state.press(Key(.tab))
        #expect(state.filterDraft == "http.status ")
        state.type("= ")
        state.press(Key(.tab))
        let statuses = Set(state.summaries.compactMap(\.Http?.HttpStatus)).sorted()
        #expect(state.filterDraft == "http.status = \(statuses[0]) ")
        #expect(render(state).row(at: 28).contains(statuses.map(String.init).joined(separator: "  ")))
        state.press(Key(.tab))
        #expect(state.filterDraft == "http.status = \(statuses[1]) ")
        state.press(Key(.backTab))
        #expect(state.filterDraft == "http.status = \(statuses[0]) ")
        // Typing ends the cycle; the next Tab completes the new text.
        state.type("AND service(\"x-ray-sample-b")
        #expect(state.completions == nil)
        state.press(Key(.tab))
        #expect(state.filterDraft == "http.status = \(statuses[0]) AND service(\"x-ray-sample-back-k8s\") ")
        #expect(state.filterError == nil)
        let effects = state.press(Key(.enter))
        #expect(effects.count == 1 && state.filter.hasSuffix("service(\"x-ray-sample-back-k8s\")"))
    }
}
