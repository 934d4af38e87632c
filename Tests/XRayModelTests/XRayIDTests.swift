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

    /// Each byte of `sample` replaced by every ASCII value in turn: `check` must agree with
    /// `expected`. (Bytes of 0x80 and above are tried below: a string made with `decoding:`
    /// would repair them.)
    static func expectAgreement(
        on sample: [UInt8], _ check: (String) -> Bool, _ expected: ([UInt8]) -> Bool
    ) {
        #expect(check(String(decoding: sample, as: UTF8.self)))
        for position in sample.indices {
            for value in 0..<0x80 {
                var bytes = sample
                bytes[position] = UInt8(value)
                #expect(
                    check(String(decoding: bytes, as: UTF8.self)) == expected(bytes), "byte \(value) at \(position)")
            }
        }
    }

    @Test func everyByteAtEveryPositionOfAnEntityID() {
        Self.expectAgreement(on: Self.entityID, XRayID.isValidEntityID, Self.expectedEntity)
    }

    @Test func everyByteAtEveryPositionOfATraceID() {
        Self.expectAgreement(on: Self.traceID, XRayID.isValidTraceID, Self.expectedTrace)
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
