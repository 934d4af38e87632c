import Foundation

// Reading strings and numbers located by the tape. Each returns nil where Foundation's
// `JSONDecoder` refuses the value: a raw control character or a bad escape in a string, a
// number token outside the JSON grammar, a number too large for a Double.

extension JSONTape {
    /// The text of a string node, unescaped; nil if the string is not valid JSON text.
    package static func string(_ node: Node, in bytes: UnsafeRawBufferPointer) -> String? {
        let start = Int(node.start)
        let end = Int(node.end)
        if node.escaped { return unescaped(bytes, start, end) }
        if !node.plain {
            var index = start
            while index < end {
                if bytes[index] < 0x20 { return nil }
                index += 1
            }
        }
        return String(bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
    }

    /// A string for display: unescaped and sanitized (see `Sanitizer`). The byte scan that
    /// refuses raw control characters also tells whether sanitizing can change anything.
    static func text(_ node: Node, in bytes: UnsafeRawBufferPointer) -> String? {
        if node.escaped { return unescaped(bytes, Int(node.start), Int(node.end)).map(Sanitizer.clean) }
        let start = Int(node.start)
        let end = Int(node.end)
        let range = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        if node.plain { return String(bytes: range) }
        var suspect = false
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte < 0x20 { return nil }
            // DEL, and the lead bytes of C1 controls and of bidi controls.
            if byte == 0x7F || byte == 0xC2 || byte == 0xE2 { suspect = true }
            index += 1
        }
        let text = String(bytes: range)
        return suspect ? Sanitizer.clean(text) : text
    }

    private static func unescaped(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> String? {
        var output: [UInt8] = []
        output.reserveCapacity(end - start)
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte < 0x20 { return nil }
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                index += 1
                continue
            }
            guard index + 1 < end else { return nil }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escape)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = hexUnit(bytes, index, end) else { return nil }
                index += 4
                var scalarValue = UInt32(unit)
                if (0xD800..<0xDC00).contains(unit) {
                    // A high surrogate must be followed by an escaped low one.
                    guard index + 6 <= end, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u"),
                        let low = hexUnit(bytes, index + 2, end), (0xDC00..<0xE000).contains(low)
                    else { return nil }
                    index += 6
                    scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                } else if (0xDC00..<0xE000).contains(unit) {
                    return nil
                }
                guard let scalar = Unicode.Scalar(scalarValue) else { return nil }
                output.append(contentsOf: UTF8.encode(scalar)!)
            default: return nil
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexUnit(_ bytes: UnsafeRawBufferPointer, _ index: Int, _ end: Int) -> UInt16? {
        guard index + 4 <= end else { return nil }
        var value: UInt16 = 0
        for offset in 0..<4 {
            guard let digit = hexDigitValue(bytes[index + offset]) else { return nil }
            value = value << 4 | UInt16(digit)
        }
        return value
    }
}

