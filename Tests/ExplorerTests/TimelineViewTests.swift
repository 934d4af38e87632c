import Foundation
import TerminalKit
import Testing
import XRayModel

@testable import Explorer

/// An open trace as a user meets it: the waterfall, the detail tabs, the raw data, and the keys.
@Suite struct TimelineViewTests {
    /// The state with `trace` open, as Enter on the table opens it.
    static func opened(_ trace: Trace, width: Int = 120, height: Int = 40, shop: Bool = false) -> AppState {
        var state = ExplorerFixtures.state(width: width, height: height, shop: shop)
        state.press(.char("2"))
        _ = update(&state, .traceOpened(trace, id: trace.id))
        return state
    }

    /// A trace whose back end faulted with an exception and a stack.
    static var backEndFault: Trace {
        ExplorerFixtures.traces.filter { trace in
            trace.spans.contains { $0.document.name == "x-ray-sample-back-k8s" && $0.document.fault && $0.isSegment }
                && trace.spans.contains { !$0.document.exceptions.isEmpty }
        }.min { $0.id < $1.id }!
    }

    @Test func aBackEndFaultWithItsExceptionAndStack() throws {
        let trace = Self.backEndFault
        var state = Self.opened(trace)
        try expectSnapshot(render(state).text, named: "timeline-eks-fault-120x40")
        // n goes to the first span with an error or fault; the Exceptions tab shows the stack.
        state.press(.char("n"))
        let selected = state.timeline!.selected
        #expect(trace.spans[selected].document.statusClass != .ok)
        for _ in 0..<4 { state.press(Key(.tab)) }
        #expect(state.timeline?.tab == .exceptions)
        let screen = render(state)
        try expectSnapshot(screen.text, named: "timeline-eks-fault-exceptions-120x40")
        let exception = try #require(trace.spans[selected].document.exceptions.first)
        #expect(screen.text.contains(exception.message ?? "?"))
        #expect(screen.text.contains("  at "))
    }

    @Test func aDeepShopTraceFoldedAndUnfoldedWithWideNames() throws {
        let trace = ExplorerFixtures.shopTraces.filter { trace in
            trace.spans.contains { $0.document.name == "주문-서비스" }
                && trace.spans.contains { $0.document.name == "在庫サービス" }
        }.min { ($0.spans.count, $0.id) < ($1.spans.count, $1.id) }!
        #expect(trace.spans.map(\.depth).max()! >= 3, "a deep trace")
        // 48 rows: with its inferred nodes the trace needs 25 to reach the Japanese segment.
        var state = Self.opened(trace, height: 48, shop: true)
        let unfolded = render(state)
        try expectSnapshot(unfolded.text, named: "timeline-shop-unfolded-120x48")
        #expect(unfolded.text.contains("주문-서비스") && unfolded.text.contains("在庫サービス"))
        #expect(unfolded.text.contains("⇢ products"), "the DynamoDB table inferred from a call")
        state.press(.char("["))
        let folded = state.timeline!.rows
        #expect(folded.count < trace.spans.count)
        try expectSnapshot(render(state).text, named: "timeline-shop-folded-120x48")
        // Enter unfolds the selected span: one level more.
        state.press(Key(.enter))
        #expect(state.timeline!.rows.count > folded.count)
        state.press(.char("]"))
        let model = state.timeline!.model
        #expect(state.timeline!.rows.count == trace.spans.count + model.inferred.count)
    }

    @Test func searchZoomAndDetailTabs() {
        let trace = Self.backEndFault
        var state = Self.opened(trace)
        state.press(.char("/"))
        state.type("back")
        let screen = render(state)
        #expect(screen.row(at: 1).contains("search: back") && screen.row(at: 1).contains("Enter finds · Esc drops"))
        // The cursor is the reversed cell after the text.
        let reversed = (0..<screen.width).filter { screen[$0, 1].style.reverse }
        #expect(reversed.count == 1)
        #expect(reversed.first.map { String(screen.row(at: 1).prefix($0)).hasSuffix("search: back") } == true)
        state.press(Key(.enter))
        let matches = state.timeline!.model.search("back")
        #expect(!matches.isEmpty && state.timeline!.selected == matches[0])
        #expect(render(state).text.contains("/back: \(matches.count) found"))
        state.press(.char("z"))
        let document = trace.spans[matches[0]].document
        #expect(state.timeline?.zoom?.start == document.startTime)
        state.press(Key(.escape), Key(.escape))
        #expect(state.timeline?.search == "" && state.timeline?.zoom == nil)
        for tab in DetailTab.allCases.dropFirst() {
            state.press(Key(.tab))
            #expect(render(state).text.contains(" \(tab.rawValue) "))
        }
        state.press(Key(.escape))
        #expect(state.timeline == nil && state.tab == .traces)
    }

