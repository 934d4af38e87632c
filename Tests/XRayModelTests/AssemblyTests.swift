import Foundation
import SampleData
import Testing

@testable import XRayModel

@Suite struct AssemblyTests {
    static let traceID = "1-5f000000-0000000000000000000000aa"

    static func doc(
        _ id: String, parent: String? = nil, name: String, start: Double, end: Double?, standalone: Bool = false,
        children: String = ""
    ) -> String {
        var fields = [
            #""id":"\#(id)""#, #""trace_id":"\#(traceID)""#, #""name":"\#(name)""#, #""start_time":\#(start)"#,
        ]
        if let end { fields.append(#""end_time":\#(end)"#) } else { fields.append(#""in_progress":true"#) }
        if let parent { fields.append(#""parent_id":"\#(parent)""#) }
        if standalone { fields.append(#""type":"subsegment""#) }
        if !children.isEmpty { fields.append(#""subsegments":[\#(children)]"#) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static let inProgressFront = doc("a000000000000001", name: "front", start: 10, end: nil)
    static let front = doc(
        "a000000000000001", name: "front", start: 10, end: 11,
        children:
            #"{"id":"a100000000000001","name":"call-back","namespace":"remote","start_time":10.1,"end_time":10.9}"#)
    static let streamed = doc(
        "a200000000000001", parent: "a000000000000001", name: "streamed", start: 10.2, end: 10.3, standalone: true)
    static let nestedStreamed = doc(
        "a300000000000001", parent: "a200000000000001", name: "nested", start: 10.21, end: 10.22, standalone: true)
    static let back = doc("b000000000000001", parent: "a100000000000001", name: "back", start: 10.15, end: 10.85)
    static let all = [inProgressFront, front, streamed, nestedStreamed, back]

    /// Two standalone subsegments naming each other as parent: reached from no root, they are
    /// shown as orphans, each once, and every child link points at a real span below its parent.
    @Test func aParentIDCycleIsShownOnceWithValidLinks() throws {
        let one = Self.doc(
            "c000000000000001", parent: "c000000000000002", name: "one", start: 10.4, end: 10.5, standalone: true)
        let two = Self.doc(
            "c000000000000002", parent: "c000000000000001", name: "two", start: 10.45, end: 10.46, standalone: true)
        let documents = try ([Self.front, one, two]).map(Fixtures.stored)
        let trace = TraceDocuments(traceID: Self.traceID, documents: documents).assemble()
        #expect(trace.spans.map(\.id).sorted() == Set(trace.spans.map(\.id)).sorted())
        #expect(trace.spans.count == 4)
        for (index, span) in trace.spans.enumerated() {
            for child in span.children {
                #expect(trace.spans.indices.contains(child) && child > index)
                #expect(trace.spans[child].parentIndex == index)
            }
        }
        #expect(trace.spans.filter(\.isOrphan).map(\.document.name).sorted() == ["one", "two"])
    }

    @Test func everyPermutationGivesTheSameTrace() throws {
        let documents = try Self.all.map(Fixtures.stored)
        let expected = TraceDocuments(traceID: Self.traceID, documents: documents).assemble()
        var count = 0
        for order in permutations(of: Array(documents.indices)) {
            let trace = TraceDocuments(traceID: Self.traceID, documents: order.map { documents[$0] }).assemble()
            #expect(trace.spans == expected.spans)
            #expect(trace.documents == expected.documents)
            #expect(trace.rootIndex == expected.rootIndex)
            count += 1
        }
        #expect(count == 120)
        // With duplicates too: the same documents twice, shuffled, change nothing.
        var generator = SeededRandom(seed: 7)
        for _ in 0..<50 {
            let shuffled = (documents + documents).shuffled(using: &generator)
            #expect(TraceDocuments(traceID: Self.traceID, documents: shuffled).assemble().spans == expected.spans)
        }
    }

    @Test func assemblesTheTree() throws {
        let trace = try Fixtures.trace(Self.all)
        #expect(trace.spans.map(\.document.name) == ["front", "call-back", "streamed", "nested", "back"])
        #expect(trace.spans.map(\.depth) == [0, 1, 1, 2, 0])
        #expect(trace.spans.allSatisfy { !$0.isOrphan })
        #expect(trace.root?.document.name == "front")
        #expect(trace.root?.document.isComplete == true)  // the complete document replaced the in-progress one
        #expect(trace.spans[4].callerIndex == 1)  // back was called by the call-back subsegment
        #expect(trace.spans[1].callees == [4])
        #expect(trace.spans[3].segmentIndex == 0)
        #expect(trace.documents.count == 4)
    }

    @Test func inProgressNeverReplacesComplete() throws {
        var documents = TraceDocuments(traceID: Self.traceID)
        #expect(documents.insert(try Fixtures.stored(Self.front)) == .added)
        #expect(documents.insert(try Fixtures.stored(Self.inProgressFront)) == .unchanged)
        #expect(documents.insert(try Fixtures.stored(Self.front)) == .unchanged)
        var other = TraceDocuments(traceID: Self.traceID)
        #expect(other.insert(try Fixtures.stored(Self.inProgressFront)) == .added)
        #expect(other.insert(try Fixtures.stored(Self.front)) == .replaced)
        #expect(other.byID["a000000000000001"]?.document.isComplete == true)
    }

    @Test func orphansAreKeptAndListedLast() throws {
        let lost = Self.doc(
            "c000000000000001", parent: "ffffffffffffffff", name: "lost", start: 9, end: 9.5, standalone: true)
        let trace = try Fixtures.trace([Self.front, lost])
        #expect(trace.spans.last?.document.name == "lost")
        #expect(trace.spans.last?.isOrphan == true)
        #expect(trace.root?.document.name == "front")
        // When the parent arrives, the orphan is adopted.
        let parent = Self.doc("ffffffffffffffff", name: "parent", start: 8, end: 12)
        let adopted = try Fixtures.trace([Self.front, lost, parent])
        #expect(adopted.spans.allSatisfy { !$0.isOrphan })
    }

    @Test func parentCyclesDoNotLoseDocuments() throws {
        let one = Self.doc(
            "1000000000000001", parent: "1000000000000002", name: "one", start: 1, end: 2, standalone: true)
        let two = Self.doc(
            "1000000000000002", parent: "1000000000000001", name: "two", start: 1, end: 2, standalone: true)
        let trace = try Fixtures.trace([one, two])
        #expect(trace.spans.count == 2)
    }
}

func permutations<T>(of items: [T]) -> [[T]] {
    guard items.count > 1 else { return [items] }
    return items.indices.flatMap { index -> [[T]] in
        var rest = items
        let head = rest.remove(at: index)
        return permutations(of: rest).map { [head] + $0 }
    }
}
