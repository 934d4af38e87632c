import Foundation
import Testing
import TraceStore
import XRayFilter
import XRayModel

@testable import Explorer
@testable import TerminalKit

/// The map tab as a user meets it: what the screen shows, and what keys and clicks do.
@Suite struct MapViewTests {
    static let front = "x-ray-sample-front-k8s"
    static let back = "x-ray-sample-back-k8s"

    @Test func eksWorkshopMapShowsClientFrontAndBackWithLinkNumbers() throws {
        let state = ExplorerFixtures.state(width: 120, height: 40)
        let screen = render(state)
        try expectSnapshot(screen.text, named: "map-eks-120x40")
        #expect(state.map.density == .detailed)
        // The link labels are the console's numbers, computed here straight from the traces:
        // average response time and requests per minute over the five-minute window.
        let roots = ExplorerFixtures.traces.compactMap { $0.root?.document.duration }
        let calls = ExplorerFixtures.traces.flatMap { trace in
            trace.spans.filter { span in
                !span.isSegment && span.callees.contains { trace.spans[$0].document.name == Self.back }
            }.compactMap(\.document.duration)
        }
        for durations in [roots, calls] {
            let average = durations.reduce(0, +) / Double(durations.count)
            #expect(average < 0.1, "the label format below is for averages under 100 ms")
            let label = String(format: "%.1fms %.1f/min", average * 1000, Double(durations.count) / 5)
            let row = try #require(screen.text.split(separator: "\n").first { $0.contains(label) }, "no \(label)")
            // On the line of the edge, right before its arrowhead.
            let after = row[row.range(of: label)!.upperBound...]
            #expect(after.drop { $0 == "─" }.first == "▶", "\(row)")
        }
        // Client -> front -> back, left to right on one row.
        let boxes = try #require(state.map.layout).boxes
        let names = state.map.services.nodes.map(\.title)
        #expect(names == ["Client", Self.back, Self.front])
        #expect(boxes[0].x < boxes[2].x && boxes[2].x < boxes[1].x)
        #expect(Set(boxes.map(\.y)).count == 1)
    }

    @Test func shopMapInfersAWSAndRemoteNodesAndAlignsWideNames() throws {
        var state = ExplorerFixtures.state(width: 120, height: 40, shop: true)
        try expectSnapshot(render(state).text, named: "map-shop-120x40")
        let types = Set(state.map.services.nodes.compactMap(\.type))
        #expect(types.isSuperset(of: ["AWS::DynamoDB::Table", "AWS::SQS::Queue", "AWS::S3::Bucket", "remote"]))
        expectBordersIntact(state)
        // Pan right to the far end, where the Japanese-named service is.
        for _ in 0..<10 { state.press(Key(.right, control: true)) }
        let panned = render(state)
        try expectSnapshot(panned.text, named: "map-shop-panned-120x40")
        #expect(panned.text.contains("在庫サービス"))
        expectBordersIntact(state)
    }

