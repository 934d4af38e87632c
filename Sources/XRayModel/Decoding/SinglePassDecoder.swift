import Foundation

/// Decodes a segment document in one pass over its bytes: each value is read where its key is
/// found, with no tape of the document made first and read again.
///
/// It serves the common document only. At anything out of the ordinary it declines: a fault
/// of any kind, a key with an escape or a byte outside printable ASCII, a null inside
/// annotations, a repeated annotation key. `SegmentDecoder` then decodes the document from a
/// tape, and refuses it exactly as the reference does, in the reference's order. So this
/// decoder never has to name a fault. It only has to accept what `SegmentDecoder` accepts and
/// give the same document; where it is unsure, it declines.
///
/// The values are read by the same functions as there (`JSONTape.text`, `JSONNumber`,
/// `StringScan`), and the syntax accepted is the tape's.
struct SinglePassDecoder {
    /// Leave the document to `SegmentDecoder`.
    struct Decline: Error {}

    let bytes: UnsafeRawBufferPointer
    /// This thread's long strings of the documents before.
    private let recent = RecentStrings.current
    /// Short strings can be written in Swift's inline form (asked once a document, not once
    /// a string: the answer is a lazily made global).
    private let inlineFormConfirmed = SmallASCII.confirmed
    private(set) var position = 0
    /// Objects and arrays open; the tape refuses more than 512.
    private var depth = 0

