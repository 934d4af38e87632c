import Foundation

/// One pass over a JSON text that checks its syntax and records where every value is, so a
/// decoder can then read fields in any order without parsing twice (the idea of simdjson's
/// tape, done simply). Strings and numbers are only located here; their contents are checked
/// when a decoder reads them, as Foundation's `JSONDecoder` does, so a malformed value in a
/// field nobody reads does not refuse a document that Foundation accepted.
///
/// The syntax accepted is Foundation's: trailing commas in objects and arrays are allowed,
/// number tokens are scanned loosely (checked when read), nesting deeper than 512 is refused.
///
/// The nodes are written to memory the tape owns rather than to an Array: appending to an
/// Array passed `inout` through the scanner checked its uniqueness with a call on every node.
/// Read `nodes` through the tape (`tape.nodes[i]`), so that the tape outlives each read.
package final class JSONTape {
    package enum Kind: UInt8 {
        case object, array, string, number, `true`, `false`, null
    }

    package struct Node {
        package var kind: Kind
        /// A string holds a backslash, so its text must be unescaped.
        package var escaped: Bool
        /// A string of printable ASCII with no escape: its bytes are its text as displayed, so
        /// reading it needs no scan of its bytes.
        package var plain = false
        /// Strings: the first byte after the quote; numbers: the first byte; containers: the
        /// opening bracket.
        package var start: Int32
        /// Strings: the closing quote; numbers: one past the last byte; containers: the index
        /// of the first node after the container's last descendant.
        package var end: Int32
    }

    /// Foundation refuses more than 512 levels of nesting; so do we.
    static let maxDepth = 512

    /// The nodes written so far, in document order.
    package var nodes: UnsafeBufferPointer<Node> { UnsafeBufferPointer(start: storage.start, count: storage.count) }
    private let storage: NodeStorage
    /// Some string holds a byte outside printable ASCII. Only strings can hold bytes above
    /// 0x7F (anywhere else they are a syntax error), so when this is false the text is ASCII
    /// and needs no UTF-8 check.
    package private(set) var mayHoldNonASCII = false

    /// Syntax errors say what was expected and at which byte.
    package struct SyntaxError: Error {
        package var message: String
        package var offset: Int
        package var description: String { "\(message) at byte \(offset + 1)" }
    }

    package init(bytes: UnsafeRawBufferPointer) throws(SyntaxError) {
        // Nodes hold 32-bit offsets.
        guard bytes.count < Int32.max else { throw SyntaxError(message: "longer than 2 GiB", offset: 0) }
        // About one node for every eight bytes in segment documents; grown when short.
        storage = NodeStorage(capacity: max(16, bytes.count / 8))
        var scanner = Scanner(bytes: bytes)
        scanner.skipWhitespace()
        try scanner.value(into: storage, depth: 1)
        scanner.skipWhitespace()
        guard scanner.position == bytes.count else { throw scanner.error("unexpected text after the document") }
        mayHoldNonASCII = scanner.sawMarkedString
    }

    /// Where the scanner appends nodes: memory grown by doubling, freed with the tape.
    final class NodeStorage {
        private(set) var start: UnsafeMutablePointer<Node>
        private(set) var count = 0
        private var capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            start = .allocate(capacity: capacity)
        }

        deinit { start.deallocate() }

        /// Appends `node`; returns its index.
        @inline(__always)
        @discardableResult
        func append(_ node: Node) -> Int {
            if count == capacity { grow() }
            (start + count).initialize(to: node)
            count += 1
            return count - 1
        }

        /// Where a container's node says its contents end.
        @inline(__always)
        func close(_ index: Int) {
            assert(index < count)
            start[index].end = Int32(count)
        }

        private func grow() {
            let larger = UnsafeMutablePointer<Node>.allocate(capacity: capacity * 2)
            larger.moveInitialize(from: start, count: count)
            start.deallocate()
            start = larger
            capacity *= 2
        }
    }

    /// The node after `index` and everything inside it.
    @inline(__always)
    package func next(after index: Int) -> Int {
        let node = nodes[index]
        return node.kind == .object || node.kind == .array ? Int(node.end) : index + 1
    }
}

