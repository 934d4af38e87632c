import Foundation
import TerminalKit
import Testing
import XRayModel

@testable import Explorer

/// Moving about an open trace: inferred rows, folding and scrolling, search through folds,
/// zoom, the raw view's prompt and bottom, in-progress bars, and writing the trace over a file.
@Suite struct TimelineNavigationTests {
    typealias Fixture = TimelineModelTests

    /// The shop trace of the folding snapshots: a DynamoDB table, queues and databases inferred.
    static var shopTrace: Trace {
        ExplorerFixtures.shopTraces.filter { trace in
            trace.spans.contains { $0.document.name == "주문-서비스" }
                && trace.spans.contains { $0.document.name == "在庫サービス" }
        }.min { ($0.spans.count, $0.id) < ($1.spans.count, $1.id) }!
    }

    /// The screen row that shows `text`.
    static func row(containing text: String, in screen: Screen) -> Int? {
        (0..<screen.height).first { screen.row(at: $0).contains(text) }
    }

    @Test func inferredNodesAreDimRowsWithTheirOwnOverviewAndRawDocument() throws {
        let trace = Self.shopTrace
        var state = TimelineViewTests.opened(trace, height: 48, shop: true)
        let model = state.timeline!.model
        let node = try #require(model.inferred.first)
        let row = trace.spans.count
        let call = trace.spans[node.call].document
        let screen = render(state)
        let y = try #require(Self.row(containing: "⇢ " + node.document.name, in: screen))
        #expect(screen.row(at: y - 1).contains(call.name), "right under its subsegment")
        let mark = try #require((0..<screen.width).first { screen[$0, y].grapheme == "⇢" })
        #expect(screen[mark, y].style.role == .dim && screen[mark + 2, y].style.role == .dim)
        #expect(screen.row(at: y).contains("░"))

        state.timeline?.selected = row
        let selected = render(state).text
        #expect(selected.contains("─ \(node.document.name) (inferred) ─"))
        #expect(selected.contains(TimelineDetailTests.field("inferred from", "subsegment \(call.name) (\(call.id))")))
        #expect(selected.contains(TimelineDetailTests.field("type", node.document.origin ?? "?")))
        // r shows (and y copies) the inferred segment as BatchGetTraces returns it.
        state.press(.char("r"))
        guard case .copy(let json) = state.press(.char("y")).first else {
            Issue.record("y did not copy")
            return
        }
        let expected = try #require(trace.inferredSegments.first { $0.document.parentID == call.id })
        #expect(json == expected.raw && json.contains(#""inferred":true"#))
    }

    /// At 120x30 the waterfall shows 15 rows of the trace's 38.
    @Test func foldingKeepsTheSelectionAndTheRowsOnScreen() throws {
        var state = TimelineViewTests.opened(Self.shopTrace, height: 30, shop: true)
        let visible = TimelineView.waterfallRows(state)
        #expect(visible == 15 && state.timeline!.rows.count == 38)
        state.press(.char("G"))
        #expect(state.timeline?.scrollTop == 38 - visible)
        // `[` leaves 7 top-level rows: the view goes back to the top, the selection on one of them.
        state.press(.char("["))
        let folded = state.timeline!
        #expect(folded.rows.count == 7 && folded.scrollTop == 0 && folded.rows.contains(folded.selected))
        #expect(render(state).row(at: 3).contains("web-gateway"))

        // Enter on the last segment folds the rows after it: the view follows them up.
        state.press(.char("]"), .char("G"))
        let model = state.timeline!.model
        let last = try #require(state.timeline!.rows.last { model.depth($0) == 0 })
        for _ in 0..<40 where state.timeline!.selected != last { state.press(.char("k")) }
        state.press(Key(.enter))
        let rows = state.timeline!.rows
        #expect(rows.last == last && state.timeline!.scrollTop == max(0, rows.count - visible))
        let selectedName = model.document(last).name
        #expect(render(state).row(at: 3 + visible - 1).contains(selectedName))
    }

