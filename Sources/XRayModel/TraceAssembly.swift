/// Flattens a trace's top-level documents into spans. Order-independent: the input is sorted
/// first, and where one entity appears in several documents (embedded in an in-progress
/// segment, then streamed standalone) the preferred version wins.
struct TraceAssembly {
    private struct Entity {
        var document: SegmentDocument
        /// The entity it was embedded in, if it was.
        var container: String?
        var documentID: String
    }

    private var entities: [String: Entity] = [:]
    private(set) var spans: [Span] = []
    private(set) var rootIndex: Int?

    init(documents: [StoredDocument]) {
        for stored in documents.sorted(by: { $0.id < $1.id }) {
            collect(stored.document, container: nil, documentID: stored.id)
        }
        layOut()
    }

    private mutating func collect(_ document: SegmentDocument, container: String?, documentID: String) {
        var flat = document
        flat.subsegments = []
        let candidate = Entity(document: flat, container: container, documentID: documentID)
        if let existing = entities[document.id] {
            if document.isPreferred(over: existing.document) { entities[document.id] = candidate }
        } else {
            entities[document.id] = candidate
        }
        for child in document.subsegments {
            collect(child, container: document.id, documentID: documentID)
        }
    }

    private func parentID(of entity: Entity) -> String? {
        if let container = entity.container { return container }
        return entity.document.kind == .subsegment ? entity.document.parentID : nil
    }

    private mutating func layOut() {
        var childrenOf: [String: [String]] = [:]
        var topLevel: [String] = []
        var orphans: Set<String> = []
        for (id, entity) in entities {
            if let parent = parentID(of: entity), parent != id, entities[parent] != nil {
                childrenOf[parent, default: []].append(id)
            } else {
                topLevel.append(id)
                if entity.document.kind == .subsegment { orphans.insert(id) }
            }
        }
        let entities = self.entities
        let byStart = { (a: String, b: String) -> Bool in
            let x = entities[a]!.document
            let y = entities[b]!.document
            return (x.startTime, x.id) < (y.startTime, y.id)
        }
        let segments = topLevel.filter { !orphans.contains($0) }.sorted(by: byStart)
        var emitted: Set<String> = []

        func emit(_ id: String, parent: Int?, segment: Int?, depth: Int, orphan: Bool) {
            guard emitted.insert(id).inserted, let entity = entities[id] else { return }
            let index = spans.count
            let owner = entity.document.kind == .segment ? index : segment
            spans.append(
                Span(
                    document: entity.document, parentIndex: parent, children: [], callees: [],
                    callerIndex: nil, segmentIndex: owner, depth: depth, isOrphan: orphan,
                    documentID: entity.documentID))
            for child in (childrenOf[id] ?? []).sorted(by: byStart) {
                spans[index].children.append(spans.count)
                emit(child, parent: index, segment: owner, depth: depth + 1, orphan: orphan)
            }
        }

        for id in segments { emit(id, parent: nil, segment: nil, depth: 0, orphan: false) }
        for id in orphans.sorted(by: byStart) { emit(id, parent: nil, segment: nil, depth: 0, orphan: true) }
        // Entities caught in a parent_id cycle are reached from no root: show them as orphans.
        for id in entities.keys.filter({ !emitted.contains($0) }).sorted(by: byStart) {
            emit(id, parent: nil, segment: nil, depth: 0, orphan: true)
        }
        linkCallers()
    }

    /// Connects each segment to the span whose id is its `parent_id` and picks the root.
    private mutating func linkCallers() {
        var indexByID: [String: Int] = [:]
        for (index, span) in spans.enumerated() { indexByID[span.id] = index }
        for index in spans.indices where spans[index].isSegment {
            guard let parentID = spans[index].document.parentID, let caller = indexByID[parentID],
                caller != index
            else { continue }
            spans[index].callerIndex = caller
            spans[caller].callees.append(index)
        }
        rootIndex =
            spans.indices.first { spans[$0].isSegment && spans[$0].callerIndex == nil }
            ?? spans.indices.first { spans[$0].isSegment }
    }
}