/// A number token checked against the JSON grammar, with what conversion needs.
package struct JSONNumber {
    package var negative = false
    /// The first 19 significant digits.
    var mantissa: UInt64 = 0
    var significantDigits = 0
    /// The value is `mantissa` x 10^`exponent` when `significantDigits` <= 19.
    var exponent = 0
    package var hasFraction = false
    package var hasExponent = false
    /// Every digit after the point is zero.
    var fractionIsZero = true
    package var isZero = true

    /// Where the number stopped (`init(prefixOf:_:limit:)`).
    private(set) var end = 0

    /// nil unless the token is `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    package init?(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) {
        guard let number = JSONNumber(prefixOf: bytes, start, limit: end), number.end == end else { return nil }
        self = number
    }

    /// The number that starts at `start`, read as far as the grammar goes but not past
    /// `limit`; `end` says where it stopped. nil when no number starts there, or it breaks off
    /// (a point or an exponent with no digit after it).
    init?(prefixOf bytes: UnsafeRawBufferPointer, _ start: Int, limit end: Int) {
        var index = start
        if index < end, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < end, Self.isDigit(bytes[index]) else { return nil }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < end, Self.isDigit(bytes[index]) { return nil }
        } else {
            // The integer part of most numbers (times, statuses, sizes) fits in 19 digits:
            // read those without the general bookkeeping of `add`.
            while index < end, significantDigits < 19, Self.isDigit(bytes[index]) {
                mantissa = mantissa &* 10 &+ UInt64(bytes[index] &- UInt8(ascii: "0"))
                significantDigits += 1
                index += 1
            }
            isZero = false
            while index < end, Self.isDigit(bytes[index]) {
                add(bytes[index], fraction: false)
                index += 1
            }
        }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            hasFraction = true
            index += 1
            guard index < end, Self.isDigit(bytes[index]) else { return nil }
            // After a significant digit (timestamps: 1795680001.667186) every digit counts,
            // up to 19: read those without the general bookkeeping of `add`.
            while index < end, significantDigits > 0, significantDigits < 19, Self.isDigit(bytes[index]) {
                let digit = bytes[index] &- UInt8(ascii: "0")
                if digit != 0 { fractionIsZero = false }
                mantissa = mantissa &* 10 &+ UInt64(digit)
                significantDigits += 1
                exponent -= 1
                index += 1
            }
            while index < end, Self.isDigit(bytes[index]) {
                if bytes[index] != UInt8(ascii: "0") { fractionIsZero = false }
                add(bytes[index], fraction: true)
                index += 1
            }
        }
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            hasExponent = true
            index += 1
            var exponentNegative = false
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < end, Self.isDigit(bytes[index]) else { return nil }
            var written = 0
            while index < end, Self.isDigit(bytes[index]) {
                // Past a million the value is 0 or infinite whatever follows.
                if written < 1_000_000 { written = written * 10 + Int(bytes[index] - UInt8(ascii: "0")) }
                index += 1
            }
            exponent += exponentNegative ? -written : written
        }
        self.end = index
    }

    /// Where the number token that goes on at `index` ends. Scanned loosely, as Foundation
    /// scans it (digits, points, signs and exponents in any order): the grammar is checked
    /// when the value is read.
    @inline(__always)
    static func tokenEnd(_ bytes: UnsafeRawBufferPointer, from index: Int) -> Int {
        var index = index
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"),
                UInt8(ascii: "+"), UInt8(ascii: "-"):
                index += 1
            default: return index
            }
        }
        return index
    }

    @inline(__always)
    private mutating func add(_ digit: UInt8, fraction: Bool) {
        let value = UInt64(digit - UInt8(ascii: "0"))
        if value != 0 { isZero = false }
        if significantDigits == 0 && value == 0 {
            if fraction { exponent -= 1 }
            return
        }
        if significantDigits < 19 {
            mantissa = mantissa * 10 + value
            significantDigits += 1
            if fraction { exponent -= 1 }
        } else {
            significantDigits += 1
            if !fraction { exponent += 1 }
        }
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    private static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    /// The nearest Double, as `strtod` rounds it; nil when Foundation refuses it (infinite,
    /// or so small it became zero).
    package func double(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Double? {
        let value: Double
        // Exact when the digits fit in a Double's 53 bits and the power of ten is exact
        // (Clinger's fast path): one correctly rounded multiplication or division.
        if significantDigits <= 19, mantissa <= 1 << 53, (-22...22).contains(exponent) {
            let digits = Double(mantissa)
            value = exponent < 0 ? digits / Self.powersOfTen[-exponent] : digits * Self.powersOfTen[exponent]
            return negative ? -value : value
        }
        value = Self.strtod(bytes, start, end)
        guard value.isFinite, value != 0 || isZero else { return nil }
        return value
    }

    /// The integer Foundation decodes as `Int64`: whole numbers in range, also when written
    /// with a zero fraction or an exponent.
    package func int64(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int64? {
        if !hasExponent && (!hasFraction || fractionIsZero) {
            var index = start + (negative ? 1 : 0)
            var magnitude: UInt64 = 0
            while index < end, bytes[index] != UInt8(ascii: ".") {
                let (times, overflow) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, carry) = times.addingReportingOverflow(UInt64(bytes[index] - UInt8(ascii: "0")))
                guard !overflow, !carry else { return nil }
                magnitude = sum
                index += 1
            }
            if negative { return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
            return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
        }
        let value = Self.strtod(bytes, start, end)
        guard value.isFinite, value.rounded() == value, abs(value) < 9.223_372_036_854_775_808e18 else { return nil }
        return Int64(value)
    }

    private static func strtod(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: end - start + 1) { buffer in
            for index in start..<end { buffer[index - start] = CChar(bitPattern: bytes[index]) }
            buffer[end - start] = 0
            return Foundation.strtod(buffer.baseAddress!, nil)
        }
    }
}
