import Foundation

/// Reads typed fields out of `JSONSerialization` objects while keeping the path to them
/// (`resourceSpans[0].scopeSpans[1].spans[2].traceId`), so every refusal says where.
struct JSONPath {
    private var parts: [String] = []
    let budget: SpanBudget

    init(budget: SpanBudget) { self.budget = budget }

    mutating func push(_ part: String) { parts.append(part) }
    mutating func pop() { parts.removeLast() }

    var text: String {
        var result = ""
        for part in parts {
            if !result.isEmpty && !part.hasPrefix("[") { result += "." }
            result += part
        }
        return result
    }

    func error(_ what: String) -> OTLPDecodeError {
        OTLPDecodeError("JSON: \(what)\(parts.isEmpty ? "" : " (at \(text))")")
    }

    private func value(_ object: [String: Any], _ name: String, _ original: String) -> (String, Any)? {
        if let value = object[name], !(value is NSNull) { return (name, value) }
        if let value = object[original], !(value is NSNull) { return (original, value) }
        return nil
    }

    func string(_ object: [String: Any], _ name: String, _ original: String) throws -> String? {
        guard let (key, value) = value(object, name, original) else { return nil }
        guard let text = value as? String else { throw error("\(key) is not a string") }
        return text
    }

    func object(_ object: [String: Any], _ name: String, _ original: String) throws
        -> [String: Any]?
    {
        guard let (key, value) = value(object, name, original) else { return nil }
        guard let inner = value as? [String: Any] else { throw error("\(key) is not an object") }
        return inner
    }

    /// Whether a `JSONSerialization` value was `true` or `false`. Not `value is Bool`: every
    /// NSNumber equal to 0 or 1 casts to Bool, so `"kind": 1` would look like a boolean.
    static func isBoolean(_ value: Any) -> Bool {
        ObjectIdentifier(type(of: value)) == booleanType
    }

    /// The class JSONSerialization gives `true` and `false`, found once.
    private static let booleanType = ObjectIdentifier(type(of: NSNumber(value: true)))

    /// A 64-bit integer, as a JSON number or a decimal string (the mapping allows both).
    func integer(_ object: [String: Any], _ name: String, _ original: String) throws -> Int64? {
        guard let (key, value) = value(object, name, original) else { return nil }
        if let text = value as? String, let number = Int64(text) { return number }
        if let number = value as? NSNumber, !Self.isBoolean(value) {
            let double = number.doubleValue
            if double == double.rounded(), abs(double) < 9.2e18 { return number.int64Value }
        }
        throw error("\(key) is not an integer")
    }

    func unsigned(_ object: [String: Any], _ name: String, _ original: String) throws -> UInt64? {
        guard let (key, value) = value(object, name, original) else { return nil }
        if let text = value as? String, let number = UInt64(text) { return number }
        if let number = value as? NSNumber, !Self.isBoolean(value) {
            let double = number.doubleValue
            if double >= 0, double == double.rounded(), double < 1.8e19 { return number.uint64Value }
        }
        throw error("\(key) is not a non-negative integer")
    }

    /// A trace or span id: hex in OTLP/JSON (not base64, as the generic mapping would have it).
    func hexID(_ object: [String: Any], _ name: String, _ original: String) throws -> Data? {
        guard let text = try string(object, name, original) else { return nil }
        guard text.utf8.count % 2 == 0, let data = Data(hex: text) else {
            throw error("\(name) is not hex digits: \"\(String(text.prefix(40)))\"")
        }
        return data
    }

    /// An array of objects, each read by `read` with the path extended by its index.
    mutating func array<T>(
        _ object: [String: Any], _ name: String, _ original: String,
        _ read: (inout JSONPath, [String: Any]) throws -> T
    ) throws -> [T] {
        guard let (key, value) = value(object, name, original) else { return [] }
        guard let items = value as? [Any] else { throw error("\(key) is not an array") }
        var result: [T] = []
        result.reserveCapacity(items.count)
        push(key)
        defer { pop() }
        for (index, item) in items.enumerated() {
            push("[\(index)]")
            guard let item = item as? [String: Any] else { throw error("not an object") }
            result.append(try read(&self, item))
            pop()
        }
        return result
    }
}

extension Data {
    /// Bytes from hex digits (either case); nil for anything else.
    init?(hex: String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8?
        for character in hex.utf8 {
            let nibble: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = character - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let first = high {
                bytes.append(first << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        guard high == nil else { return nil }
        self.init(bytes)
    }

    var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var result: [UInt8] = []
        result.reserveCapacity(count * 2)
        for byte in self {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 15)])
        }
        return String(decoding: result, as: UTF8.self)
    }
}
