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

    /// Entities in the order first seen, and where each id is: indices rather than a dictionary
    /// of documents, because a document is a large value and a trace can hold 100,000 of them.
    private var entities: [Entity] = []
    /// What an entity holds once its document has moved into a span: nothing to retain.
    private static let placeholder = SegmentDocument(kind: .segment, id: "", name: "", startTime: 0)
    private var indexOf: [String: Int] = [:]
    private(set) var spans: [Span] = []
    private(set) var rootIndex: Int?

    init(documents: [StoredDocument]) {
        // Room for every entity first: growing an array of 100,000 documents (a few hundred
        // bytes each) and the index over them by doubling was a third of the assembly.
        let total = documents.reduce(0) { $0 + Self.entityCount($1.document) }
        entities.reserveCapacity(total)
        indexOf.reserveCapacity(total)
        for stored in documents.sorted(by: { $0.id < $1.id }) {
            collect(stored.document, container: nil, documentID: stored.id)
        }
        layOut()
    }

    private mutating func collect(_ document: SegmentDocument, container: String?, documentID: String) {
        var flat = document
        // Taken out of the copy before it is stored, so the copy does not keep them alive. A
        // document without any keeps sharing its fields with the one it was read from.
        let children = flat.subsegments
        if !children.isEmpty { flat.subsegments = [] }
        let id = flat.id
        if let existing = indexOf[id] {
            if document.isPreferred(over: entities[existing].document) {
                entities[existing] = Entity(document: flat, container: container, documentID: documentID)
            }
        } else {
            indexOf[id] = entities.count
            entities.append(Entity(document: flat, container: container, documentID: documentID))
        }
        for index in children.indices {
            collect(children[index], container: id, documentID: documentID)
        }
    }

    private static func entityCount(_ document: SegmentDocument) -> Int {
        document.subsegments.reduce(1) { $0 + entityCount($1) }
    }

    private func parentID(of entity: Entity) -> String? {
        if let container = entity.container { return container }
        return entity.document.kind == .subsegment ? entity.document.parentID : nil
    }

    private mutating func layOut() {
        spans.reserveCapacity(entities.count)
        var childrenOf = Array(repeating: [Int](), count: entities.count)
        var topLevel: [Int] = []
        var isOrphan = Array(repeating: false, count: entities.count)
        // By index: a loop over the entities themselves copies each one (and its document).
        for index in entities.indices {
            if let parent = parentID(of: entities[index]).flatMap({ indexOf[$0] }), parent != index {
                childrenOf[parent].append(index)
            } else {
                topLevel.append(index)
                if entities[index].document.kind == .subsegment { isOrphan[index] = true }
            }
        }
        // Sort keys in arrays: comparing through the entities would copy two documents a time.
        let starts = entities.map(\.document.startTime)
        let ids = entities.map(\.document.id)
        let byStart = { (a: Int, b: Int) -> Bool in (starts[a], ids[a]) < (starts[b], ids[b]) }
        var emitted = Array(repeating: false, count: entities.count)
        // Where each entity's span went, so that callers are found through `indexOf` rather
        // than through a second dictionary with every id hashed again (this runs for every
        // trace the store places).
        var spanOf = Array(repeating: 0, count: entities.count)

        func emit(_ entity: Int, parent: Int?, segment: Int?, depth: Int, orphan: Bool) {
            emitted[entity] = true
            let index = spans.count
            spanOf[entity] = index
            // Moved out, not copied: each entity is emitted once, and a copy of a document
            // retains every field of it (twice the work, on 100,000 of them).
            var document = Self.placeholder
            swap(&document, &entities[entity].document)
            let owner = document.kind == .segment ? index : segment
            spans.append(
                Span(
                    document: document, parentIndex: parent, children: [], callees: [],
                    callerIndex: nil, segmentIndex: owner, depth: depth, isOrphan: orphan,
                    documentID: entities[entity].documentID))
            for child in childrenOf[entity].sorted(by: byStart) where !emitted[child] {
                spans[index].children.append(spans.count)
                emit(child, parent: index, segment: owner, depth: depth + 1, orphan: orphan)
            }
        }

        for entity in topLevel.filter({ !isOrphan[$0] }).sorted(by: byStart) where !emitted[entity] {
            emit(entity, parent: nil, segment: nil, depth: 0, orphan: false)
        }
        for entity in topLevel.filter({ isOrphan[$0] }).sorted(by: byStart) where !emitted[entity] {
            emit(entity, parent: nil, segment: nil, depth: 0, orphan: true)
        }
        // Entities caught in a parent_id cycle are reached from no root: show them as orphans.
        for entity in entities.indices.filter({ !emitted[$0] }).sorted(by: byStart) where !emitted[entity] {
            emit(entity, parent: nil, segment: nil, depth: 0, orphan: true)
        }
        linkCallers(spanOf: spanOf)
    }

    /// Connects each segment to the span whose id is its `parent_id` and picks the root.
    /// `spanOf` gives each entity's span (every entity is emitted once).
    private mutating func linkCallers(spanOf: [Int]) {
        // By index: a loop over the spans themselves copies each (and its document) to read an id.
        for index in spans.indices where spans[index].isSegment {
            guard let parentID = spans[index].document.parentID, let entity = indexOf[parentID] else { continue }
            let caller = spanOf[entity]
            guard caller != index else { continue }
            spans[index].callerIndex = caller
            spans[caller].callees.append(index)
        }
        rootIndex =
            spans.indices.first { spans[$0].isSegment && spans[$0].callerIndex == nil }
            ?? spans.indices.first { spans[$0].isSegment }
    }
}
