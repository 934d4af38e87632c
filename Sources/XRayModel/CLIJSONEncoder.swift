/// Writes JSON the way the AWS CLI prints it (`json.dumps(indent=4, ensure_ascii=False)`):
/// members in declaration order (which for `API` types is the service model's order), four
/// spaces of indent, `": "` between key and value, `[]` and `{}` for empty containers, and
/// non-ASCII text as is. Foundation's JSONEncoder can do none of that, hence this small encoder.
public enum CLIJSONEncoder {
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let root = Box()
        try value.encode(to: TreeEncoder(box: root))
        var output = ""
        write(root.node, indent: 0, to: &output)
        return output
    }

    indirect enum Node {
        case null, bool(Bool), int(Int64), double(Double), string(String)
        case array([Box]), object([(String, Box)])
    }

    final class Box {
        var node: Node = .null
    }

    static func write(_ node: Node, indent: Int, to output: inout String) {
        let pad = String(repeating: " ", count: indent + 4)
        let closePad = String(repeating: " ", count: indent)
        switch node {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .double(let number): output += pythonRepr(number)
        case .string(let text): writeString(text, to: &output)
        case .array(let items):
            if items.isEmpty { output += "[]"; return }
            output += "[\n"
            for (index, item) in items.enumerated() {
                output += pad
                write(item.node, indent: indent + 4, to: &output)
                output += index == items.count - 1 ? "\n" : ",\n"
            }
            output += closePad + "]"
        case .object(let members):
            if members.isEmpty { output += "{}"; return }
            output += "{\n"
            for (index, (key, value)) in members.enumerated() {
                output += pad
                writeString(key, to: &output)
                output += ": "
                write(value.node, indent: indent + 4, to: &output)
                output += index == members.count - 1 ? "\n" : ",\n"
            }
            output += closePad + "}"
        }
    }

    /// Python's float repr: shortest round-trip digits, always with a `.` or an exponent.
    static func pythonRepr(_ number: Double) -> String {
        guard number.isFinite else { return number.isNaN ? "NaN" : (number > 0 ? "Infinity" : "-Infinity") }
        var text = "\(number)"
        if let e = text.firstIndex(of: "e") {
            // Swift writes 1e-05 and 1e+21 like Python; make sure the exponent has a sign.
            let exponent = text[text.index(after: e)...]
            if exponent.first != "-" && exponent.first != "+" { text.insert("+", at: text.index(after: e)) }
        }
        return text
    }

    /// `text` as a JSON string literal (also the filter language's string literal).
    public static func quoted(_ text: String) -> String {
        var output = ""
        writeString(text, to: &output)
        return output
    }

    static func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            // JSON requires C0 escaped. DEL, C1 and the bidi controls may stand raw in JSON, and
            // the AWS CLI prints them so, but a terminal acts on them (U+009B is an 8-bit CSI):
            // escaped here, the text is the same JSON value and harmless to print.
            case _ where scalar.value < 0x20 || Sanitizer.isUnsafe(scalar):
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}

/// Encodes into `CLIJSONEncoder.Box` trees, keeping keys in the order they are encoded.
private struct TreeEncoder: Encoder {
    let box: CLIJSONEncoder.Box
    var codingPath: [CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = box.node {} else { box.node = .object([]) }
        return KeyedEncodingContainer(KeyedTree<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if case .array = box.node {} else { box.node = .array([]) }
        return UnkeyedTree(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> SingleValueEncodingContainer {
        SingleTree(box: box, codingPath: codingPath)
    }
}

private func encodeValue<T: Encodable>(_ value: T, into box: CLIJSONEncoder.Box, path: [CodingKey]) throws {
    switch value {
    case let text as String: box.node = .string(text)
    case let flag as Bool: box.node = .bool(flag)
    case let number as Double: box.node = .double(number)
    case let number as Float: box.node = .double(Double(number))
    case let number as Int: box.node = .int(Int64(number))
    case let number as Int64: box.node = .int(number)
    case let number as Int32: box.node = .int(Int64(number))
    case let number as UInt64: box.node = .int(Int64(clamping: number))
    case let dictionary as [String: any Encodable]:
        // Dictionaries have no order of their own: sort, as Python's dicts from JSON keep the
        // order the service sent, which we cannot know.
        var members: [(String, CLIJSONEncoder.Box)] = []
        for key in dictionary.keys.sorted() {
            let child = CLIJSONEncoder.Box()
            try encodeValue(dictionary[key]!, into: child, path: path)
            members.append((key, child))
        }
        box.node = .object(members)
    default: try value.encode(to: TreeEncoder(box: box, codingPath: path))
    }
}

private struct KeyedTree<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: CLIJSONEncoder.Box
    var codingPath: [CodingKey]

    private func append(_ key: Key) -> CLIJSONEncoder.Box {
        let child = CLIJSONEncoder.Box()
        if case .object(var members) = box.node {
            members.removeAll { $0.0 == key.stringValue }
            members.append((key.stringValue, child))
            box.node = .object(members)
        }
        return child
    }

    mutating func encodeNil(forKey key: Key) throws { append(key).node = .null }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encodeValue(value, into: append(key), path: codingPath + [key])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        TreeEncoder(box: append(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        TreeEncoder(box: append(key), codingPath: codingPath + [key]).unkeyedContainer()
    }
    mutating func superEncoder() -> Encoder { TreeEncoder(box: box, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> Encoder { TreeEncoder(box: append(key), codingPath: codingPath) }
}

private struct UnkeyedTree: UnkeyedEncodingContainer {
    let box: CLIJSONEncoder.Box
    var codingPath: [CodingKey]
    var count: Int {
        if case .array(let items) = box.node { return items.count }
        return 0
    }

    private func append() -> CLIJSONEncoder.Box {
        let child = CLIJSONEncoder.Box()
        if case .array(var items) = box.node {
            items.append(child)
            box.node = .array(items)
        }
        return child
    }

    mutating func encodeNil() throws { append().node = .null }
    mutating func encode<T: Encodable>(_ value: T) throws { try encodeValue(value, into: append(), path: codingPath) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        TreeEncoder(box: append(), codingPath: codingPath).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        TreeEncoder(box: append(), codingPath: codingPath).unkeyedContainer()
    }
    mutating func superEncoder() -> Encoder { TreeEncoder(box: append(), codingPath: codingPath) }
}

private struct SingleTree: SingleValueEncodingContainer {
    let box: CLIJSONEncoder.Box
    var codingPath: [CodingKey]
    mutating func encodeNil() throws { box.node = .null }
    mutating func encode<T: Encodable>(_ value: T) throws { try encodeValue(value, into: box, path: codingPath) }
}
