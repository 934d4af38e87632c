import Foundation
import TerminalKit
import Testing
import XRayModel

@testable import Explorer

/// The detail pane under the waterfall: what each tab says, scrolling, and the metadata tree.
@Suite struct TimelineDetailTests {
    /// A field line as the pane writes it: the name padded to 14 cells, then the value.
    static func field(_ name: String, _ value: String) -> String { DisplayWidth.pad(name, to: 14) + value }

    /// The state with `trace` open, `row` selected and the detail pane on `tab`.
    static func showing(_ tab: DetailTab, of row: Int, in trace: Trace, shop: Bool = false) -> AppState {
        var state = TimelineViewTests.opened(trace, shop: shop)
        state.timeline?.selected = row
        while state.timeline?.tab != tab { state.press(Key(.tab)) }
        return state
    }

    @Test func resourcesShowAWSEKSAndSQL() throws {
        let trace = try #require(
            ExplorerFixtures.shopTraces.sorted { $0.id < $1.id }.first { trace in
                trace.spans.contains { $0.document.aws?.tableName != nil }
                    && trace.spans.contains { $0.document.sql?.url != nil }
            })
        let dynamo = try #require(trace.spans.firstIndex { $0.document.aws?.tableName != nil })
        let aws = try #require(trace.spans[dynamo].document.aws)
        var text = render(Self.showing(.resources, of: dynamo, in: trace, shop: true)).text
        #expect(text.contains(Self.field("table", aws.tableName!)))
        #expect(text.contains(Self.field("operation", try #require(aws.operation))))

        let database = try #require(trace.spans.firstIndex { $0.document.sql?.url != nil })
        let sql = try #require(trace.spans[database].document.sql)
        text = render(Self.showing(.resources, of: database, in: trace, shop: true)).text
        #expect(text.contains(Self.field("sql url", sql.url!)))
        if let query = sql.sanitizedQuery { #expect(text.contains(Self.field("query", String(query.prefix(60))))) }

        let eks = TimelineViewTests.backEndFault
        let front = try #require(eks.rootIndex)
        let pod = try #require(eks.spans[front].document.aws?.eks)
        text = render(Self.showing(.resources, of: front, in: eks)).text
        #expect(text.contains(Self.field("eks pod", try #require(pod.pod))))
        #expect(text.contains(Self.field("eks cluster", try #require(pod.clusterName))))
    }

    @Test func annotationsAreSortedWithTheirTypes() throws {
        let trace = try TimelineModelTests.downstream()
        let lines = DetailPane.content(Self.showing(.annotations, of: 0, in: trace).timeline!).map(\.text)
        #expect(lines == [#"customer = "Alice""#, "items = 3", "vip = true"])
        let none = DetailPane.content(Self.showing(.annotations, of: 1, in: trace).timeline!).map(\.text)
        #expect(none == ["no annotations"])
    }

