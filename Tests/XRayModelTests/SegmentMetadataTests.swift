import Foundation
import Testing

@testable import XRayModel

/// `metadata` is kept as the text it came in and read when asked for: it must read as the
/// reference decoder reads it, compare and hash by value, and be refused where the reference
/// refuses it.
@Suite struct SegmentMetadataTests {
    static func document(metadata: String) -> String {
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"metadata":"#
            + metadata + "}"
    }

    @Test func metadataReadLaterIsWhatTheReferenceReads() throws {
        let text =
            #"{ "default" : {"edge":"ICN54-C1","lines":3,"ratio":0.25,"big":9223372036854775808,"#
            + #""l":[1,"a",{"k":[]},null,true], "caf\u00e9": "\u00e9t\u00e9"}, "second": {}, "second": {"x": 1}}"#
        let bytes = Data(Self.document(metadata: text).utf8)
        let single = try #require(bytes.withUnsafeBytes { SinglePassDecoder.decode($0) })
        let reference = try DocumentParser.parseWithJSONDecoder(bytes).get().document
        let expected: [String: JSONValue] = [
            "default": .object([
                "edge": .string("ICN54-C1"), "lines": .int(3), "ratio": .double(0.25),
                "big": .double(9_223_372_036_854_775_808),
                "l": .array([.int(1), .string("a"), .object(["k": .array([])]), .null, .bool(true)]),
                "café": .string("été"),
            ]),
            // Of two equal keys, the first.
            "second": .object([:]),
        ]
        #expect(single.metadata == expected)
        #expect(reference.metadata == expected)
        #expect(single == reference)
        #expect(single.hashValue == reference.hashValue)
    }

    @Test func theTextAndTheValuesCompareByValue() {
        let values: [String: JSONValue] = ["a": .array([.int(1), .string("b")])]
        let spaced = SegmentMetadata(checkedText: #"{ "a" : [ 1 , "b" ] }"#)
        let compact = SegmentMetadata(checkedText: #"{"a":[1,"b"]}"#)
        #expect(spaced == SegmentMetadata(values))
        #expect(spaced == compact)
        #expect(spaced.hashValue == SegmentMetadata(values).hashValue)
        #expect(SegmentMetadata(checkedText: #"{"a":[2,"b"]}"#) != compact)
    }

    /// Values the reader refuses: the single pass declines, and the document is refused as
    /// the tape decoder refuses it (and the Foundation reference refuses it too).
    @Test(arguments: [
        #"{"a":1e999}"#, #"{"a":-1e999}"#, #"{"a":"\q"}"#, #"{"a":"\u12"}"#, "{\"a\":\"x\u{01}\"}", #"{"a":01}"#,
        #"{"a":[1,2}"#, #"{"a":tru}"#, #"{"a\q":1}"#, #"[1]"#, #""text""#,
    ])
    func badMetadataIsRefusedAsTheReferenceRefusesIt(_ metadata: String) throws {
        let (single, tape) = SinglePassDecoderTests.decodeBoth(Array(Self.document(metadata: metadata).utf8))
        #expect(single == nil)
        guard case .failure(let reason) = tape else {
            Issue.record("the tape decoder accepted metadata \(metadata)")
            return
        }
        let bytes = Data(Self.document(metadata: metadata).utf8)
        guard case .failure(let rejection) = DocumentParser.parse(bytes) else {
            Issue.record("metadata \(metadata) was accepted")
            return
        }
        #expect(rejection.reason == reason)
        #expect(throws: (any Error).self) { try DocumentParser.parseWithJSONDecoder(bytes).get() }
    }
}
