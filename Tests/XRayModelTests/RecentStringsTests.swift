import Foundation
import Testing

@testable import XRayModel

/// The per-thread strings the single-pass decoder reuses: a string is reused only for the very
/// same bytes, and a document decoded with reused strings is the document decoded without.
@Suite struct RecentStringsTests {
    static func string(_ text: String, _ recent: RecentStrings) -> String {
        Array(text.utf8).withUnsafeBytes { recent.string($0) }
    }

    /// Strings that share their length and their first and last eight bytes share a slot; each
    /// must still come back as itself, whichever took the slot last.
    @Test func aStringIsReusedOnlyForTheSameBytes() {
        let recent = RecentStrings()
        let texts = ["container-0000-a-0000-end", "container-0000-b-0000-end", "container-0000-c-0000-end"]
        for round in 0..<3 {
            for text in texts + texts.reversed() {
                #expect(Self.string(text, recent) == text, "round \(round)")
            }
        }
        let long = String(repeating: "q", count: RecentStrings.longest + 1)
        #expect(Self.string(long, recent) == long)
        #expect(Self.string(long + "r", recent) == long + "r")
    }

    /// Over many values that repeat, collide and differ by one byte, every string is its bytes.
    @Test func randomValuesComeBackAsThemselves() {
        let recent = RecentStrings()
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789:/.-_ ".utf8)
        let pool = (0..<300).map { _ in
            String(
                decoding: (0..<Int.random(in: 16...40, using: &generator)).map { _ in
                    alphabet.randomElement(using: &generator)!
                }, as: UTF8.self)
        }
        for _ in 0..<20_000 {
            var bytes = Array(pool.randomElement(using: &generator)!.utf8)
            // Now and then one byte in the middle changed: same slot, different string.
            if Bool.random(using: &generator) { bytes[bytes.count / 2] = alphabet.randomElement(using: &generator)! }
            let expected = String(decoding: bytes, as: UTF8.self)
            #expect(bytes.withUnsafeBytes { recent.string($0) } == expected)
        }
    }

    /// The same document decoded twice on one thread (the second time with its long strings
    /// reused) equals the tape decoder's document.
    @Test func aDocumentDecodedAgainIsTheSame() throws {
        let text = Array(
            [
                #"{"trace_id":"1-6b07e701-408830a6eae5acee1e32851c","id":"959d93a5dfb3e614","#,
                #""name":"inventory","start_time":1795680001.5,"end_time":1795680002,"#,
                #""aws":{"eks":{"container_id":"876636813b893c6e274d","pod":"inventory-xf6zs72hmz-5l5zx"}},"#,
                #""http":{"request":{"url":"http://inventory.shop/stock"}}}"#,
            ].joined().utf8)
        let expected = try text.withUnsafeBytes { try SegmentDecoder.decodeFromTape($0) }
        for _ in 0..<3 {
            let decoded = text.withUnsafeBytes { SinglePassDecoder.decode($0) }
            #expect(decoded == expected)
        }
    }
}
