import Foundation
import XRayModel

/// Reads typed fields out of a `JSONTape` (nodes are tape indexes) while keeping the path to
/// them (`resourceSpans[0].scopeSpans[1].spans[2].traceId`), so every refusal says where.
/// The tape locates values without building objects: a 5 MB body is about 7 MB of nodes,
/// where `JSONSerialization`'s tree for one was 820 MB.
struct JSONPath {
    let tape: JSONTape
    let bytes: UnsafeRawBufferPointer
    let budget: DecodeBudget
    private var parts: [String] = []

    init(tape: JSONTape, bytes: UnsafeRawBufferPointer, budget: DecodeBudget) {
        self.tape = tape
        self.bytes = bytes
        self.budget = budget
    }

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

    func kind(_ node: Int) -> JSONTape.Kind { tape.nodes[node].kind }

    /// The value of the field `name` (or its proto spelling `original`) of an object node;
    /// nil when absent or null. The last of repeated keys wins.
    func value(_ object: Int, _ name: String, _ original: String) -> (key: String, node: Int)? {
        var found: (String, Int)?
        var child = object + 1
        let end = Int(tape.nodes[object].end)
        while child < end {
            let valueNode = child + 1
            if kind(valueNode) != .null {
                if keyIs(child, name) {
                    found = (name, valueNode)
                } else if name != original && keyIs(child, original) {
                    found = (original, valueNode)
                }
            }
            child = tape.next(after: valueNode)
        }
        return found
    }

    private func keyIs(_ node: Int, _ name: String) -> Bool {
        let key = tape.nodes[node]
        if key.escaped { return JSONTape.string(key, in: bytes) == name }
        let start = Int(key.start)
        let count = Int(key.end) - start
        var name = name
        return name.withUTF8 { utf8 in
            utf8.count == count && memcmp(utf8.baseAddress!, bytes.baseAddress! + start, count) == 0
        }
    }

    private func stringValue(_ node: Int, _ key: String) throws -> String {
        guard kind(node) == .string else { throw error("\(key) is not a string") }
        guard let text = JSONTape.string(tape.nodes[node], in: bytes) else {
            throw error("\(key) is not valid JSON text (a raw control character or a bad escape)")
        }
        return text
    }

    func string(_ object: Int, _ name: String, _ original: String) throws -> String? {
        guard let (key, node) = value(object, name, original) else { return nil }
        return try stringValue(node, key)
    }

    func object(_ object: Int, _ name: String, _ original: String) throws -> Int? {
        guard let (key, node) = value(object, name, original) else { return nil }
        guard kind(node) == .object else { throw error("\(key) is not an object") }
        return node
    }

    /// `true` or `false`; an error for anything else (0 and 1 included).
    func boolean(_ object: Int, _ name: String, _ original: String) throws -> Bool? {
        guard let (key, node) = value(object, name, original) else { return nil }
        switch kind(node) {
        case .true: return true
        case .false: return false
        default: throw error("\(key) is not true or false")
        }
    }

    private func number(_ node: Int) -> (JSONNumber, Int, Int)? {
        let item = tape.nodes[node]
        guard item.kind == .number, let number = JSONNumber(bytes, Int(item.start), Int(item.end)) else { return nil }
        return (number, Int(item.start), Int(item.end))
    }

    /// A 64-bit integer, as a JSON number or a decimal string (the mapping allows both).
    func integer(_ object: Int, _ name: String, _ original: String) throws -> Int64? {
        guard let (key, node) = value(object, name, original) else { return nil }
        if kind(node) == .string, let number = Int64(try stringValue(node, key)) { return number }
        if let (number, start, end) = number(node), let value = number.int64(bytes, start, end) { return value }
        throw error("\(key) is not an integer")
    }

    func unsigned(_ object: Int, _ name: String, _ original: String) throws -> UInt64? {
        guard let (key, node) = value(object, name, original) else { return nil }
        if kind(node) == .string, let number = UInt64(try stringValue(node, key)) { return number }
        if let (number, start, end) = number(node), !number.negative || number.isZero {
            if let value = number.int64(bytes, start, end), let unsigned = UInt64(exactly: value) { return unsigned }
            // Past Int64: only plain digits are exact.
            if !number.hasFraction, !number.hasExponent,
                let value = UInt64(
                    String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
            {
                return value
            }
        }
        throw error("\(key) is not a non-negative integer")
    }

    /// A number, or a string holding one (the JSON mapping writes NaN and the infinities so).
    func double(_ object: Int, _ name: String, _ original: String) throws -> Double? {
        guard let (key, node) = value(object, name, original) else { return nil }
        if kind(node) == .string, let number = Double(try stringValue(node, key)) { return number }
        if let (number, start, end) = number(node), let value = number.double(bytes, start, end) { return value }
        throw error("\(key) is not a number")
    }

    /// A trace or span id: hex in OTLP/JSON (not base64, as the generic mapping would have it).
    func hexID(_ object: Int, _ name: String, _ original: String) throws -> Data? {
        guard let text = try string(object, name, original) else { return nil }
        guard text.utf8.count % 2 == 0, let data = Data(hex: text) else {
            throw error("\(name) is not hex digits: \"\(String(text.prefix(40)))\"")
        }
        return data
    }

    /// An array of objects, each read by `read` with the path extended by its index.
    mutating func array<T>(
        _ object: Int, _ name: String, _ original: String, _ read: (inout JSONPath, Int) throws -> T
    ) throws -> [T] {
        try array(object, name, original, limited: false, read)
    }

    /// An array of attributes, events, links or values: the first `DecodeBudget.maxListLength`
    /// are read and the rest counted as dropped.
    mutating func list<T>(
        _ object: Int, _ name: String, _ original: String, _ read: (inout JSONPath, Int) throws -> T
    ) throws -> [T] {
        try array(object, name, original, limited: true, read)
    }

    private mutating func array<T>(
        _ object: Int, _ name: String, _ original: String, limited: Bool, _ read: (inout JSONPath, Int) throws -> T
    ) throws -> [T] {
        guard let (key, node) = value(object, name, original) else { return [] }
        guard kind(node) == .array else { throw error("\(key) is not an array") }
        var result: [T] = []
        push(key)
        defer { pop() }
        var item = node + 1
        var index = 0
        let end = Int(tape.nodes[node].end)
        while item < end {
            defer {
                item = tape.next(after: item)
                index += 1
            }
            if limited && !budget.keeps(index) { continue }
            push("[\(index)]")
            guard kind(item) == .object else { throw error("not an object") }
            result.append(try read(&self, item))
            pop()
        }
        return result
    }
}
