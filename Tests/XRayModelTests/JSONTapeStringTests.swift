import Foundation
import Testing

@testable import XRayModel

/// The tape scans strings eight bytes at a time and marks those that are plain (printable
/// ASCII, no escape), which are then read without a second scan. These put every special byte
/// at every offset around the eight-byte boundaries, and next to the closing quote and to an
/// escape in the same word, where a mistake in the word arithmetic would show.
@Suite struct JSONTapeStringTests {
    /// Bytes that must make a string not plain: controls, DEL, and the first byte of non-ASCII
    /// text (C1 controls, a bidi override, an ordinary accented letter).
    static let specials: [[UInt8]] = [
        [0x01], [0x09], [0x1F], [0x7F], [0xC2, 0x85], [0xE2, 0x80, 0xAE], [0xC3, 0xA9],
    ]

    /// The tape's nodes, copied out while the tape that owns them is alive.
    static func nodes(_ text: [UInt8]) throws -> [JSONTape.Node] {
        let tape = try text.withUnsafeBytes { try JSONTape(bytes: $0) }
        return withExtendedLifetime(tape) { Array(tape.nodes) }
    }

    /// The string nodes of `{"k":"<value>"}`, key first.
    static func stringNodes(value: [UInt8]) throws -> [JSONTape.Node] {
        try nodes(Array(#"{"k":""#.utf8) + value + Array(#""}"#.utf8)).filter { $0.kind == .string }
    }

    @Test func printableASCIIIsPlainAtEveryLength() throws {
        for length in 0..<40 {
            let value = Array(String(repeating: "a~ Z", count: 10).utf8.prefix(length))
            let nodes = try Self.stringNodes(value: value)
            #expect(nodes.count == 2)
            #expect(nodes.allSatisfy { $0.plain }, "length \(length)")
            #expect(Int(nodes[1].end - nodes[1].start) == length)
        }
    }

    @Test func aSpecialByteAnywhereMakesTheStringNotPlain() throws {
        for special in Self.specials {
            for offset in 0..<24 {
                for length in offset..<(offset + 12) {
                    var value = Array(repeating: UInt8(ascii: "x"), count: length)
                    value.insert(contentsOf: special, at: offset)
                    let nodes = try Self.stringNodes(value: value)
                    #expect(nodes[0].plain)
                    #expect(!nodes[1].plain, "\(special) at \(offset) of \(length)")
                    #expect(Int(nodes[1].end - nodes[1].start) == value.count)
                }
            }
        }
    }

    /// Whitespace right after a closing quote shares its word: it must not count.
    @Test func bytesAfterTheClosingQuoteDoNotCount() throws {
        for length in 0..<16 {
            let text = "{\"k\":\"\(String(repeating: "v", count: length))\"\n\t\r\n}"
            let strings = try Self.nodes(Array(text.utf8)).filter { $0.kind == .string }
            #expect(strings.count == 2 && strings.allSatisfy { $0.plain }, "length \(length)")
        }
    }

    @Test func escapesAreNeverPlainAndAnEscapedQuoteDoesNotEndTheString() throws {
        for offset in 0..<20 {
            var value = Array(repeating: UInt8(ascii: "y"), count: 20)
            value.insert(contentsOf: Array(#"\""#.utf8), at: offset)
            let text = Array(#"{"k":""#.utf8) + value + Array(#""}"#.utf8)
            let node = try Self.nodes(text)[2]
            #expect(node.kind == .string && node.escaped && !node.plain)
            #expect(Int(node.end - node.start) == value.count, "escape at \(offset)")
            let expected = String(repeating: "y", count: offset) + "\"" + String(repeating: "y", count: 20 - offset)
            #expect(text.withUnsafeBytes { JSONTape.string(node, in: $0) } == expected)
        }
    }

    /// Both decoders agree on documents whose name, URL and a key hold a special byte (raw, so
    /// a control byte refuses the document and a C1 or bidi control is sanitized) at every
    /// offset, and on the same documents without it.
    @Test func theDecoderAgreesWithTheReferenceOnSpecialBytesAtEveryOffset() {
        for special in Self.specials + [[]] {
            for offset in 0..<18 {
                var name = Array("service-name-long".utf8)
                name.insert(contentsOf: special, at: min(offset, name.count))
                var key = Array("annotation_key".utf8)
                key.insert(contentsOf: special, at: min(offset, key.count))
                for (nameBytes, keyBytes) in [(name, Array("k".utf8)), (Array("svc".utf8), key)] {
                    let document =
                        Array(
                            #"{"trace_id":"1-581cf771-a006649127e371903a2de979","id":"70de5b6f19ff9a0a","name":""#.utf8)
                        + nameBytes
                        + Array(#"","start_time":1,"end_time":2,"annotations":{""#.utf8) + keyBytes
                        + Array(#"":"v"},"http":{"request":{"url":"http://x/"#.utf8) + nameBytes
                        + Array(#""}}}"#.utf8)
                    let data = Data(document)
                    SegmentDecoderDifferentialTests.expectAlike(
                        DocumentParser.parse(data), DocumentParser.parseWithJSONDecoder(data),
                        String(decoding: document, as: UTF8.self))
                }
            }
        }
    }
}
