import Testing

@testable import XRayModel

/// Short ASCII strings written straight into Swift's inline form must be the strings the
/// standard library makes from the same bytes, bit for bit, at every length.
@Suite struct SmallASCIITests {
    static func bits(_ string: String) -> (UInt64, UInt64) { unsafeBitCast(string, to: (UInt64, UInt64).self) }

    @Test func theInlineFormIsConfirmedOnThisPlatform() {
        // Otherwise every short string silently takes the slower initializer.
        #expect(SmallASCII.confirmed)
    }

    @Test func everyLengthAndByteGivesTheStandardLibrarysString() {
        var generator = SystemRandomNumberGenerator()
        for count in 0...15 {
            for _ in 0..<2_000 {
                // Any ASCII byte, controls and DEL included.
                let bytes = (0..<count).map { _ in UInt8.random(in: 0...0x7F, using: &generator) }
                let expected = String(decoding: bytes, as: UTF8.self)
                let made = bytes.withUnsafeBytes { String(bytes: $0) }
                #expect(made == expected)
                #expect(Array(made.utf8) == bytes)
                #expect(Self.bits(made) == Self.bits(expected), "\(bytes)")
                #expect(bytes.withUnsafeBytes { SmallASCII.string($0) } != nil)
            }
        }
    }

    @Test func aStringMadeHereWorksAsAnyOther() {
        let made = Array("edge_location".utf8).withUnsafeBytes { String(bytes: $0) }
        var table = ["edge_location": 1]
        table[made, default: 0] += 1
        #expect(table == ["edge_location": 2])
        #expect(made + "s" == "edge_locations")
        #expect(made.hasPrefix("edge") && made.uppercased() == "EDGE_LOCATION")
    }

    @Test func otherBytesAreLeftToTheStandardLibrary() {
        for text in ["é", "naïve", "日本語", "0123456789abcdef", String(repeating: "x", count: 40)] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBytes { SmallASCII.string($0) } == nil, "\(text)")
            #expect(bytes.withUnsafeBytes { String(bytes: $0) } == text)
        }
        // Invalid UTF-8 is repaired as `String(decoding:as:)` repairs it.
        let broken: [UInt8] = [0x61, 0xFF, 0x62]
        #expect(broken.withUnsafeBytes { String(bytes: $0) } == String(decoding: broken, as: UTF8.self))
    }
}
