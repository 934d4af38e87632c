import Foundation
import Testing
import XRayModel

@testable import Explorer

@Suite struct TimelineModelTests {
    static let traceID = "1-5f000000-00000000000000000000ab01"

    /// One document as JSON. `end: nil` makes it in progress; `extra` is raw JSON fields.
    static func doc(
        _ id: String, parent: String? = nil, name: String, start: Double, end: Double?, standalone: Bool = false,
        extra: String = "", children: [String] = []
    ) -> String {
        var fields = [
            #""id":"\#(id)""#, #""trace_id":"\#(traceID)""#, #""name":"\#(name)""#, #""start_time":\#(start)"#,
        ]
        if let end { fields.append(#""end_time":\#(end)"#) } else { fields.append(#""in_progress":true"#) }
        if let parent { fields.append(#""parent_id":"\#(parent)""#) }
        if standalone { fields.append(#""type":"subsegment""#) }
        if !extra.isEmpty { fields.append(extra) }
        if !children.isEmpty { fields.append(#""subsegments":[\#(children.joined(separator: ","))]"#) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func trace(_ jsons: [String]) throws -> Trace {
        var documents = TraceDocuments(traceID: traceID)
        for json in jsons { _ = documents.insert(try DocumentParser.parse(json).get()) }
        return documents.assemble()
    }

    static func names(_ trace: Trace, _ indices: some Sequence<Int>) -> [String] {
        indices.map { trace.spans[$0].document.name }
    }

    /// front calls back through the `call-back` subsegment; an orphan (with a child) ends last of all.
    /// `db` is a SQL call, so X-Ray infers a database node from it: row 9, shown under `db`.
    ///
    ///     0 front        0–10              (segment)
    ///     1   auth       0.5–2    404
    ///     2   call-back  2–9               → back
    ///     3     serialize 2.1–2.5
    ///     4 back         2.5–8.5           (segment, called by call-back)
    ///     5   cache      2.6–3    429
    ///     6   db         3–8.4    fault
    ///     9     db       3–8.4    fault    (inferred: Database::SQL)
    ///     7 lost         1–20     fault    (orphan)
    ///     8   lost-child 1.5–19
    static func downstream() throws -> Trace {
        let front = doc(
            "f000000000000001", name: "front", start: 0, end: 10,
            extra: #""annotations":{"customer":"Alice","items":3,"vip":true}"#,
            children: [
                doc(
                    "f100000000000001", name: "auth", start: 0.5, end: 2,
                    extra: #""http":{"request":{"url":"https://auth.example/login"},"response":{"status":404}}"#),
                doc(
                    "f200000000000001", name: "call-back", start: 2, end: 9,
                    extra: #""http":{"request":{"url":"http://back.internal/orders"}}"#,
                    children: [doc("f300000000000001", name: "serialize", start: 2.1, end: 2.5)]),
            ])
        let back = doc(
            "b000000000000001", parent: "f200000000000001", name: "back", start: 2.5, end: 8.5,
            children: [
                doc(
                    "b100000000000001", name: "cache", start: 2.6, end: 3,
                    extra: #""http":{"response":{"status":429}},"aws":{"operation":"GetItem"}"#),
                doc(
                    "b200000000000001", name: "db", start: 3, end: 8.4,
                    extra: #""fault":true,"sql":{"sanitized_query":"SELECT * FROM orders","url":"postgres://db/shop"}"#),
            ])
        let lost = doc(
            "c000000000000001", parent: "ffffffffffffffff", name: "lost", start: 1, end: 20, standalone: true,
            extra: #""fault":true"#,
            children: [doc("c100000000000001", name: "lost-child", start: 1.5, end: 19)])
        return try trace([front, back, lost])
    }

    @Test func displayOrderIsDepthFirstWithCalledSegmentsAtTopLevel() throws {
        let trace = try Self.downstream()
        #expect(
            Self.names(trace, trace.spans.indices) == [
                "front", "auth", "call-back", "serialize", "back", "cache", "db", "lost", "lost-child",
            ])
        #expect(trace.spans.map(\.depth) == [0, 1, 1, 2, 0, 1, 1, 0, 1])
        #expect(trace.spans[4].callerIndex == 2)
        #expect(trace.spans[7].isOrphan)
        let model = TimelineModel(trace: trace)
        // The display tree agrees with the assembled tree for every subsegment.
        for index in trace.spans.indices {
            #expect(model.ancestors(of: index) == Array(trace.pathFromSegment(to: index).dropLast()))
        }
    }

    @Test func criticalPathCrossesIntoTheCalledSegmentAndSkipsOrphans() throws {
        let trace = try Self.downstream()
        let model = TimelineModel(trace: trace)
        // front → call-back (ends 9, after auth) → back (ends 8.5, after serialize) → db (8.4, after
        // cache), and the database inferred from db, which the trace waited on last.
        #expect(model.criticalPath == [0, 2, 4, 6, 9])
        #expect(model.inferredNode(9)?.call == 6)
    }

    @Test func fanOutPicksTheLaterEndingBranchAndBreaksTiesByDisplayOrder() throws {
        let root = Self.doc(
            "a000000000000001", name: "root", start: 0, end: 5,
            children: [
                Self.doc(
                    "a100000000000001", name: "early", start: 1, end: 3,
                    children: [Self.doc("a110000000000001", name: "early-inner", start: 1.1, end: 2.9)]),
                Self.doc(
                    "a200000000000001", name: "late", start: 1, end: 4.5,
                    children: [
                        Self.doc("a210000000000001", name: "late-a", start: 1.2, end: 4),
                        Self.doc("a220000000000001", name: "late-b", start: 1.3, end: 4.2),
                    ]),
                Self.doc("a300000000000001", name: "late-tie", start: 1.5, end: 4.5),
            ])
        let trace = try Self.trace([root])
        let model = TimelineModel(trace: trace)
        #expect(Self.names(trace, model.criticalPath.sorted()) == ["root", "late", "late-b"])
    }

    @Test func inProgressSpansEndAtTheTraceEnd() throws {
        let root = Self.doc(
            "e000000000000001", name: "root", start: 0, end: nil,
            children: [
                Self.doc("e100000000000001", name: "done", start: 0.1, end: 2),
                Self.doc(
                    "e200000000000001", name: "running", start: 0.2, end: nil,
                    children: [
                        Self.doc("e210000000000001", name: "finished-late", start: 0.3, end: 3),
                        Self.doc("e220000000000001", name: "still-running", start: 0.4, end: nil),
                    ]),
            ])
        let trace = try Self.trace([root])
        #expect(trace.endTime == 3)
        let model = TimelineModel(trace: trace)
        // `running` counts as ending at 3 (beats `done`); below it `finished-late` (3) ties with
        // `still-running` (trace end, 3) and wins by display order.
        #expect(Self.names(trace, model.criticalPath.sorted()) == ["root", "running", "finished-late"])
        // A lone in-progress segment is its own critical path.
        let lone = try Self.trace([Self.doc("e300000000000001", name: "lone", start: 1, end: nil)])
        #expect(TimelineModel(trace: lone).criticalPath == [0])
    }

    @Test func folding() throws {
        let model = TimelineModel(trace: try Self.downstream())
        let all = [0, 1, 2, 3, 4, 5, 6, 9, 7, 8]
        #expect(model.visibleRows(collapsed: []) == all)
        #expect(model.foldable == [0, 2, 4, 6, 7])
        #expect((0..<10).filter(model.hasChildren) == [0, 2, 4, 6, 7])
        #expect(!model.hasChildren(-1) && !model.hasChildren(10))
        // A middle node hides only its own subtree: the segment it called stays visible.
        #expect(model.visibleRows(collapsed: [2]) == [0, 1, 2, 4, 5, 6, 9, 7, 8])
        #expect(model.visibleRows(collapsed: [0]) == [0, 4, 5, 6, 9, 7, 8])
        // Nested collapses: the outer one wins while set; the inner one still applies alone.
        #expect(model.visibleRows(collapsed: [0, 2]) == [0, 4, 5, 6, 9, 7, 8])
        #expect(model.visibleRows(collapsed: [2, 4]) == [0, 1, 2, 4, 7, 8])
        // An inferred node folds with its subsegment.
        #expect(model.visibleRows(collapsed: [6]) == [0, 1, 2, 3, 4, 5, 6, 7, 8])
        // Leaves in `collapsed` change nothing; fold all leaves only the top level.
        #expect(model.visibleRows(collapsed: [1, 3, 8, 9]) == all)
        #expect(model.visibleRows(collapsed: Set(model.foldable)) == [0, 4, 7])
        #expect(model.ancestors(of: 3) == [0, 2])
        #expect(model.ancestors(of: 6) == [4])
        #expect(model.ancestors(of: 9) == [4, 6])
        #expect(model.ancestors(of: 8) == [7])
        #expect(model.ancestors(of: 0).isEmpty && model.ancestors(of: 99).isEmpty)
    }

    @Test func problemNavigationWrapsBothWays() throws {
        let model = TimelineModel(trace: try Self.downstream())
        #expect(model.problems == [1, 5, 6, 7])
        #expect(model.problem(after: nil, backwards: false) == 1)
        #expect(model.problem(after: nil, backwards: true) == 7)
        #expect(model.problem(after: 1, backwards: false) == 5)
        #expect(model.problem(after: 2, backwards: false) == 5)
        #expect(model.problem(after: 6, backwards: false) == 7)
        #expect(model.problem(after: 7, backwards: false) == 1)
        #expect(model.problem(after: 8, backwards: false) == 1)
        #expect(model.problem(after: 7, backwards: true) == 6)
        #expect(model.problem(after: 4, backwards: true) == 1)
        #expect(model.problem(after: 1, backwards: true) == 7)
        #expect(model.problem(after: 0, backwards: true) == 7)
        // From the inferred row under db (6): it sits between db and lost (7) in display order,
        // and is not a problem itself (its subsegment is).
        #expect(!model.problems.contains(9))
        #expect(model.problem(after: 9, backwards: false) == 7)
        #expect(model.problem(after: 9, backwards: true) == 6)
        let clean = TimelineModel(trace: try Self.trace([Self.doc("d000000000000001", name: "ok", start: 0, end: 1)]))
        #expect(clean.problems.isEmpty)
        #expect(clean.problem(after: nil, backwards: false) == nil)
        #expect(clean.problem(after: 0, backwards: true) == nil)
        // A single problem wraps to itself.
        let single = TimelineModel(
            trace: try Self.trace([Self.doc("d000000000000002", name: "bad", start: 0, end: 1, extra: #""error":true"#)]
            ))
        #expect(single.problem(after: 0, backwards: false) == 0)
        #expect(single.problem(after: 0, backwards: true) == 0)
    }

    @Test func searchMatchesNamesURLsSQLOperationsAndAnnotations() throws {
        let model = TimelineModel(trace: try Self.downstream())
        #expect(model.search("SERIAL") == [3])
        #expect(model.search("back") == [2, 4])  // the URL of call-back, the name of back
        #expect(model.search("auth.example") == [1])
        #expect(model.search("from ORDERS") == [6])
        #expect(model.search("postgres://") == [6])
        #expect(model.search("getitem") == [5])
        #expect(model.search("customer") == [0])  // annotation key
        #expect(model.search("alice") == [0])  // string value
        #expect(model.search("3") == [0])  // the numeric annotation value 3, written without a fraction
        #expect(model.search("TRUE") == [0])
        #expect(model.search("lost") == [7, 8])
        // The inferred database is found by its name and type, in display order after db.
        #expect(model.search("db") == [6, 9])
        #expect(model.search("database::sql") == [9])
        #expect(model.search("").isEmpty)
        #expect(model.search("nothing-like-this").isEmpty)
    }

    /// A DynamoDB call and a remote API call whose callees sent nothing: each gets the node
    /// XRayModel infers for it (the same documents BatchGetTraces adds) as a row right under it.
    ///
    ///     0 api            0–5
    ///     1   DynamoDB     0.1–1    400    (aws, table orders)
    ///     4     orders                     (inferred AWS::DynamoDB::Table)
    ///     2   payments-api 1–4.5    fault  (remote)
    ///     5     payments-api                (inferred remote)
    ///     3   local-work   4.5–4.4
    @Test func inferredNodesAreRowsUnderTheCallTheyWereInferredFrom() throws {
        let api = Self.doc(
            "a000000000000001", name: "api", start: 0, end: 5,
            children: [
                Self.doc(
                    "a100000000000001", name: "DynamoDB", start: 0.1, end: 1,
                    extra: #""namespace":"aws","aws":{"operation":"Query","table_name":"orders"},"#
                        + #""http":{"response":{"status":400}}"#),
                Self.doc(
                    "a200000000000001", name: "payments-api", start: 1, end: 4.5,
                    extra: #""namespace":"remote","fault":true,"http":{"request":{"url":"https://pay.example/charge"}}"#
                ),
                Self.doc("a300000000000001", name: "local-work", start: 1.5, end: 4.4),
            ])
        let trace = try Self.trace([api])
        let model = TimelineModel(trace: trace)
        #expect(model.inferred.map(\.call) == [1, 2])
        #expect(model.inferred.map(\.document) == trace.inferredSegments.map(\.document))
        #expect(model.order == [0, 1, 4, 2, 5, 3])
        #expect(model.visibleRows(collapsed: []) == [0, 1, 4, 2, 5, 3])
        #expect(model.isInferred(4) && model.isInferred(5) && !model.isInferred(3) && !model.isInferred(6))
        #expect(model.document(4).name == "orders" && model.document(4).origin == "AWS::DynamoDB::Table")
        #expect(model.document(5).name == "payments-api" && model.document(5).origin == "remote")
        for (row, call) in [(4, 1), (5, 2)] {
            let called = trace.spans[call].document
            #expect(model.document(row).startTime == called.startTime && model.document(row).endTime == called.endTime)
            #expect(model.document(row).statusClass == called.statusClass)
            #expect(model.depth(row) == trace.spans[call].depth + 1)
            #expect(model.ancestors(of: row) == [0, call])
        }
        // Folding the call hides its node; the calls become foldable because of them.
        #expect(model.foldable == [0, 1, 2])
        #expect(model.visibleRows(collapsed: [1]) == [0, 1, 2, 5, 3])
        // Problems are the calls, not their nodes too; the critical path goes api → payments-api
        // (ends last) and on into the remote API it waited for, but not into the DynamoDB table.
        #expect(model.problems == [1, 2])
        #expect(model.criticalPath == [0, 2, 5])
        #expect(model.search("orders") == [4])
        #expect(model.search("AWS::DynamoDB") == [4])
        #expect(model.search("pay.example") == [2], "the URL is the call's; the node copies it but is found by name")
        #expect(model.search("payments") == [2, 5])
    }

    @Test func neighboursGoInDisplayOrderWhateverIsFolded() throws {
        let model = TimelineModel(trace: try Self.downstream())
        // Display order: 0 1 2 3 4 5 6 9 7 8.
        let rows = [3, 9, 8]
        #expect(model.neighbour(of: nil, in: rows, backwards: false) == 3)
        #expect(model.neighbour(of: nil, in: rows, backwards: true) == 8)
        #expect(model.neighbour(of: 6, in: rows, backwards: false) == 9)
        #expect(model.neighbour(of: 9, in: rows, backwards: false) == 8)
        #expect(model.neighbour(of: 7, in: rows, backwards: true) == 9)
        #expect(model.neighbour(of: 9, in: rows, backwards: true) == 3)
        #expect(model.neighbour(of: 8, in: rows, backwards: false) == 3)
        #expect(model.neighbour(of: 0, in: rows, backwards: true) == 8)
        #expect(model.neighbour(of: 0, in: [], backwards: false) == nil)
    }

    /// One segment with 1,000 subsegments of 99 subsegments each (100,000 subsegments). Group 417
    /// ends last, and within it child 42.
    @Test func hundredThousandSubsegments() {
        var groups: [SegmentDocument] = []
        groups.reserveCapacity(1000)
        for group in 0..<1000 {
            let start = Double(group) * 0.01
            var sub = SegmentDocument(
                kind: .subsegment, id: String(format: "%016x", 0x1_0000 + group), name: "group-\(group)",
                startTime: start, endTime: group == 417 ? 100 : start + 0.5)
            for child in 0..<99 {
                let childStart = start + Double(child) * 0.0001
                sub.subsegments.append(
                    SegmentDocument(
                        kind: .subsegment, id: String(format: "%016x", 0x100_0000 + group * 100 + child),
                        name: "child-\(group)-\(child)", startTime: childStart,
                        endTime: group == 417 && child == 42 ? 99 : childStart + 0.001))
            }
            groups.append(sub)
        }
        var root = SegmentDocument(
            kind: .segment, id: "0000000000000001", traceID: Self.traceID, name: "root", startTime: 0, endTime: 101)
        root.subsegments = groups
        let trace = TraceDocuments(traceID: Self.traceID, documents: [StoredDocument(document: root, raw: "{}")])
            .assemble()
        #expect(trace.spans.count == 100_001)

        let clock = ContinuousClock()
        var model: TimelineModel?
        let built = clock.measure { model = TimelineModel(trace: trace) }
        guard let model else { return }
        var all: [Int] = []
        var folded: [Int] = []
        let rows = clock.measure {
            all = model.visibleRows(collapsed: [])
            folded = model.visibleRows(collapsed: Set(model.foldable))
        }
        print(
            "TimelineModel over \(trace.spans.count) spans: init (incl. critical path) \(built), visibleRows ×2 \(rows)"
        )
        #expect(all.count == 100_001)
        #expect(folded == [0])  // the root is foldable and hides everything
        #expect(model.foldable.count == 1001)
        #expect(model.visibleRows(collapsed: Set(model.foldable.dropFirst())).count == 1001)
        let group = 1 + 417 * 100
        #expect(model.criticalPath == [0, group, group + 1 + 42])
        #expect(model.ancestors(of: group + 1 + 42) == [0, group])
    }
}
