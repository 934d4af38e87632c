import Foundation

/// Decodes one segment document from its bytes: the X-Ray schema read straight off a
/// `JSONTape`, with no Foundation JSON on the way. The values, the lenient numbers and the
/// rejections (reason and field path) are those of the `Codable` initializers in
/// `SegmentDocument+Codable.swift`, which stay as the reference: the differential tests feed
/// both the same documents. Fields are checked in the order those initializers read them, so
/// a document with two faults is refused for the same one.
struct SegmentDecoder {
    let bytes: UnsafeRawBufferPointer
    let tape: JSONTape
    /// For each object being decoded, the node of each field the schema knows (-1: absent).
    /// A stack of windows, `slotsInUse` long; the array itself only grows, so that opening and
    /// closing a block are a fill and a count rather than an append and a removal.
    private var slots: [Int32] = []
    private var slotsInUse = 0
    /// Where the decoder is, for the messages: `subsegments[2].http`.
    private var path: [PathComponent] = []

    enum PathComponent {
        case key(String)
        case index(Int)
    }

    /// The document in `bytes` (one JSON object, trimmed), or why it is refused. The common
    /// document is read in one pass (`SinglePassDecoder`, which checks UTF-8 string by string
    /// and declines text that is not); any other from a tape. There, text that is not UTF-8 is
    /// refused as such before anything else, as by the reference; the check runs only when the
    /// tape's scan saw a byte outside ASCII, or failed.
    static func decode(_ bytes: UnsafeRawBufferPointer) throws(RejectionReason) -> SegmentDocument {
        if let document = SinglePassDecoder.decode(bytes) { return document }
        return try decodeFromTape(bytes)
    }

    /// The document decoded from a tape of its bytes: every fault named as by the reference.
    static func decodeFromTape(_ bytes: UnsafeRawBufferPointer) throws(RejectionReason) -> SegmentDocument {
        let tape: JSONTape
        do {
            tape = try JSONTape(bytes: bytes)
        } catch {
            guard bytes.isValidUTF8 else { throw DocumentParser.notUTF8.reason }
            throw .notJSON(error.description)
        }
        if tape.mayHoldNonASCII, !bytes.isValidUTF8 { throw DocumentParser.notUTF8.reason }
        var decoder = SegmentDecoder(bytes: bytes, tape: tape)
        guard tape.nodes.first?.kind == .object else { throw .notAnObject }
        return try decoder.segment(0, embedded: false)
    }

    private init(bytes: UnsafeRawBufferPointer, tape: JSONTape) {
        self.bytes = bytes
        self.tape = tape
        // Room for a segment's fields, a subsegment's and their open blocks'; grown when a
        // document nests deeper.
        slots = Array(repeating: -1, count: 128)
        // Deep enough for nearly every document: grown from empty, it was reallocated as the
        // decoder went deeper (the profile showed the growth).
        path.reserveCapacity(8)
    }

    // MARK: Objects and their fields

    /// An object opened for decoding: where its fields' nodes are in `slots`.
    struct Fields<Key: SchemaKey> {
        let base: Int
    }

    /// Finds the fields of the object at `node`. Every key is checked as Foundation checks the
    /// keys of a container it opens; of duplicate keys the first wins, as there.
    mutating func open<Key: SchemaKey>(_ node: Int, _: Key.Type) throws(RejectionReason) -> Fields<Key> {
        let names = Key.names
        let base = slotsInUse
        slotsInUse += names.count
        if slots.count < slotsInUse { slots += repeatElement(-1, count: max(slots.count, slotsInUse - slots.count)) }
        slots.withUnsafeMutableBufferPointer { slots in
            UnsafeMutableBufferPointer(rebasing: slots[base..<(base + names.count)]).update(repeating: -1)
        }
        var member = node + 1
        let end = Int(tape.nodes[node].end)
        while member < end {
            let keyNode = tape.nodes[member]
            let field: Int?
            if keyNode.escaped {
                guard var key = JSONTape.string(keyNode, in: bytes) else { throw invalidString(keyNode) }
                field = key.withUTF8 { names.field(UnsafeRawBufferPointer($0)) }
            } else {
                let start = Int(keyNode.start)
                let end = Int(keyNode.end)
                guard keyNode.plain || !bytes[start..<end].contains(where: { $0 < 0x20 }) else {
                    throw invalidString(keyNode)
                }
                field = names.field(in: bytes, start, end)
            }
            if let field, slots[base + field] < 0 { slots[base + field] = Int32(member + 1) }
            member = tape.next(after: member + 1)
        }
        return Fields(base: base)
    }