    /// Every box's right border is where the layout put it, on every row: a name of wide
    /// characters that was measured wrong would push it right or leave it short.
    private func expectBordersIntact(_ state: AppState, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let layout = state.map.layout, state.map.density != .dense else { return }
        let screen = render(state)
        let area = MapGeometry.mapArea(state)
        let origin = MapGeometry.origin(state, layout, in: Rect(x: 0, y: 0, width: area.width, height: area.height))
        for box in layout.boxes {
            let x = area.x + origin.x + box.maxX - 1
            guard x >= area.x, x < area.maxX else { continue }
            for row in box.y..<box.maxY {
                let y = area.y + origin.y + row
                guard y >= area.y, y < area.maxY else { continue }
                #expect(
                    "│╮╯║╗╝┃┓┛".contains(screen[x, y].grapheme), "row \(y) column \(x)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func arrowsMoveByDirectionAndTabCyclesNodesThenEdges() {
        var state = ExplorerFixtures.state(width: 120, height: 40)
        #expect(state.map.selection == nil && MapGeometry.panelArea(state) == nil)
        state.press(Key(.right))
        #expect(state.map.selection == .node("AWS::EKS::Container|\(Self.front)"), "the first key selects the entry")
        state.press(.char("l"))
        #expect(state.map.selection == .node("AWS::EKS::Container|\(Self.back)"))
        state.press(.char("h"), .char("h"))
        #expect(state.map.selection == .node("client|\(Self.front)"))
        state.press(.char("h"), .char("k"), .char("j"))
        #expect(state.map.selection == .node("client|\(Self.front)"), "nothing further that way")
        state.press(.char("l"), .char("l"))
        #expect(state.map.selection == .node("AWS::EKS::Container|\(Self.back)"))

        var seen: [MapSelection?] = []
        for _ in 0..<6 {
            state.press(Key(.tab))
            seen.append(state.map.selection)
        }
        let client = "client|\(Self.front)"
        let front = "AWS::EKS::Container|\(Self.front)"
        let back = "AWS::EKS::Container|\(Self.back)"
        #expect(
            seen == [
                .edge(from: client, to: front), .edge(from: front, to: back), .node(client), .node(front),
                .node(back), .edge(from: client, to: front),
            ])
        state.press(Key(.backTab))
        #expect(state.map.selection == .node(back))
        #expect(render(state).text.contains("┌─ \(Self.back) "), "the side panel is titled with the node")
        state.press(Key(.escape))
        #expect(state.map.selection == nil)
    }

    @Test func enterAndFOpenTheTracesOfANodeOrEdge() throws {
        var state = ExplorerFixtures.state(width: 120, height: 40)
        state.press(Key(.right), Key(.right))
        var effects = state.press(Key(.enter))
        #expect(state.tab == .traces && state.filter == #"service("\#(Self.back)")"#)
        #expect(effects == [.load(window: .whole, filter: state.filter, now: state.now)])

        state.press(.char("1"), .char("f"))
        let faults = state.filter
        #expect(faults == #"service("\#(Self.back)") { fault }"#)
        // The filter means what the user asked: traces where the back end itself faulted.
        let expected = ExplorerFixtures.traces.filter { trace in
            trace.segments.contains { $0.document.name == Self.back && $0.document.fault == true }
        }
        let expression = try FilterExpression(parsing: faults)
        #expect(!expected.isEmpty)
        #expect(
            ExplorerFixtures.traces.filter { expression.matches($0) }.map(\.id).sorted() == expected.map(\.id).sorted())

        state.press(.char("1"), Key(.escape), Key(.tab), Key(.tab), Key(.tab), Key(.tab), Key(.tab))
        #expect(state.map.selectedEdge != nil)
        effects = state.press(Key(.enter))
        #expect(state.filter == #"edge("\#(Self.front)", "\#(Self.back)")"#)
        #expect(effects.count == 1)
        #expect(try FilterExpression(parsing: state.filter).needsTrace)

        // The client has no filter of its own: Enter just shows the traces.
        state.press(.char("1"), Key(.escape), Key(.tab))
        #expect(state.map.selection == .node("client|\(Self.front)"))
        #expect(state.press(Key(.enter)).isEmpty && state.tab == .traces)
    }

    @Test func zoomLegendAndPanning() throws {
        var state = ExplorerFixtures.state(width: 120, height: 40, shop: true)
        #expect(state.map.density == .compact, "the shop does not fit in detail at 120x40")
        state.press(.char("-"))
        #expect(state.map.density == .dense)
        state.press(.char("-"))
        #expect(state.map.density == .dense)
        state.press(.char("+"), .char("+"))
        #expect(state.map.density == .detailed && state.map.chosenDensity == .detailed)
        let layout = state.map.layout!
        #expect(layout.width > 120 && layout.routes.allSatisfy { $0.label != nil })

        #expect(state.map.panX == 0)
        state.press(Key(.right, control: true))
        #expect(state.map.panX > 0)
        for _ in 0..<50 { state.press(Key(.right, control: true), Key(.down, control: true)) }
        let area = MapGeometry.mapArea(state)
        #expect(state.map.panX == layout.width + 2 - area.width)
        #expect(state.map.panY == max(0, layout.height + 2 - area.height))
        for _ in 0..<50 { state.press(.alt("h"), .alt("k")) }
        #expect(state.map.panX == 0 && state.map.panY == 0)

        state.press(.char("L"))
        let legend = render(state)
        #expect(legend.text.contains("Legend (L closes)"))
        // The health bar's key shows each class in its own colour.
        let row = try #require((0..<legend.height).first { legend.row(at: $0).contains("█ ok") })
        let blocks = (0..<legend.width).filter { legend[$0, row].grapheme == "█" }.map { legend[$0, row].style.role }
        #expect(blocks == [.barOK, .barError, .barThrottle, .barFault])
        state.press(.char("L"))
        #expect(!render(state).text.contains("Legend"))
    }

