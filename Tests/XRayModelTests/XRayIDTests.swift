import Testing

@testable import XRayModel

/// The id checks read eight bytes at a time; they must agree with a check of one byte at a
/// time for every byte value at every position of an id.
@Suite struct XRayIDTests {
    static let entityID = Array("0123456789abcdef".utf8)
    static let traceID = Array("1-5f8a0c2b-0123456789abcdefABCDEF01".utf8)

    /// Byte by byte, as the format says (reference/xray.md §2.1).
    static func expectedEntity(_ bytes: [UInt8]) -> Bool {
        bytes.count == 16 && bytes.allSatisfy { hexDigitValue($0) != nil }
    }

    static func expectedTrace(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == 35, bytes[0] == UInt8(ascii: "1"), bytes[1] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "-")
        else { return false }
        return bytes.indices.allSatisfy { $0 < 2 || $0 == 10 || hexDigitValue(bytes[$0]) != nil }
    }

    /// Strings made with `decoding:` repair invalid UTF-8, so bytes of 0x80 and above are
    /// tried through a string of the same length holding the byte's scalar where that is one
    /// byte; the word check must refuse them either way.
    @Test func everyByteAtEveryPositionOfAnEntityID() {
        #expect(XRayID.isValidEntityID(String(decoding: Self.entityID, as: UTF8.self)))
        for position in Self.entityID.indices {
            for value in 0..<0x80 {
                var bytes = Self.entityID
                bytes[position] = UInt8(value)
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(XRayID.isValidEntityID(text) == Self.expectedEntity(bytes), "byte \(value) at \(position)")
            }
        }
    }

    @Test func everyByteAtEveryPositionOfATraceID() {
        #expect(XRayID.isValidTraceID(String(decoding: Self.traceID, as: UTF8.self)))
        for position in Self.traceID.indices {
            for value in 0..<0x80 {
                var bytes = Self.traceID
                bytes[position] = UInt8(value)
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(XRayID.isValidTraceID(text) == Self.expectedTrace(bytes), "byte \(value) at \(position)")
            }
        }
    }

    /// Bytes at and above 0x80 straight to the word check, which sees raw bytes.
    @Test func highBytesAreNotHexDigits() {
        for position in 0..<16 {
            for value in 0x80...0xFF {
                var bytes = Self.entityID
                bytes[position] = UInt8(value)
                #expect(!bytes.withUnsafeBytes { XRayID.allHex($0) }, "byte \(value) at \(position)")
            }
        }
    }

    @Test func lengthsOtherThanTheFormatsAreRefused() {
        for length in 0..<40 where length != 16 {
            #expect(!XRayID.isValidEntityID(String(repeating: "a", count: length)))
        }
        #expect(!XRayID.isValidTraceID(String(decoding: Self.traceID.dropLast(), as: UTF8.self)))
        #expect(!XRayID.isValidTraceID(String(decoding: Self.traceID + [UInt8(ascii: "0")], as: UTF8.self)))
    }
}
