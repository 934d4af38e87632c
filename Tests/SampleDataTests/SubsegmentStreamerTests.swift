import Testing
import XRayModel

@testable import SampleData

@Suite struct SubsegmentStreamerTests {
    /// A segment with `count` sequential subsegments of 1 ms each, every one holding a child.
    static func segment(items count: Int) -> SegmentDocument {
        var random = SeededRandom(seed: 3)
        var draft = SpanDraft.segment(
            name: "s", id: random.entityID(), traceID: random.traceID(startingAt: 1), parentID: nil, start: 1_000_000)
        for _ in 0..<count {
            var item = SpanDraft.subsegment(
                name: "item", id: random.entityID(), namespace: "local", start: draft.cursor)
            var child = SpanDraft.subsegment(
                name: "child", id: random.entityID(), namespace: "local", start: item.cursor)
            child.work(500)
            item.append(child.finish())
            item.work(500)
            draft.append(item.finish())
        }
        return draft.finish()
    }

    static func ids(_ document: SegmentDocument) -> [String] { document.flattened.map(\.id) }

    @Test func smallSegmentsAreSentWhole() {
        let segment = Self.segment(items: 15)  // 30 subsegments: not over the threshold
        let streamer = SubsegmentStreamer(segment: segment, threshold: 30)
        #expect(streamer.streamed.isEmpty)
        #expect(streamer.remainder == segment)
    }

    @Test func largeSegmentsStreamEverySubsegmentExactlyOnce() {
        let segment = Self.segment(items: 40)
        let streamer = SubsegmentStreamer(segment: segment, threshold: 30)
        #expect(!streamer.streamed.isEmpty)
        let sent = streamer.streamed.flatMap { Self.ids($0.document) } + Self.ids(streamer.remainder)
        #expect(sent.sorted() == Self.ids(segment).sorted())
        for streamed in streamer.streamed {
            #expect(streamed.document.type == "subsegment")
            #expect(streamed.document.traceID == segment.traceID)
            // Items hang off the segment; a child that ends while its item is open hangs off the item.
            let parent = streamed.document.name == "item" ? [segment.id] : segment.subsegments.map(\.id)
            #expect(parent.contains(streamed.document.parentID ?? ""))
            #expect(Micros.from(seconds: streamed.document.endTime!) <= streamed.time)
        }
        // Nothing streams before the threshold is passed: the first 15 items (30 subsegments)
        // wait until the 16th begins.
        let firstTime = streamer.streamed.map(\.time).min()!
        #expect(firstTime >= Micros.from(seconds: segment.subsegments[15].startTime))
    }
}
