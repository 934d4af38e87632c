import Foundation

/// Reads the protobuf wire format: a field's number and wire type, then its value. Each
/// length-delimited field is read with a reader of its own over the same bytes, so an inner
/// message can never read past its end.
struct ProtobufReader {
    enum WireType: UInt64 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
    }

    private let bytes: UnsafeRawBufferPointer
    private(set) var offset: Int
    private let end: Int
    /// The message's field path, for errors.
    let path: String
    /// Shared with the readers of nested messages.
    let budget: DecodeBudget

    init(_ bytes: UnsafeRawBufferPointer, path: String, budget: DecodeBudget) {
        self.init(bytes, from: 0, to: bytes.count, path: path, budget: budget)
    }

    private init(_ bytes: UnsafeRawBufferPointer, from: Int, to end: Int, path: String, budget: DecodeBudget) {
        self.bytes = bytes
        self.offset = from
        self.end = end
        self.path = path
        self.budget = budget
    }

    var isAtEnd: Bool { offset >= end }

    func error(_ what: String, field: String? = nil) -> OTLPDecodeError {
        let at = field.map { path.isEmpty ? $0 : "\(path).\($0)" } ?? path
        return OTLPDecodeError("protobuf: \(what) at byte \(offset)\(at.isEmpty ? "" : " (in \(at))")")
    }

    /// The next field's number and wire type.
    mutating func nextTag() throws(OTLPDecodeError) -> (field: Int, type: WireType) {
        let key = try varint()
        guard let type = WireType(rawValue: key & 7) else { throw error("wire type \(key & 7) is not a protobuf type") }
        let field = key >> 3
        guard field > 0, field < 1 << 29 else { throw error("field number \(field) is out of range") }
        return (Int(field), type)
    }

    mutating func varint() throws(OTLPDecodeError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw error("the message ends inside a number") }
            let byte = bytes[offset]
            offset += 1
            guard shift < 64 else { throw error("a number longer than ten bytes") }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    mutating func fixed64() throws(OTLPDecodeError) -> UInt64 {
        guard end - offset >= 8 else { throw error("the message ends inside a 64-bit value") }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        offset += 8
        return value
    }

    mutating func fixed32() throws(OTLPDecodeError) -> UInt32 {
        guard end - offset >= 4 else { throw error("the message ends inside a 32-bit value") }
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[offset + index]) << (8 * UInt32(index)) }
        offset += 4
        return value
    }

    /// The bytes of a length-delimited field, checked against what is left of the message.
    mutating func lengthDelimited(field: String) throws(OTLPDecodeError) -> Range<Int> {
        let length = try varint()
        guard length <= UInt64(end - offset) else {
            throw error("a field of \(length) bytes runs past the end of its message", field: field)
        }
        let range = offset..<(offset + Int(length))
        offset = range.upperBound
        return range
    }

    /// A reader over an embedded message.
    mutating func message(field: String) throws(OTLPDecodeError) -> ProtobufReader {
        let range = try lengthDelimited(field: field)
        return ProtobufReader(
            bytes, from: range.lowerBound, to: range.upperBound, path: path.isEmpty ? field : "\(path).\(field)",
            budget: budget)
    }

    mutating func data(field: String) throws(OTLPDecodeError) -> Data {
        let range = try lengthDelimited(field: field)
        return Data(bytes[range])
    }

    /// A string field; invalid UTF-8 is repaired (U+FFFD) rather than refused, as the text
    /// is sanitised for display anyway and the span is worth keeping.
    mutating func string(field: String) throws(OTLPDecodeError) -> String {
        let range = try lengthDelimited(field: field)
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// Skips a field this decoder does not read (newer fields, dropped counts).
    mutating func skip(_ type: WireType) throws(OTLPDecodeError) {
        switch type {
        case .varint: _ = try varint()
        case .fixed64: _ = try fixed64()
        case .fixed32: _ = try fixed32()
        case .lengthDelimited: _ = try lengthDelimited(field: "unknown field")
        case .startGroup, .endGroup: throw error("groups are not used by OTLP")
        }
    }

    /// Checks that a known field came with the wire type its schema gives it.
    func expect(_ type: WireType, _ actual: WireType, field: String) throws(OTLPDecodeError) {
        guard type == actual else {
            throw error("wire type \(actual.rawValue) where \(type.rawValue) was expected", field: field)
        }
    }
}
