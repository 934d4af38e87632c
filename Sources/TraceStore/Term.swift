import Foundation
import XRayModel

/// A value a trace can hold several of, which filters ask about: a user, a service of the
/// summary, an annotation's value, a graph node or edge with the states its spans were in.
/// Traces hold them as ids into a `TermTable`, so traces share them (100,000 eks-workshop traces
/// hold 1,981), and a filter tests each distinct term once, not once a trace.
enum Term: Sendable, Hashable {
    case user(String)
    /// An entry of the summary's `ServiceIds`.
    case service(ServiceKey)
    case annotation(key: String, value: AnnotationValue)
    case availabilityZone(String)
    case instance(String)
    case resourceARN(String)
    /// A node of `service()`, with the set of `SpanState`s its spans in the trace had.
    case node(ServiceKey, states: UInt32)
    /// An edge of `edge()`, with the `SpanState`s of the documents on it.
    case edge(from: ServiceKey, to: ServiceKey, states: UInt32)
}

/// What a `service() { ... }` or `edge() { ... }` block can ask of one span without its
/// document: its status class, whether it is in progress, and whether its node is inferred
/// or the trace's root. Five bits, so the states a node's spans were in fit a `UInt32` mask.
struct SpanState: Sendable, Hashable {
    var status: StatusClass
    var partial: Bool
    var inferred: Bool
    var root: Bool

    var bit: UInt32 { 1 << UInt32(index) }

    var index: Int {
        let statusIndex: Int
        switch status {
        case .ok: statusIndex = 0
        case .error: statusIndex = 1
        case .throttle: statusIndex = 2
        case .fault: statusIndex = 3
        }
        return statusIndex | (partial ? 4 : 0) | (inferred ? 8 : 0) | (root ? 16 : 0)
    }

    static let all: [SpanState] = (0..<32).map { index in
        SpanState(
            status: [StatusClass.ok, .error, .throttle, .fault][index & 3], partial: index & 4 != 0,
            inferred: index & 8 != 0, root: index & 16 != 0)
    }
}

/// Terms by id (1-based; ids are what trace rows and the database's `trace.terms` hold).
/// Terms are never removed: pruning traces leaves their terms, which are few.
struct TermTable: Sendable {
    private(set) var terms: [Term] = []
    private var ids: [Term: UInt32] = [:]
    /// Terms below this count are in the database.
    var persistedCount = 0

    subscript(id: UInt32) -> Term { terms[Int(id) - 1] }

    mutating func id(for term: Term) -> UInt32 {
        if let id = ids[term] { return id }
        terms.append(term)
        let id = UInt32(terms.count)
        ids[term] = id
        return id
    }

    /// Terms read from the database, in id order.
    mutating func load(_ stored: [Term]) {
        for term in stored { _ = id(for: term) }
        persistedCount = terms.count
    }

    var unpersisted: ArraySlice<Term> { terms[persistedCount...] }
}

/// Interned texts (HTTP method, URL, client IP, user agent): the same URL in a million traces
/// is one string, and a filter tests it once. Id 0 is "none". Kept in memory only: the
/// database holds these as plain text columns, for sqlite3 users.
struct TextPool: Sendable {
    private(set) var texts: [String] = [""]
    private var ids: [String: UInt32] = [:]

    subscript(id: UInt32) -> String? { id == 0 ? nil : texts[Int(id)] }

    mutating func id(for text: String?) -> UInt32 {
        guard let text else { return 0 }
        if let id = ids[text] { return id }
        texts.append(text)
        let id = UInt32(texts.count - 1)
        ids[text] = id
        return id
    }

    /// Texts seen at start-up by a hash of their bytes, so that the millionth row with the
    /// same URL makes no string (nil: none, or two texts with one hash, which go the slow way).
    private var byHash: [UInt64: UInt32] = [:]

    private static func equal(_ text: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            utf8.count == bytes.count
                && (bytes.isEmpty || memcmp(utf8.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        }
    }

    /// Eight bytes a step: start-up hashes four texts of every row (URLs and user agents are
    /// long), and FNV-1a's byte a step was a tenth of reading a million rows. A collision only
    /// costs a comparison.
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash = UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
        func mix(_ word: UInt64) {
            hash = (hash ^ word) &* 0x9E37_79B9_7F4A_7C15
            hash ^= hash >> 29
        }
        var offset = 0
        while offset + 8 <= bytes.count {
            mix(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        for index in offset..<bytes.count { tail = tail << 8 | UInt64(bytes[index]) }
        mix(tail)
        return hash
    }

    /// Start-up: takes in the texts of a pool filled beside this one (by another core) and
    /// returns the ids they have here, indexed by their ids there.
    mutating func absorb(_ other: TextPool) -> [UInt32] {
        other.texts.indices.map { $0 == 0 ? 0 : id(for: other.texts[$0]) }
    }

    /// `id(for:)` for UTF-8 bytes as SQLite returns them (nil: a NULL column).
    mutating func id(utf8 bytes: UnsafeRawBufferPointer?) -> UInt32 {
        guard let bytes else { return 0 }
        let hash = Self.hash(bytes)
        if let id = byHash[hash], Self.equal(texts[Int(id)], bytes) { return id }
        let id = self.id(for: String(decoding: bytes, as: UTF8.self))
        byHash[hash] = id
        return id
    }
}