    /// Done with the innermost open object.
    mutating func close<Key>(_ fields: Fields<Key>) {
        slotsInUse = fields.base
    }

    /// The node of a field, or nil when it is absent or `null` (both mean "not there").
    @inline(__always)
    func node<Key>(_ fields: Fields<Key>, _ key: Key) -> Int? {
        let index = Int(slots[fields.base + key.rawValue])
        guard index >= 0, tape.nodes[index].kind != .null else { return nil }
        return index
    }

    // MARK: Paths and errors

    func pathString(_ last: PathComponent? = nil) -> String {
        var text = ""
        for component in last.map({ path + [$0] }) ?? path {
            switch component {
            case .index(let index): text += "[\(index)]"
            case .key(let key): text += text.isEmpty ? key : "." + key
            }
        }
        return text
    }

    func pathString<Key: SchemaKey>(_ key: Key) -> String { pathString(.key(key.name)) }

    func wrongType<Key: SchemaKey>(_ key: Key, _ expected: String) -> RejectionReason {
        .wrongType(path: pathString(key), expected: expected)
    }

    func invalidString(_ node: JSONTape.Node) -> RejectionReason {
        .notJSON("invalid string (a raw control character or a bad escape) at byte \(node.start)")
    }

    mutating func entering<T>(
        _ component: PathComponent, _ body: (inout SegmentDecoder) throws(RejectionReason) -> T
    ) throws(RejectionReason) -> T {
        path.append(component)
        defer { path.removeLast() }
        return try body(&self)
    }

    // MARK: Scalars, as LenientDecoding reads them

    /// A string field, sanitized for display.
    func text<Key: SchemaKey>(_ fields: Fields<Key>, _ key: Key) throws(RejectionReason) -> String? {
        guard let index = node(fields, key) else { return nil }
        let node = tape.nodes[index]
        guard node.kind == .string else { throw wrongType(key, "a string") }
        guard let text = JSONTape.text(node, in: bytes) else { throw invalidString(node) }
        return text
    }

    /// A number, or a string holding one (`"200"`, `" 1.5 "`).
    func number<Key: SchemaKey>(_ fields: Fields<Key>, _ key: Key) throws(RejectionReason) -> Double? {
        guard let index = node(fields, key) else { return nil }
        let node = tape.nodes[index]
        let start = Int(node.start)
        let end = Int(node.end)
        switch node.kind {
        case .number:
            if let value = JSONNumber(bytes, start, end)?.double(bytes, start, end) { return value }
        case .string:
            if let text = JSONTape.string(node, in: bytes),
                let value = Double(text.trimmingCharacters(in: .whitespaces))
            {
                return value
            }
        default: break
        }
        throw wrongType(key, "a number")
    }

    /// A whole number that may arrive as `200`, `200.0` or `"200"`.
    func integer<Key: SchemaKey>(_ fields: Fields<Key>, _ key: Key) throws(RejectionReason) -> Int? {
        guard let value = try number(fields, key) else { return nil }
        guard value.isFinite, value.rounded() == value, abs(value) < 1e15 else { throw wrongType(key, "a number") }
        return Int(value)
    }

    func flag<Key: SchemaKey>(_ fields: Fields<Key>, _ key: Key) throws(RejectionReason) -> Bool? {
        guard let index = node(fields, key) else { return nil }
        switch tape.nodes[index].kind {
        case .true: return true
        case .false: return false
        default: throw wrongType(key, "true or false")
        }
    }

    /// An object field decoded by `body` from its fields, or nil when absent.
    mutating func block<Key: SchemaKey, Inner: SchemaKey, T>(
        _ fields: Fields<Key>, _ key: Key, _: Inner.Type,
        _ body: (inout SegmentDecoder, Fields<Inner>) throws(RejectionReason) -> T
    ) throws(RejectionReason) -> T? {
        guard let index = node(fields, key) else { return nil }
        guard tape.nodes[index].kind == .object else { throw wrongType(key, "an object") }
        return try entering(.key(key.name)) { decoder throws(RejectionReason) in
            try decoder.element(index, Inner.self, body)
        }
    }

