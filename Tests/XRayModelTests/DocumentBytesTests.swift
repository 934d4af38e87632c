import Foundation
import Testing

@testable import XRayModel

/// A parsed document keeps its text as bytes of its own, checked as UTF-8 in place (ASCII
/// skipped eight bytes at a time). These put invalid and valid non-ASCII sequences at every
/// offset around the eight-byte words, where a mistake in the word loop or its tail would let
/// a bad byte through, and hold the check to the standard library's answers.
@Suite struct DocumentBytesTests {
    static let prefix = Array(
        #"{"trace_id":"1-5f84c7a1-0123456789abcdef01234567","id":"0123456789abcdef","start_time":1,"end_time":2,"name":""#
            .utf8)
    static let suffix = Array(#""}"#.utf8)

    /// A valid document whose name is `name`, padded with `padding` ASCII letters first.
    static func document(name: [UInt8], padding: Int) -> [UInt8] {
        prefix + Array(repeating: UInt8(ascii: "n"), count: padding) + name + suffix
    }

    static let invalid: [[UInt8]] = [
        [0xFF], [0x80], [0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x80], [0xF4, 0x90, 0x80, 0x80],
    ]
    static let valid: [[UInt8]] = [Array("é".utf8), Array("日本".utf8), Array("🙂".utf8)]

    @Test func invalidUTF8AnywhereIsRefused() {
        for sequence in Self.invalid {
            for padding in 0..<17 {
                let bytes = Self.document(name: sequence, padding: padding)
                guard case .failure(let rejection) = DocumentParser.parse(bytes: bytes) else {
                    Issue.record("\(sequence) after \(padding) letters was accepted")
                    continue
                }
                #expect(rejection.reason == .notJSON("not valid UTF-8"), "\(sequence) after \(padding) letters")
            }
        }
    }

    @Test func validNonASCIIIsKeptAsSent() throws {
        for sequence in Self.valid {
            for padding in 0..<17 {
                let bytes = Self.document(name: sequence, padding: padding)
                let stored = try DocumentParser.parse(bytes: bytes).get()
                #expect(stored.bytes == bytes)
                #expect(stored.document.name.utf8.elementsEqual(bytes[Self.prefix.count..<(bytes.count - 2)]))
            }
        }
    }

    /// The check agrees with the standard library's on random bytes, mostly ASCII with a few
    /// bytes from the upper half, so that both answers occur often.
    @Test func theUTF8CheckAgreesWithTheStandardLibrary() {
        var generator = SystemRandomNumberGenerator()
        var answers: Set<Bool> = []
        for _ in 0..<5_000 {
            let length = Int.random(in: 0..<40, using: &generator)
            let bytes = (0..<length).map { _ in
                Int.random(in: 0..<10, using: &generator) == 0
                    ? UInt8.random(in: 0x80...0xFF, using: &generator)
                    : UInt8.random(in: 0x20..<0x7F, using: &generator)
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            #expect(bytes.withUnsafeBytes(\.isValidUTF8) == expected, "\(bytes)")
            answers.insert(expected)
        }
        #expect(answers == [true, false])
    }

    /// Text made of valid sequences of every length (with the scalars at the edges of each
    /// length, of the surrogate gap and of the code space), then damaged by one changed byte or
    /// by cutting its end: valid sequences are rare in random bytes, so the check meets them
    /// here, and the damage is often just past one.
    @Test func theUTF8CheckAgreesOnDamagedValidText() {
        var generator = SystemRandomNumberGenerator()
        let edges: [UInt32] = [
            0x41, 0x7F, 0x80, 0x7FF, 0x800, 0xFFF, 0x1000, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF,
        ]
        var answers: Set<Bool> = []
        for _ in 0..<5_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 1..<12, using: &generator) {
                let value =
                    Bool.random(using: &generator)
                    ? edges.randomElement(using: &generator)!
                    : UInt32.random(in: 0x80...0x10FFFF, using: &generator)
                bytes += Array(String(Unicode.Scalar(value) ?? "x").utf8)
            }
            switch Int.random(in: 0..<3, using: &generator) {
            case 0:
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(
                    in: 0...0xFF, using: &generator)
            case 1: bytes.removeLast(Int.random(in: 0..<min(4, bytes.count), using: &generator))
            default: break
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            #expect(bytes.withUnsafeBytes(\.isValidUTF8) == expected, "\(bytes)")
            answers.insert(expected)
        }
        #expect(answers == [true, false])
    }

    @Test func surroundingWhitespaceIsTrimmedFromTheKeptBytes() throws {
        let body = Self.document(name: Array("svc".utf8), padding: 0)
        let stored = try DocumentParser.parse(Data(Array(" \n\t".utf8) + body + Array("\r\n ".utf8))).get()
        #expect(stored.bytes == body)
        #expect(stored.raw == String(decoding: body, as: UTF8.self))
    }
}
