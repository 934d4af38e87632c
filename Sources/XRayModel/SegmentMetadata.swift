/// A document's `metadata`: free-form values that only the detail pane shows. The decoder
/// keeps them as the JSON text they came in, checked as they would be read, and they are read
/// when asked for. Made into dictionaries at once (each key hashed, the storage grown, all of
/// it freed with the document), they were 6 % of the instructions of decoding the benchmark's
/// `shop` documents (three in ten of the `shop` sample's documents have metadata).
///
/// Equal when the values are equal, whatever their form or spacing.
struct SegmentMetadata: Sendable, Hashable {
    private enum Form: Sendable {
        case values([String: JSONValue])
        /// A JSON object that `SinglePassDecoder.metadata()` checked.
        case text(String)
    }

    private let form: Form

    init(_ values: [String: JSONValue] = [:]) { form = .values(values) }

    /// `text` must be a JSON object `SinglePassDecoder.checkFreeFormValue()` accepted, so
    /// that reading it cannot fail.
    init(checkedText text: String) { form = .text(text) }

    var values: [String: JSONValue] {
        switch form {
        case .values(let values): return values
        case .text(let text): return SinglePassDecoder.freeFormObject(checked: text)
        }
    }

    static func == (a: SegmentMetadata, b: SegmentMetadata) -> Bool { a.values == b.values }
    func hash(into hasher: inout Hasher) { hasher.combine(values) }
}
