/// One trace assembled from its documents: every segment and subsegment flattened into
/// `spans` in display order (segments by start time, each followed by its subsegments
/// depth-first), with parent and child links by index.
///
/// Standalone subsegments hang under their `parent_id` wherever it is found; a subsegment
/// whose parent never arrived is an orphan, kept and listed after the segments.
public struct Trace: Sendable, Hashable {
    public let id: String
    /// Top-level documents as received, sorted by start time.
    public let documents: [StoredDocument]
    public let spans: [Span]
    /// The entry segment: the earliest segment whose caller is not in the trace.
    public let rootIndex: Int?
    public let revision: Int

    public init(id: String, documents: [StoredDocument], revision: Int = 0) {
        self.id = id
        // The ids only on a tie: a tuple of both copied each id for every comparison.
        self.documents = documents.sorted { first, second in
            let (firstStart, secondStart) = (first.document.startTime, second.document.startTime)
            return firstStart != secondStart ? firstStart < secondStart : first.id < second.id
        }
        self.revision = revision
        let assembly = TraceAssembly(documents: documents)
        spans = assembly.spans
        rootIndex = assembly.rootIndex
        // Stored, not computed: views ask for them per row, and a trace can have 100,000 spans.
        startTime = spans.map(\.document.startTime).min() ?? 0
        let start = startTime
        endTime = spans.map { $0.document.endTime ?? $0.document.startTime }.max() ?? start
    }

    public var root: Span? { rootIndex.map { spans[$0] } }
    public var segments: some Sequence<Span> { spans.lazy.filter(\.isSegment) }
    public var segmentCount: Int { spans.reduce(0) { $0 + ($1.isSegment ? 1 : 0) } }

    /// Earliest start of any document.
    public let startTime: Double
    /// Latest end (or start, for documents still in progress) of any document.
    public let endTime: Double

    public var isInProgress: Bool { spans.contains { $0.document.inProgress } }

    /// The segment that owns a span (itself for a segment).
    public func owningSegment(of span: Span) -> Span? {
        span.segmentIndex.map { spans[$0] }
    }

    /// Ancestors from the owning segment down to the span itself.
    public func pathFromSegment(to index: Int) -> [Int] {
        var path = [index]
        var current = index
        while !spans[current].isSegment, let parent = spans[current].parentIndex {
            path.append(parent)
            current = parent
        }
        return path.reversed()
    }
}

/// A segment or subsegment in a trace. `document` has its embedded subsegments removed: the
/// tree is in `children`.
public struct Span: Sendable, Hashable {
    public var document: SegmentDocument
    public var parentIndex: Int?
    public var children: [Int]
    /// Segments whose `parent_id` is this span: the calls it made to traced services.
    public var callees: [Int]
    /// Segment whose `parent_id` this segment points at, when it is in the trace.
    public var callerIndex: Int?
    public var segmentIndex: Int?
    public var depth: Int
    public var isOrphan: Bool
    /// The id of the top-level document this span was read from.
    public var documentID: String

    public var isSegment: Bool { document.kind == .segment }
    public var id: String { document.id }
}
