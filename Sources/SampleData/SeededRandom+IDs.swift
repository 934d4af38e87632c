/// X-Ray ids (reference/xray.md §2.1) drawn from the seeded generator.
extension SeededRandom {
    private static let digits = Array("0123456789abcdef".utf8)

    /// 16 lowercase hex digits: a segment, subsegment or exception id.
    mutating func entityID() -> String {
        Self.hex(next(), digits: 16)
    }

    /// `1-XXXXXXXX-YYYYYYYYYYYYYYYYYYYYYYYY`: the request's start second, then 96 random bits.
    mutating func traceID(startingAt epochSecond: Int64) -> String {
        let time = Self.hex(UInt64(truncatingIfNeeded: epochSecond) & 0xFFFF_FFFF, digits: 8)
        return "1-" + time + "-" + Self.hex(next() >> 32, digits: 8) + Self.hex(next(), digits: 16)
    }

    /// Any number of random lowercase hex digits (container ids, request ids).
    mutating func hex(digits count: Int) -> String {
        var text = ""
        text.reserveCapacity(count)
        while text.utf8.count < count {
            text += Self.hex(next(), digits: min(16, count - text.utf8.count))
        }
        return text
    }

    /// Random characters from an alphabet, for ids that are not hex (pod suffixes, AWS request ids).
    mutating func string(length: Int, from alphabet: String) -> String {
        let characters = Array(alphabet)
        return String((0..<length).map { _ in pick(characters) })
    }

    /// A version 4 UUID in its usual lowercase form (SQS and Lambda request ids).
    mutating func uuid() -> String {
        let a = hex(digits: 8), b = hex(digits: 4), c = hex(digits: 3), d = hex(digits: 3), e = hex(digits: 12)
        let variant = pick(["8", "9", "a", "b"])
        return "\(a)-\(b)-4\(c)-\(variant)\(d)-\(e)"
    }

    /// The low `digits` hex digits of a value, zero-padded.
    static func hex(_ value: UInt64, digits count: Int) -> String {
        var bytes = [UInt8](repeating: 0, count: count)
        var rest = value
        for index in stride(from: count - 1, through: 0, by: -1) {
            bytes[index] = digits[Int(rest & 0xF)]
            rest >>= 4
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
