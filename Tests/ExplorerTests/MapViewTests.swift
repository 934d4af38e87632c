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

    /// The side panel of the front end, over the hour of the sample file: its numbers are
    /// counted here from the trace summaries (the front end is every trace's entry point).
    @Test func theSidePanelOfTheFrontEnd() async throws {
        var state = await SampleFileFixture.state()
        for _ in 0..<3 where state.map.selectedNode.map({ state.map.services.nodes[$0].title }) != Self.front {
            state.press(Key(.tab))
        }
        let screen = render(state)
        try expectSnapshot(screen.text, named: "map-eks-panel-120x40")
        let summaries = state.summaries
        #expect(summaries.count == 3600)
        func count(_ test: (Int) -> Bool) -> Int { summaries.count { $0.Http?.HttpStatus.map(test) ?? false } }
        let ok = count { $0 < 400 }
        let throttled = count { $0 == 429 }
        let errors = count { $0 >= 400 && $0 < 500 } - throttled
        let faults = count { $0 >= 500 }
        #expect(ok + errors + throttled + faults == 3600)
        #expect(screen.text.contains("requests  3600  (60.0/min)"))
        #expect(screen.text.contains("ok \(ok)  4xx \(errors)  429 \(throttled)  5xx \(faults)"), "\(screen.text)")
        // The histogram is drawn in block characters, its percentiles near the summaries' own.
        #expect(screen.text.contains("RESPONSE TIME") && screen.text.contains("▇"))
        let times = summaries.compactMap(\.ResponseTime).sorted()
        let p50Line = try #require(
            screen.text.split(separator: "\n").first { $0.contains("p50 ") && $0.contains("p99 ") })
        let p50 = try #require(Double(p50Line.split(separator: "p50 ")[1].prefix { $0.isNumber || $0 == "." }))
        #expect(abs(p50 / 1000 - times[times.count / 2]) < 0.001, "\(p50Line) vs \(times[times.count / 2])")
        // Top URLs: the paths of the traces through the node, most frequent first.
        var byURL: [String: Int] = [:]
        for summary in summaries {
            byURL[URL(string: summary.Http?.HttpURL ?? "")?.path ?? "", default: 0] += 1
        }
        let top = byURL.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(3)
        let panelRows = screen.text.split(separator: "\n").map { String($0) }
        let urlRows = try #require(panelRows.firstIndex { $0.contains("TOP URLS") })
        for (offset, (path, count)) in top.enumerated() {
            let row = panelRows[urlRows + 1 + offset]
            #expect(row.contains(" \(count)  \(path.isEmpty ? "/" : path) "), "\(row)")
        }
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

    /// On a screen big enough for the detailed boxes, each shows its type: the inferred AWS
    /// resources, the remote API, and services named in Korean and Japanese, borders aligned.
    @Test func theShopMapInDetail() throws {
        var state = ExplorerFixtures.state(width: 360, height: 58, shop: true)
        if state.map.density != .detailed { state.press(.char("+")) }
        #expect(state.map.density == .detailed)
        let text = render(state).text
        try expectSnapshot(text, named: "map-shop-detailed-360x58")
        for type in ["DynamoDB Table", "SQS Queue", "S3 Bucket", "remote API", "EKS Container", "client"] {
            #expect(text.contains(type), "\(type)")
        }
        #expect(text.contains("주문-서비스") && text.contains("在庫サービス"))
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
        state.press(.char("1"), .char("f"))
        #expect(state.tab == .map && state.notice == "the client has no faults of its own; select a service")
    }

    /// A Lambda service and its function share a name: filters name each by its type too, as
    /// X-Ray's `id(name:, type:)` does, for nodes and for both ends of an edge.
    @Test func sameNamedNodesAreToldApartByType() throws {
        func service(_ id: Int, _ name: String, _ type: String, calls: [Int]) -> API.Service {
            var service = API.Service()
            service.ReferenceId = id
            service.Name = name
            service.Type = type
            service.Edges = calls.map { target in
                var edge = API.Edge()
                edge.ReferenceId = target
                return edge
            }
            return service
        }
        var graph = API.GetServiceGraphResult()
        graph.Services = [
            service(0, "client", "client", calls: [1]), service(1, "orders", "AWS::Lambda", calls: [2]),
            service(2, "orders", "AWS::Lambda::Function", calls: [3]),
            service(3, "orders-table", "AWS::DynamoDB::Table", calls: []),
        ]
        let map = ServiceMap(graph)
        func edge(_ from: String, _ to: String) throws -> ServiceMap.Edge {
            try #require(map.edges.first { map.nodes[$0.from].type == from && map.nodes[$0.to].type == to })
        }
        let function = try #require(map.nodes.firstIndex { $0.type == "AWS::Lambda::Function" })
        let filters = [
            map.filter(for: function),
            map.filter(forEdge: try edge("AWS::Lambda", "AWS::Lambda::Function")),
            map.filter(forEdge: try edge("AWS::Lambda::Function", "AWS::DynamoDB::Table")),
            map.filter(forEdge: try edge("client", "AWS::Lambda")),
        ]
        #expect(
            filters == [
                #"service(id(name: "orders", type: "AWS::Lambda::Function"))"#,
                #"edge(id(name: "orders", type: "AWS::Lambda"), id(name: "orders", type: "AWS::Lambda::Function"))"#,
                #"edge(id(name: "orders", type: "AWS::Lambda::Function"), "orders-table")"#,
                #"service(id(name: "orders", type: "AWS::Lambda"))"#,
            ])
        for filter in filters.compactMap({ $0 }) { _ = try FilterExpression(parsing: filter) }
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
        // `0` lets the map choose the density that fits again, also after a resize.
        state.press(.char("0"))
        #expect(state.map.chosenDensity == nil && state.map.density == .compact)
        _ = update(&state, .resize(width: 360, height: 58))
        #expect(state.map.density == .detailed)
    }

    /// Past 5 % faults a node stands out: a heavy border in the fault colour. Its health bar
    /// shows each class in its own colour.
    @Test func faultyNodesStandOut() throws {
        func statistics(ok: Int, faults: Int, throttles: Int = 0, errors: Int = 0) -> NodeStatistics {
            var api = API.Statistics()
            api.TotalCount = ok + faults + throttles + errors
            api.OkCount = ok
            var faultStatistics = API.FaultStatistics()
            faultStatistics.TotalCount = faults
            api.FaultStatistics = faultStatistics
            var errorStatistics = API.ErrorStatistics()
            errorStatistics.TotalCount = errors + throttles
            errorStatistics.ThrottleCount = throttles
            api.ErrorStatistics = errorStatistics
            return NodeStatistics(api)
        }
        #expect(statistics(ok: 95, faults: 5).health == .nodeOK, "exactly 5 % is not past it")
        #expect(statistics(ok: 94, faults: 6).health == .nodeFault)
        #expect(statistics(ok: 90, faults: 4, throttles: 6).health == .nodeThrottle)
        #expect(statistics(ok: 90, faults: 4, errors: 6).health == .nodeError)
        #expect(statistics(ok: 80, faults: 6, throttles: 7, errors: 7).health == .nodeFault, "faults first")

        let state = ExplorerFixtures.state(width: 360, height: 58, shop: true)
        let screen = render(state)
        let area = MapGeometry.mapArea(state)
        let layout = try #require(state.map.layout)
        let origin = MapGeometry.origin(state, layout, in: Rect(x: 0, y: 0, width: area.width, height: area.height))
        var faulty = 0
        for (node, box) in zip(state.map.services.nodes, layout.boxes) {
            let corner = screen[area.x + origin.x + box.x, area.y + origin.y + box.y]
            if node.statistics.health == .nodeFault {
                faulty += 1
                #expect(corner.grapheme == "┏" && corner.style.role == .nodeFault, "\(node.title)")
            } else {
                #expect(corner.grapheme == "╭", "\(node.title)")
            }
            // The bar is the box's last inner row.
            let barY = area.y + origin.y + box.maxY - 2
            let roles = Set((box.x + 1..<box.maxX - 1).map { screen[area.x + origin.x + $0, barY].style.role })
            #expect(roles.contains(.barOK), "\(node.title)")
            if node.statistics.mix.fault * 44 > node.statistics.total {  // at least half a cell of 22
                #expect(roles.contains(.barFault), "\(node.title): \(roles)")
            }
        }
        #expect(faulty > 0, "the shop has a failing node")
    }

    /// The selected box is panned into view beside the side panel, never under it (down to
    /// screens where the map keeps only a sliver beside the panel).
    @Test(arguments: [80, 70, 64])
    func selectingANodeOffScreenPansToIt(width: Int) throws {
        var state = ExplorerFixtures.state(width: width, height: 24, shop: true)
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
        let panel = try #require(MapGeometry.panelArea(state))
        #expect(area.x + origin.x + box.maxX <= panel.x, "the box is left of the panel")
    }

    /// A map of 150 services is far larger than the screen: at every density, Tab reaches every
    /// node and each selected box is panned fully into view.
    @Test func aHundredAndFiftyNodeMapIsNavigableAtEveryDensity() throws {
        var graph = API.GetServiceGraphResult()
        var services: [API.Service] = []
        for id in 0..<150 {
            var service = API.Service()
            service.ReferenceId = id
            service.Name = id == 0 ? "client" : "service-\(id)"
            service.Type = id == 0 ? "client" : "AWS::EKS::Container"
            // Each service calls two of the next fifteen: a deep, wide, layered graph.
            service.Edges = [id * 7 % 15 + 1, id * 11 % 15 + 1].map { step in
                var edge = API.Edge()
                edge.ReferenceId = min(149, id + step)
                return edge
            }.filter { $0.ReferenceId != id }
            services.append(service)
        }
        graph.Services = services
        var state = AppState(
            sourceName: "generated", isLive: false, window: .whole, width: 120, height: 40, now: 0)
        _ = update(
            &state, .loaded(LoadResult(window: TimeWindow(start: 0, end: 60), summaries: [], graph: graph, error: nil)))
        #expect(state.map.services.nodes.count == 150)
        #expect(state.map.density == .dense, "past 60 nodes a map that fits nowhere is dense")
        for density in ["", "+", "+"] {
            if !density.isEmpty { state.press(.char(Character(density))) }
            let layout = try #require(state.map.layout)
            var seen = Set<Int>()
            for _ in 0..<150 {
                state.press(Key(.tab))
                let node = try #require(state.map.selectedNode)
                seen.insert(node)
                let box = layout.boxes[node]
                let area = MapGeometry.mapArea(state)
                let origin = MapGeometry.origin(
                    state, layout, in: Rect(x: 0, y: 0, width: area.width, height: area.height))
                #expect(origin.x + box.x >= 0 && origin.x + box.maxX <= area.width, "\(state.map.density) \(node)")
                #expect(origin.y + box.y >= 0 && origin.y + box.maxY <= area.height, "\(state.map.density) \(node)")
            }
            #expect(seen.count == 150, "\(state.map.density)")
            state.press(Key(.escape))
        }
        #expect(state.map.density == .detailed)
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

    /// Live data bringing a new service: the boxes already on screen keep their order in each
    /// column, and the newcomer is laid out among them.
    @Test func aNewServiceFindsItsPlaceWithoutReshufflingTheMap() throws {
        var state = ExplorerFixtures.state(width: 120, height: 40, shop: true)
        func boxes(_ state: AppState) throws -> [String: Rect] {
            let layout = try #require(state.map.layout)
            return Dictionary(uniqueKeysWithValues: zip(state.map.services.nodes.map(\.id), layout.boxes))
        }
        let before = try boxes(state)
        var grown = ExplorerFixtures.loaded(ExplorerFixtures.shopTraces)
        var services = try #require(grown.graph?.Services)
        var newcomer = API.Service()
        newcomer.ReferenceId = (services.compactMap(\.ReferenceId).max() ?? 0) + 1
        newcomer.Name = "recommendations"
        newcomer.Type = "AWS::EKS::Container"
        for index in services.indices where services[index].Type != "client" && services[index].Edges?.isEmpty == false
        {
            var edge = API.Edge()
            edge.ReferenceId = newcomer.ReferenceId
            services[index].Edges?.append(edge)
        }
        grown.graph?.Services = services + [newcomer]
        _ = update(&state, .loaded(grown))
        let after = try boxes(state)
        #expect(after.count == before.count + 1)
        var pairs = 0
        for (a, boxA) in before {
            for (b, boxB) in before where a < b && boxA.x == boxB.x {
                guard let newA = after[a], let newB = after[b], newA.x == newB.x else { continue }
                pairs += 1
                #expect((boxA.y < boxB.y) == (newA.y < newB.y), "\(a) and \(b) swapped")
            }
        }
        #expect(pairs > 5, "enough pairs stayed in a shared column to mean something")
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