    /// An array field, each element decoded by `body` (which is told the element's node);
    /// nil when absent.
    mutating func list<Key: SchemaKey, T>(
        _ fields: Fields<Key>, _ key: Key, _ body: (inout SegmentDecoder, Int) throws(RejectionReason) -> T
    ) throws(RejectionReason) -> [T]? {
        guard let index = node(fields, key) else { return nil }
        guard tape.nodes[index].kind == .array else { throw wrongType(key, "an array") }
        return try entering(.key(key.name)) { decoder throws(RejectionReason) in
            var elements: [T] = []
            var element = index + 1
            let end = Int(decoder.tape.nodes[index].end)
            while element < end {
                let value = try decoder.entering(.index(elements.count)) { decoder throws(RejectionReason) in
                    try body(&decoder, element)
                }
                elements.append(value)
                element = decoder.tape.next(after: element)
            }
            return elements
        }
    }

    /// An array of strings; `clean` sanitizes them for display.
    mutating func strings<Key: SchemaKey>(
        _ fields: Fields<Key>, _ key: Key, clean: Bool
    ) throws(RejectionReason) -> [String]? {
        try list(fields, key) { decoder, element throws(RejectionReason) in
            let node = decoder.tape.nodes[element]
            guard node.kind == .string else {
                throw RejectionReason.wrongType(path: decoder.pathString(), expected: "a string")
            }
            guard let text = clean ? JSONTape.text(node, in: decoder.bytes) : JSONTape.string(node, in: decoder.bytes)
            else { throw decoder.invalidString(node) }
            return text
        }
    }

    /// An element of an array that must be an object.
    mutating func element<Key: SchemaKey, T>(
        _ node: Int, _: Key.Type, _ body: (inout SegmentDecoder, Fields<Key>) throws(RejectionReason) -> T
    ) throws(RejectionReason) -> T {
        guard tape.nodes[node].kind == .object else {
            throw RejectionReason.wrongType(path: pathString(), expected: "an object")
        }
        let fields = try open(node, Key.self)
        defer { close(fields) }
        return try body(&self, fields)
    }
}

/// The fields of one block of the schema, in the order of `names`.
protocol SchemaKey: RawRepresentable where RawValue == Int {
    static var names: FieldNames { get }
}

extension SchemaKey {
    var name: String { Self.names.names[rawValue] }
}

extension SegmentDecoder {
    /// The top-level `id` and `trace_id` of a document that was refused, when they can be
    /// read, so the message can name the document.
    static func ids(in bytes: UnsafeRawBufferPointer) -> (id: String?, traceID: String?) {
        guard let tape = try? JSONTape(bytes: bytes), tape.nodes.first?.kind == .object else { return (nil, nil) }
        var id: String?
        var traceID: String?
        var member = 1
        while member < Int(tape.nodes[0].end) {
            let value = tape.nodes[member + 1]
            if value.kind == .string, let key = JSONTape.string(tape.nodes[member], in: bytes) {
                if key == "id", id == nil { id = JSONTape.string(value, in: bytes) }
                if key == "trace_id", traceID == nil { traceID = JSONTape.string(value, in: bytes) }
            }
            member = tape.next(after: member + 1)
        }
        return (id, traceID)
    }

    /// The daemon's header line: an object whose `format` is "json" in any case and whose
    /// `version` is 1, however it is spaced.
    static func isDaemonHeader(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let tape = try? JSONTape(bytes: bytes), tape.nodes.first?.kind == .object else { return false }
        var format: String?
        var version: Double?
        var member = 1
        while member < Int(tape.nodes[0].end) {
            let value = tape.nodes[member + 1]
            switch JSONTape.string(tape.nodes[member], in: bytes) {
            case "format" where value.kind == .string: format = JSONTape.string(value, in: bytes)
            case "version" where value.kind == .number:
                let start = Int(value.start)
                let end = Int(value.end)
                version = JSONNumber(bytes, start, end)?.double(bytes, start, end)
            default: break
            }
            member = tape.next(after: member + 1)
        }
        return format?.lowercased() == "json" && version == 1
    }
}