    @Test func theMetadataTreeFoldsALevelAtATime() {
        var state = Self.opened(Self.backEndFault)
        let metadata = state.timeline!.trace.spans[state.timeline!.selected].document.metadata
        #expect(!metadata.isEmpty, "the front end records metadata")
        state.press(.char("{"))
        #expect(state.timeline?.tab == .metadata)
        let folded = render(state).text
        #expect(folded.contains("{ … ") || folded.contains("[ … "))
        for _ in 0..<8 { state.press(.char("{")) }
        let allFolded = render(state).text
        for key in metadata.keys { #expect(allFolded.contains("\"\(key)\": {") || allFolded.contains("\"\(key)\":")) }
        for _ in 0..<9 { state.press(.char("}")) }
        #expect(!render(state).text.contains(" … "))
    }

    @Test func rawJSONOfTheDocumentAndOfTheTraceCopyAndSave() throws {
        let trace = Self.backEndFault
        var state = Self.opened(trace)
        state.press(.char("r"))
        #expect(state.timeline?.mode == .rawDocument)
        #expect(render(state).row(at: 2).hasPrefix(" {"))
        // `/` in the raw view goes to the first line that matches.
        state.press(.char("/"))
        state.type("trace_id")
        state.press(Key(.enter))
        #expect(render(state).text.contains("\"trace_id\": \"\(trace.id)\""))
        #expect(render(state).row(at: 2).contains("▶") && render(state).row(at: 2).contains("trace_id"))
        let copied = state.press(.char("y"))
        guard case .copy(let json) = copied.first else {
            Issue.record("y did not copy: \(copied)")
            return
        }
        #expect(json == trace.documents.first { $0.id == trace.spans[trace.rootIndex!].documentID }?.raw)
        state.press(.char("R"))
        #expect(state.timeline?.mode == .rawTrace && render(state).text.contains("\"Traces\": ["))
        state.press(Key(.escape))
        #expect(state.timeline?.mode == .waterfall)

        // w asks for a file name; an existing file needs confirmation.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xray-tui-save-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("trace.json").path
        state.press(.char("w"))
        for _ in 0..<60 { state.press(Key(.backspace)) }
        state.type(path)
        var effects = state.press(Key(.enter))
        guard case .save(let target, let contents, false) = effects.first else {
            Issue.record("Enter did not ask to save: \(effects)")
            return
        }
        #expect(target == path)
        let parsed = try JSONSerialization.jsonObject(with: Data(contents.utf8)) as? [String: Any]
        #expect((parsed?["Traces"] as? [[String: Any]])?.first?["Id"] as? String == trace.id)
        _ = update(&state, .saved(path: path, ExplorerRunner.save(contents, to: path, overwrite: false)))
        #expect(state.notice == "wrote \(contents.utf8.count) bytes to \(path)")
        // Again: the file exists, so it asks; `n` keeps it.
        state.press(.char("w"))
        for _ in 0..<60 { state.press(Key(.backspace)) }
        state.type(path)
        effects = state.press(Key(.enter))
        guard case .save(_, let again, false) = effects.first else { return }
        _ = update(&state, .saved(path: path, ExplorerRunner.save(again, to: path, overwrite: false)))
        #expect(render(state).text.contains("exists; overwrite it?"))
        #expect(state.press(.char("n")).isEmpty && state.notice == "not written")
    }

    @Test func theCLIWaterfallInColourIsTheSameTextWithSGRCodes() throws {
        let trace = Self.backEndFault
        let coloured = WaterfallRows.text(trace, width: 120, colour: true)
        #expect(coloured.contains("\u{1B}[31m█"), "the faulted spans' bars in red")
        let stripped = try NSRegularExpression(pattern: "\u{1B}\\[[0-9;]*m").stringByReplacingMatches(
            in: coloured, range: NSRange(coloured.startIndex..., in: coloured), withTemplate: "")
        #expect(stripped == WaterfallRows.text(trace, width: 120))
    }

    @Test func theCLIWaterfallIsTheExplorersRows() {
        let trace = Self.backEndFault
        let text = WaterfallRows.text(trace, width: 120)
        let lines = text.split(separator: "\n")
        #expect(lines.count == trace.spans.count + 2)
        #expect(lines[1].contains("NAME") && lines[1].contains("DURATION"))
        // Each span's row starts like the explorer's: critical mark, indentation, fold marker, name.
        let model = TimelineModel(trace: trace)
        for (line, span) in zip(lines.dropFirst(2), model.visibleRows(collapsed: [])) {
            #expect(line.hasPrefix(model.criticalPath.contains(span) ? "◆" : " "))
            #expect(line.contains(trace.spans[span].document.name))
        }
    }
}