private struct Scanner {
    let bytes: UnsafeRawBufferPointer
    var position = 0
    /// A string closed so far had a byte below 0x20 or from 0x7F up.
    var sawMarkedString = false

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    func error(_ message: String) -> JSONTape.SyntaxError {
        JSONTape.SyntaxError(message: message, offset: position)
    }

    @inline(__always)
    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    mutating func value(into nodes: JSONTape.NodeStorage, depth: Int) throws(JSONTape.SyntaxError) {
        guard let byte = current else { throw error("unexpected end of the document") }
        switch byte {
        case UInt8(ascii: "{"): try container(into: nodes, depth: depth, object: true)
        case UInt8(ascii: "["): try container(into: nodes, depth: depth, object: false)
        case UInt8(ascii: "\""): try string(into: nodes)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): number(into: nodes)
        case UInt8(ascii: "t"): try literal("true", .true, into: nodes)
        case UInt8(ascii: "f"): try literal("false", .false, into: nodes)
        case UInt8(ascii: "n"): try literal("null", .null, into: nodes)
        default: throw error("unexpected character '\(printable(byte))'")
        }
    }

    private mutating func container(
        into nodes: JSONTape.NodeStorage, depth: Int, object: Bool
    ) throws(JSONTape.SyntaxError) {
        guard depth <= JSONTape.maxDepth else { throw error("nested more than \(JSONTape.maxDepth) levels deep") }
        let index = nodes.append(.init(kind: object ? .object : .array, escaped: false, start: Int32(position), end: 0))
        let close = object ? UInt8(ascii: "}") : UInt8(ascii: "]")
        position += 1
        skipWhitespace()
        if current == close {
            position += 1
            nodes.close(index)
            return
        }
        while true {
            if object {
                guard current == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
                try string(into: nodes)
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
                position += 1
                skipWhitespace()
            }
            try value(into: nodes, depth: depth + 1)
            skipWhitespace()
            guard let byte = current else { throw error("unexpected end of the document") }
            if byte == close {
                position += 1
                break
            }
            guard byte == UInt8(ascii: ",") else {
                throw error(object ? "expected ',' or '}'" : "expected ',' or ']'")
            }
            position += 1
            skipWhitespace()
            // Foundation accepts a trailing comma.
            if current == close {
                position += 1
                break
            }
        }
        nodes.close(index)
    }

    private mutating func string(into nodes: JSONTape.NodeStorage) throws(JSONTape.SyntaxError) {
        guard let scan = StringScan.scan(bytes, from: position + 1) else {
            throw error("a string that is never closed")
        }
        sawMarkedString = sawMarkedString || scan.marked
        nodes.append(scan.node(start: position + 1))
        position = scan.quote + 1
    }

    /// A loose token, as Foundation scans it: checked against the JSON grammar when read.
    private mutating func number(into nodes: JSONTape.NodeStorage) {
        let start = position
        position = JSONNumber.tokenEnd(bytes, from: position + 1)
        nodes.append(.init(kind: .number, escaped: false, start: Int32(start), end: Int32(position)))
    }

    private mutating func literal(
        _ word: StaticString, _ kind: JSONTape.Kind, into nodes: JSONTape.NodeStorage
    ) throws(JSONTape.SyntaxError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count,
            memcmp(bytes.baseAddress! + position, word.utf8Start, count) == 0
        else { throw error("unexpected character '\(printable(bytes[position]))'") }
        nodes.append(.init(kind: kind, escaped: false, start: Int32(position), end: Int32(position + count)))
        position += count
    }

    private func printable(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "0x" + String(byte, radix: 16, uppercase: true)
    }
}