    /// root has a, b and c, each with one child named find-me-1, -2, -3 (display order 0–6).
    @Test func searchNextAndPreviousGoInSpanOrderUnfoldingHiddenMatches() throws {
        let children = (1...3).map { number in
            Fixture.doc(
                "f\(number)00000000000001", name: ["a", "b", "c"][number - 1], start: Double(number),
                end: Double(number) + 1,
                children: [
                    Fixture.doc(
                        "f\(number)10000000000001", name: "find-me-\(number)", start: Double(number) + 0.1,
                        end: Double(number) + 0.5)
                ])
        }
        let trace = try Fixture.trace([
            Fixture.doc("f000000000000001", name: "root", start: 0, end: 5, children: children)
        ])
        #expect(
            Fixture.names(trace, trace.spans.indices) == ["root", "a", "find-me-1", "b", "find-me-2", "c", "find-me-3"])
        var state = TimelineViewTests.opened(trace)
        state.press(.char("/"))
        state.type("find-me")
        state.press(Key(.enter))
        #expect(state.timeline?.selected == 2 && state.timeline?.searchMatches == [2, 4, 6])
        #expect(render(state).text.contains("/find-me: 3 found (n/N)"))
        // Fold everything, open the root and go to c: every match is hidden.
        state.press(.char("["), Key(.enter), .char("j"), .char("j"), .char("j"))
        #expect(state.timeline?.selected == 5 && state.timeline?.rows == [0, 1, 3, 5])
        state.press(.char("n"))
        #expect(state.timeline?.selected == 6 && state.timeline?.rows == [0, 1, 3, 5, 6])
        state.press(.char("N"))
        #expect(state.timeline?.selected == 4 && state.timeline?.rows == [0, 1, 3, 4, 5, 6])
        state.press(.char("N"))
        #expect(state.timeline?.selected == 2)
        state.press(.char("N"))
        #expect(state.timeline?.selected == 6, "wraps to the last match")
        state.press(.char("n"))
        #expect(state.timeline?.selected == 2, "and back to the first")
    }

    /// The back end's segment (2.2 ms in, 8.9 ms long) zoomed: the ruler runs over its time and
    /// its bar fills the bar column.
    @Test func zoomRescalesTheRulerAndTheBars() throws {
        let trace = TimelineViewTests.backEndFault
        var state = TimelineViewTests.opened(trace)
        state.press(.char("j"), .char("j"))
        let back = trace.spans[state.timeline!.selected].document
        #expect(back.name == "x-ray-sample-back-k8s" && trace.spans[state.timeline!.selected].isSegment)
        let columns = WaterfallRows.columns(in: Rect(x: 0, y: 2, width: 119, height: 20))
        func barCells(_ screen: Screen) -> Int {
            (columns.bar.x..<columns.bar.maxX).filter { screen[$0, 5].grapheme == "█" }.count
        }
        let before = render(state)
        #expect(before.row(at: 5).contains(back.name) && barCells(before) < columns.bar.width)
        #expect(before.row(at: 2).contains("  0.0 ms"))
        state.press(.char("z"))
        let zoomed = render(state)
        #expect(barCells(zoomed) == columns.bar.width)
        let ruler = zoomed.row(at: 2)
        let start = TraceTableView.milliseconds(back.startTime - trace.startTime)
        let end = TraceTableView.milliseconds(back.endTime! - trace.startTime)
        #expect(ruler.contains("  " + start + " ") && ruler.contains(end + "    OFFSET"))
        #expect(!ruler.contains("  0.0 ms"))
        #expect(zoomed.row(at: 1).contains("zoomed (z: all)"))
    }

    /// At 120x24 the raw view's body is the 20 rows between its title (row 1) and the filter
    /// bar (row 22).
    @Test func theRawViewDrawsItsSearchPromptAndScrollsToItsLastLine() throws {
        var state = TimelineViewTests.opened(TimelineViewTests.backEndFault, height: 24)
        state.press(.char("r"))
        state.press(.char("/"))
        state.type("trace")
        #expect(render(state).row(at: 1).contains("search: trace"))
        state.press(Key(.escape))
        #expect(!render(state).row(at: 1).contains("search:"))
        let lines = state.timeline!.rawLines
        #expect(lines.count > 20)
        state.press(.char("G"))
        #expect(state.timeline?.rawScroll == lines.count - 20)
        let screen = render(state)
        #expect(screen.row(at: 21).trimmingCharacters(in: .whitespaces).hasPrefix(lines.last!.text))
        #expect(screen.row(at: 2).contains(String(lines[lines.count - 20].text.prefix(20))))
    }

    @Test func inProgressBarsHaveTheirOwnColour() throws {
        let root = Fixture.doc(
            "d000000000000001", name: "root", start: 0, end: nil,
            children: [
                Fixture.doc("d100000000000001", name: "done", start: 0.1, end: 1),
                Fixture.doc("d200000000000001", name: "running", start: 0.5, end: nil),
            ])
        let trace = try Fixture.trace([root])
        let screen = render(TimelineViewTests.opened(trace))
        let y = try #require(Self.row(containing: "running", in: screen))
        let bar = (0..<screen.width).filter { screen[$0, y].grapheme == "▒" }
        #expect(!bar.isEmpty && bar.allSatisfy { screen[$0, y].style.role == .barInProgress })
        let doneY = try #require(Self.row(containing: "done", in: screen))
        #expect(
            (0..<screen.width).contains { screen[$0, doneY].grapheme == "█" && screen[$0, doneY].style.role == .barOK })
        #expect(WaterfallRows.text(trace, width: 100, colour: true).contains("\u{1B}[34m▒"))
    }

    @Test func writingOverAnExistingFileAfterYReplacesIt() throws {
        let trace = TimelineViewTests.backEndFault
        var state = TimelineViewTests.opened(trace)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xray-tui-overwrite-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("trace.json").path
        try "old contents".write(toFile: path, atomically: true, encoding: .utf8)
        state.press(.char("w"))
        for _ in 0..<60 { state.press(Key(.backspace)) }
        state.type(path)
        guard case .save(_, let contents, false) = state.press(Key(.enter)).first else {
            Issue.record("Enter did not ask to save")
            return
        }
        _ = update(&state, .saved(path: path, ExplorerRunner.save(contents, to: path, overwrite: false)))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old contents")
        #expect(state.timeline?.savePrompt?.confirmOverwrite == true)
        guard case .save(let target, let again, true) = state.press(.char("y")).first else {
            Issue.record("y did not ask to overwrite")
            return
        }
        _ = update(&state, .saved(path: target, ExplorerRunner.save(again, to: target, overwrite: true)))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == contents)
        #expect(state.notice == "wrote \(contents.utf8.count) bytes to \(path)" && state.timeline?.savePrompt == nil)
    }
}
