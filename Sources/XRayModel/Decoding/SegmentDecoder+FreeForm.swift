// Free-form JSON (`metadata`, annotations before they are typed, link attributes), decoded as
// `JSONValue.init(from:)` decodes it: whole numbers as integers, and a value that is none of
// the JSON types (a bad number or string) refused as "an object", the last type it tries.

extension SegmentDecoder {
    /// An object of free-form values, or nil when absent.
    mutating func freeFormObject<Key: SchemaKey>(
        _ fields: Fields<Key>, _ key: Key
    ) throws(RejectionReason) -> [String: JSONValue]? {
        guard let index = node(fields, key) else { return nil }
        guard tape.nodes[index].kind == .object else { throw wrongType(key, "an object") }
        return try entering(.key(key.name)) { decoder throws(RejectionReason) in try decoder.members(index) }
    }

    /// The members of an object; of duplicate keys the first wins. Keys are not sanitized
    /// (metadata keys are data), values are decoded where the path points to them.
    private mutating func members(_ object: Int) throws(RejectionReason) -> [String: JSONValue] {
        var members: [String: JSONValue] = [:]
        var member = object + 1
        let end = Int(tape.nodes[object].end)
        while member < end {
            let keyNode = tape.nodes[member]
            guard let key = JSONTape.string(keyNode, in: bytes) else { throw invalidString(keyNode) }
            if members[key] == nil {
                members[key] = try entering(.key(key)) { decoder throws(RejectionReason) in
                    try decoder.value(member + 1)
                }
            }
            member = tape.next(after: member + 1)
        }
        return members
    }

    private mutating func value(_ index: Int) throws(RejectionReason) -> JSONValue {
        let node = tape.nodes[index]
        switch node.kind {
        case .null: return .null
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .number:
            if let number = freeFormNumber(node) { return number }
        case .string:
            if let text = JSONTape.string(node, in: bytes) { return .string(text) }
        case .array:
            // The reference reads an array with `try?`: any fault inside makes it try an object.
            do {
                var elements: [JSONValue] = []
                var element = index + 1
                while element < Int(node.end) {
                    elements.append(
                        try entering(.index(elements.count)) { decoder throws(RejectionReason) in
                            try decoder.value(element)
                        })
                    element = tape.next(after: element)
                }
                return .array(elements)
            } catch {}
        case .object:
            return .object(try members(index))
        }
        throw .wrongType(path: pathString(), expected: "an object")
    }

    /// A number as free-form values keep it: a whole number in range as an integer, any other
    /// as a double; nil when it is not a valid number.
    func freeFormNumber(_ node: JSONTape.Node) -> JSONValue? {
        JSONNumber(bytes, Int(node.start), Int(node.end)).flatMap { JSONValue.number($0, in: bytes, Int(node.start)) }
    }
}

extension JSONValue {
    /// A number, read from `start` in `bytes`, as free-form values keep it: a whole number in
    /// range as an integer, any other as a double; nil when it is too large for a Double.
    static func number(_ number: JSONNumber, in bytes: UnsafeRawBufferPointer, _ start: Int) -> JSONValue? {
        if let integer = number.int64(bytes, start, number.end) { return .int(integer) }
        return number.double(bytes, start, number.end).map(JSONValue.double)
    }
}