    @Test func selectingANodeOffScreenPansToIt() {
        var state = ExplorerFixtures.state(width: 80, height: 24, shop: true)
        let layout = state.map.layout!
        for _ in 0..<40 { state.press(.char("l")) }
        guard let node = state.map.selectedNode else {
            Issue.record("nothing selected")
            return
        }
        let box = layout.boxes[node]
        let area = MapGeometry.mapArea(state)
        let origin = MapGeometry.origin(state, layout, in: Rect(x: 0, y: 0, width: area.width, height: area.height))
        #expect(origin.x + box.x >= 0 && origin.x + box.maxX <= area.width)
        #expect(origin.y + box.y >= 0 && origin.y + box.maxY <= area.height)
    }

    @Test func clickingABoxSelectsItAndClickingAwayClears() throws {
        var state = ExplorerFixtures.state(width: 120, height: 40)
        let layout = try #require(state.map.layout)
        let area = MapGeometry.mapArea(state)
        let origin = MapGeometry.origin(state, layout, in: Rect(x: 0, y: 0, width: area.width, height: area.height))
        let box = layout.boxes[1]
        _ = update(
            &state, .mouse(MouseEvent(.press, x: area.x + origin.x + box.x + 2, y: area.y + origin.y + box.y + 1)))
        #expect(state.map.selectedNode == 1)
        _ = update(&state, .mouse(MouseEvent(.press, x: 1, y: 3)))
        #expect(state.map.selection == nil)
    }

    @Test func newNumbersKeepTheLayoutAndTheSelection() {
        var state = ExplorerFixtures.state(width: 120, height: 40)
        state.press(Key(.right))
        let layout = state.map.layout
        let selection = state.map.selection
        let half = Array(ExplorerFixtures.traces.prefix(ExplorerFixtures.traces.count / 2))
        _ = update(&state, .loaded(ExplorerFixtures.loaded(half)))
        #expect(state.map.layout == layout && state.map.selection == selection)
        #expect(state.map.services.nodes[1].statistics.total < ExplorerFixtures.traces.count)
        // A graph without the selected node drops the selection and lays out again.
        _ = update(&state, .loaded(ExplorerFixtures.loaded(ExplorerFixtures.shopTraces)))
        #expect(state.map.selection == nil && state.map.layout != layout)
    }

    @Test func aFilterAppliesToTheMap() async throws {
        let store = TraceStore(name: "fixture")
        for trace in ExplorerFixtures.traces { await store.ingest(trace.documents) }
        let all = await ExplorerRunner.load(store, window: .whole, filter: "", now: 0)
        let faults = await ExplorerRunner.load(store, window: .whole, filter: "http.status = 500", now: 0)
        func clientCalls(_ result: LoadResult) -> Int? {
            let client = result.graph?.Services?.first { $0.Type == "client" }
            return client?.Edges?.first?.SummaryStatistics?.TotalCount
        }
        #expect(clientCalls(all) == ExplorerFixtures.traces.count)
        #expect(faults.summaries.count > 0 && faults.summaries.count < ExplorerFixtures.traces.count)
        #expect(clientCalls(faults) == faults.summaries.count)
    }

    @Test func withoutColoursTheHealthBarsUseShades() {
        var state = ExplorerFixtures.state(width: 120, height: 40)
        #expect(!render(state).text.contains("░"))
        state.monochrome = true
        let text = render(state).text
        // Mostly ok (light shade) with some faults (full block): shape carries what colour would.
        #expect(text.contains("░") && text.contains("█"))
    }

    @Test func namesAreCutAtTheEndUnlessThatMakesTwoTheSame() {
        let names = MapView.shortNames([Self.front, Self.back, "pricing@pricing-db.example.com", "cart"], width: 13)
        #expect(names == ["x-ray-…nt-k8s", "x-ray-…ck-k8s", "pricing@pric…", "cart"])
    }

    @Test func tinyScreensAndEmptyGraphsDoNotBreakTheMap() {
        for (width, height) in [(40, 10), (41, 11), (60, 12)] {
            var state = ExplorerFixtures.state(width: width, height: height, shop: true)
            state.press(Key(.tab), Key(.right), .char("L"))
            let screen = render(state)
            #expect(screen.width == width && screen.height == height)
            // Still the explorer, not the too-small message: the legend and the status bar show.
            #expect(screen.text.contains("Legend") && screen.row(at: height - 1).contains("traces"))
        }
        var empty = AppState(sourceName: "empty", isLive: false, window: .whole, width: 80, height: 20, now: 0)
        _ = update(&empty, .loaded(LoadResult(window: ExplorerFixtures.window, summaries: [], graph: nil, error: nil)))
        empty.press(Key(.tab), Key(.right), .char("+"), Key(.enter))
        #expect(render(empty).text.contains("no services in this window"))
    }
}