    /// The document, or nil when `SegmentDecoder` must decide.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> SegmentDocument? {
        // Nodes hold 32-bit offsets (documents are at most 64 KiB when they get here).
        guard bytes.count < Int32.max else { return nil }
        var decoder = SinglePassDecoder(bytes: bytes)
        do throws(Decline) {
            decoder.skipWhitespace()
            let document = try decoder.segment(embedded: false)
            decoder.skipWhitespace()
            guard decoder.position == bytes.count else { return nil }
            return document
        } catch {
            return nil
        }
    }

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    // MARK: The cursor

    /// The byte at the cursor; 0 (never the start of a token) past the end.
    @inline(__always)
    var current: UInt8 { position < bytes.count ? bytes[position] : 0 }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            let byte = bytes[position]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            position += 1
        }
    }

    @inline(__always)
    private mutating func consume(_ byte: UInt8) throws(Decline) {
        guard current == byte else { throw Decline() }
        position += 1
    }

    mutating func literal(_ word: StaticString) throws(Decline) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count, memcmp(bytes.baseAddress! + position, word.utf8Start, count) == 0
        else { throw Decline() }
        position += count
    }

    private mutating func enter() throws(Decline) {
        depth += 1
        guard depth < JSONTape.maxDepth else { throw Decline() }
    }

    // MARK: Scalars, as SegmentDecoder reads them

    /// The string at the cursor, located and stepped over. Inlined: most strings end within
    /// the first sixteen bytes scanned, and a call cost more than the scan.
    @inline(__always)
    mutating func stringNode() throws(Decline) -> JSONTape.Node {
        guard current == UInt8(ascii: "\""), let scan = StringScan.scan(bytes, from: position + 1) else {
            throw Decline()
        }
        // Only strings can hold bytes above 0x7F (anywhere else they are a syntax error), and a
        // UTF-8 sequence cannot hold a quote: the text is UTF-8 when each string's bytes are.
        if scan.marked, !UnsafeRawBufferPointer(rebasing: bytes[(position + 1)..<scan.quote]).isValidUTF8 {
            throw Decline()
        }
        let node = scan.node(start: position + 1)
        position = scan.quote + 1
        return node
    }

    /// A string, sanitized for display.
    mutating func text() throws(Decline) -> String {
        let node = try stringNode()
        // A plain string is its bytes as they are: nothing to unescape or sanitize.
        if node.plain { return string(UnsafeRawBufferPointer(rebasing: bytes[Int(node.start)..<Int(node.end)])) }
        guard let text = JSONTape.text(node, in: bytes) else { throw Decline() }
        return text
    }

    /// The string `text` spells, which is valid UTF-8 from the document. A long one is often a
    /// value of a document before; a short one is written in Swift's inline form.
    @inline(__always)
    func string(_ text: UnsafeRawBufferPointer) -> String {
        if text.count > 15 { return recent.string(text) }
        if inlineFormConfirmed, let words = SmallASCII.words(text) { return SmallASCII.string(words) }
        return String(bytes: text)
    }

    /// A segment's own id, checked on its bytes (16 hex digits) before a String is made of
    /// them. New in nearly every document, so not looked for among recent strings.
    mutating func entityID() throws(Decline) -> String {
        let node = try stringNode()
        let id = UnsafeRawBufferPointer(rebasing: bytes[Int(node.start)..<Int(node.end)])
        guard node.plain, XRayID.isValidEntityID(bytes: id) else { throw Decline() }
        return String(decoding: id, as: UTF8.self)
    }

    /// A trace id (`1-` and hex digits) or a parent id (16 hex digits), checked on its bytes.
    /// Often one of the documents before had it: the other documents of a trace come close
    /// together (in the benchmark's documents, 90 % of trace ids and 40 % of parent ids were
    /// there), so it is shared with them.
    mutating func sharedID(isValid: (UnsafeRawBufferPointer) -> Bool) throws(Decline) -> String {
        let node = try stringNode()
        let id = UnsafeRawBufferPointer(rebasing: bytes[Int(node.start)..<Int(node.end)])
        guard node.plain, isValid(id) else { throw Decline() }
        return recent.string(id)
    }

    /// An array of strings; `clean` sanitizes them for display.
    mutating func texts(clean: Bool) throws(Decline) -> [String] {
        try list { decoder throws(Decline) in
            let node = try decoder.stringNode()
            guard let text = clean ? JSONTape.text(node, in: decoder.bytes) : JSONTape.string(node, in: decoder.bytes)
            else { throw Decline() }
            return text
        }
    }

    /// The number token at the cursor (as the tape scans it loosely), stepped over: where it
    /// starts and ends.
    private mutating func numberToken() throws(Decline) -> (start: Int, end: Int) {
        let byte = current
        guard byte == UInt8(ascii: "-") || byte &- UInt8(ascii: "0") < 10 else { throw Decline() }
        let start = position
        position = JSONNumber.tokenEnd(bytes, from: position + 1)
        return (start, position)
    }

    /// The number at the cursor, read and stepped over in one go. Where the grammar stops must
    /// be where the tape's loose token ends, or the tape's reader refuses the token (`01`,
    /// `1.5.2`, `2-1`).
    mutating func numberValue() throws(Decline) -> (number: JSONNumber, start: Int) {
        let start = position
        guard let number = JSONNumber(prefixOf: bytes, start, limit: bytes.count),
            JSONNumber.tokenEnd(bytes, from: number.end) == number.end
        else { throw Decline() }
        position = number.end
        return (number, start)
    }

    /// A number, or a string holding one (`"200"`, `" 1.5 "`).
    mutating func number() throws(Decline) -> Double {
        if current == UInt8(ascii: "\"") {
            guard let text = JSONTape.string(try stringNode(), in: bytes),
                let value = Double(text.trimmingCharacters(in: .whitespaces))
            else { throw Decline() }
            return value
        }
        let (number, start) = try numberValue()
        guard let value = number.double(bytes, start, number.end) else { throw Decline() }
        return value
    }

    /// A whole number that may arrive as `200`, `200.0` or `"200"`.
    mutating func integer() throws(Decline) -> Int {
        let value = try number()
        guard value.isFinite, value.rounded() == value, abs(value) < 1e15 else { throw Decline() }
        return Int(value)
    }

    /// A whole number, or nil for a value of any other kind, which is stepped over: what the
    /// tape decoder's `try?` makes of a bad `content_length`.
    mutating func integerOrNil() throws(Decline) -> Int? {
        let start = position
        do throws(Decline) {
            return try integer()
        } catch {
            position = start
            try skipValue()
            return nil
        }
    }

    mutating func flag() throws(Decline) -> Bool {
        switch current {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        default: throw Decline()
        }
    }

    // MARK: Objects and arrays

    /// An object being read.
    struct OpenObject {
        /// The fields of its schema read so far, one bit each (a schema has fewer than 64).
        var seen: UInt64 = 0
        var first = true
    }

    /// Steps into the object at the cursor.
    mutating func openObject() throws(Decline) -> OpenObject {
        guard current == UInt8(ascii: "{") else { throw Decline() }
        try enter()
        position += 1
        skipWhitespace()
        return OpenObject()
    }

    /// The next member's key, with the cursor at its value; nil, and the object closed, at its
    /// end. A trailing comma is accepted, as by the tape. Inlined into `nextField`, where it
    /// runs for every key.
    @inline(__always)
    mutating func nextKey(_ object: inout OpenObject) throws(Decline) -> JSONTape.Node? {
        if object.first {
            object.first = false
        } else {
            skipWhitespace()
            if current != UInt8(ascii: "}") {
                try consume(UInt8(ascii: ","))
                skipWhitespace()
            }
        }
        if current == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return nil
        }
        let key = try stringNode()
        skipWhitespace()
        try consume(UInt8(ascii: ":"))
        skipWhitespace()
        return key
    }

    /// The next field of the open object that its schema knows and that holds a value, with
    /// the cursor at the value; nil at the object's end. As in the tape decoder, the first of
    /// two equal keys wins and a null is no value; members the schema does not know are
    /// stepped over, their syntax checked.
    mutating func nextField<Key: SchemaKey>(_ object: inout OpenObject) throws(Decline) -> Key? {
        while let key = try nextKey(&object) {
            // A key with an escape or a byte outside printable ASCII: the tape decoder checks it.
            guard key.plain else { throw Decline() }
            guard let field = Key.names.field(in: bytes, Int(key.start), Int(key.end)),
                object.seen & (1 << field) == 0
            else {
                try skipValue()
                continue
            }
            object.seen |= 1 << field
            if current == UInt8(ascii: "n") {
                try literal("null")
                continue
            }
            return Key(rawValue: field)
        }
        return nil
    }

    /// The array at the cursor, each element read by `element`.
    mutating func list<T>(_ element: (inout SinglePassDecoder) throws(Decline) -> T) throws(Decline) -> [T] {
        var elements: [T] = []
        try forEachElement { decoder throws(Decline) in elements.append(try element(&decoder)) }
        return elements
    }

    /// Steps through the array at the cursor, `element` reading each element. A trailing comma
    /// is accepted, as by the tape.
    mutating func forEachElement(_ element: (inout SinglePassDecoder) throws(Decline) -> Void) throws(Decline) {
        guard current == UInt8(ascii: "[") else { throw Decline() }
        try enter()
        position += 1
        skipWhitespace()
        while current != UInt8(ascii: "]") {
            try element(&self)
            skipWhitespace()
            guard current != UInt8(ascii: "]") else { break }
            try consume(UInt8(ascii: ","))
            skipWhitespace()
        }
        position += 1
        depth -= 1
    }

    /// Steps over the value at the cursor, checking its syntax only, as the tape does for a
    /// value nobody reads.
    mutating func skipValue() throws(Decline) {
        switch current {
        case UInt8(ascii: "{"):
            var object = try openObject()
            while try nextKey(&object) != nil { try skipValue() }
        case UInt8(ascii: "["): try forEachElement { decoder throws(Decline) in try decoder.skipValue() }
        case UInt8(ascii: "\""): _ = try stringNode()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: _ = try numberToken()
        }
    }

    // MARK: Free-form values

    /// An object of free-form values (`metadata`, link attributes): keys as sent, the first of
    /// two equal keys wins.
    mutating func freeFormObject() throws(Decline) -> [String: JSONValue] {
        var object = try openObject()
        var members: [String: JSONValue] = [:]
        while let keyNode = try nextKey(&object) {
            guard let key = JSONTape.string(keyNode, in: bytes) else { throw Decline() }
            // One lookup for the common case, a key seen once; a repeated key's value is read
            // too (declining if it is faulty, where the tape decoder would not read it) and the
            // first put back.
            if let first = members.updateValue(try freeFormValue(), forKey: key) { members[key] = first }
        }
        return members
    }

    mutating func freeFormValue() throws(Decline) -> JSONValue {
        switch current {
        case UInt8(ascii: "{"): return .object(try freeFormObject())
        case UInt8(ascii: "["): return .array(try list { decoder throws(Decline) in try decoder.freeFormValue() })
        case UInt8(ascii: "\""):
            guard let text = JSONTape.string(try stringNode(), in: bytes) else { throw Decline() }
            return .string(text)
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool(try flag())
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default:
            let (number, start) = try numberValue()
            guard let value = JSONValue.number(number, in: bytes, start) else { throw Decline() }
            return value
        }
    }
}