    /// The front end failed because the database call failed because its socket closed: three
    /// exceptions in three spans, linked by `cause` ids; a fourth span names one by id only.
    @Test func exceptionsFollowTheCauseChainAcrossSpans() throws {
        typealias Fixture = TimelineModelTests
        let root = Fixture.doc(
            "e000000000000001", name: "front", start: 0, end: 3,
            extra: #""fault":true,"cause":{"exceptions":[{"id":"x1","type":"OrderFailed","message":"order not placed","#
                + #""cause":"x2","stack":[{"label":"placeOrder","path":"orders.py","line":42}]}]}"#,
            children: [
                Fixture.doc(
                    "e100000000000001", name: "db", start: 0.5, end: 1,
                    extra: #""fault":true,"cause":{"exceptions":[{"id":"x2","type":"DBError","#
                        + #""message":"connection reset","cause":"x3"}]}"#),
                Fixture.doc(
                    "e200000000000001", name: "socket", start: 0.6, end: 0.9,
                    extra: #""cause":{"exceptions":[{"id":"x3","type":"SocketError","message":"peer closed"}]}"#),
                Fixture.doc("e300000000000001", name: "retry", start: 1, end: 2, extra: #""fault":true,"cause":"x2""#),
            ])
        let trace = try TimelineModelTests.trace([root])
        let front = DetailPane.content(Self.showing(.exceptions, of: 0, in: trace).timeline!).map(\.text)
        #expect(
            front == [
                "OrderFailed: order not placed", "  at placeOrder (orders.py:42)",
                "  caused by DBError: connection reset", "  caused by SocketError: peer closed",
            ])
        // An id-only cause shows the exception it names, then that one's causes.
        let retry = DetailPane.content(Self.showing(.exceptions, of: 3, in: trace).timeline!).map(\.text)
        #expect(retry == ["DBError: connection reset", "  caused by SocketError: peer closed"])
    }

    /// At 120x40 the pane shows 10 lines; the front end's Overview has 14, its response among the
    /// hidden ones. J scrolls down to them (no further than the last line), K back up.
    @Test func theDetailPaneScrollsWithShiftJAndK() throws {
        let trace = TimelineViewTests.backEndFault
        var state = TimelineViewTests.opened(trace)
        let lines = DetailPane.content(state.timeline!).map(\.text)
        #expect(lines.count == 14 && TimelineView.detailRows(state) == 10)
        let response = try #require(lines.first { $0.hasPrefix("response") })
        #expect(!render(state).text.contains(response))
        #expect(render(state).text.contains("1-10 of 14 lines · J/K scroll"))
        for _ in 0..<20 { state.press(.char("J")) }
        #expect(state.timeline?.detailScroll == 4)
        let scrolled = render(state).text
        #expect(scrolled.contains(response) && scrolled.contains(lines.last!))
        #expect(scrolled.contains("5-14 of 14 lines") && !scrolled.contains(Self.field("kind", "segment")))
        state.press(.char("K"))
        #expect(state.timeline?.detailScroll == 3)
        // Another tab or row starts at the top again.
        state.press(Key(.tab))
        #expect(state.timeline?.detailScroll == 0)
        state.press(Key(.backTab), .char("J"), .char("J"))
        #expect(state.timeline?.detailScroll == 2)
        state.press(.char("j"))
        #expect(state.timeline?.detailScroll == 0)
    }

    /// The front end's metadata is `{"default": {"backend": …, "pod": …}}`: J puts the cursor on
    /// `"default": {` and `o` folds that node alone, then opens it again.
    @Test func theMetadataTreeFoldsTheNodeAtTheCursor() throws {
        var state = TimelineViewTests.opened(TimelineViewTests.backEndFault)
        state.press(.char("o"))
        #expect(state.timeline?.tab == .metadata)
        state.press(.char("o"))  // on the document's own brace: nothing to fold
        #expect(state.timeline?.metadataToggled == [])
        state.press(.char("J"))
        #expect(state.timeline?.metadataCursor == 1)
        let open = render(state)
        let cursorRow = try #require((0..<open.height).first { open.row(at: $0).contains("▶") })
        #expect(open.row(at: cursorRow).contains(#""default": {"#))
        state.press(.char("o"))
        #expect(state.timeline?.metadataToggled == ["/default"])
        let folded = render(state).text
        #expect(folded.contains(#""default": { … 2 keys }"#) && !folded.contains(#""backend""#))
        // The cursor cannot go past the last line (the closing brace, line 2 of 3).
        for _ in 0..<5 { state.press(.char("J")) }
        #expect(state.timeline?.metadataCursor == 2)
        state.press(.char("K"), .char("o"))
        #expect(render(state).text.contains(#""backend""#))
        // `{` folds by level again, forgetting single folds.
        state.press(.char("o"), .char("{"))
        #expect(state.timeline?.metadataToggled == [])
    }
}
