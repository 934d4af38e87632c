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
        let count = entities.count
        spans.reserveCapacity(count)
        // Children as linked lists over entity indices (-1: none), two arrays for the whole
        // trace rather than one per parent: this runs for every trace the store places.
        var firstChild = Array(repeating: -1, count: count)
        var nextSibling = Array(repeating: -1, count: count)
        var roots: [Int] = []
        var orphans: [Int] = []
        // By index: a loop over the entities themselves copies each one (and its document).
        for index in entities.indices {
            if let parent = parentID(of: entities[index]).flatMap({ indexOf[$0] }), parent != index {
                nextSibling[index] = firstChild[parent]
                firstChild[parent] = index
            } else if entities[index].document.kind == .subsegment {
                orphans.append(index)
            } else {
                roots.append(index)
            }
        }
        // Sort keys in an array: comparing through the entities would copy two documents a time.
        // Ids are unique within the trace, so the order is total and the lists' order is moot.
        let keys = entities.map { (start: $0.document.startTime, id: $0.document.id) }
        // The ids only on a tie, as `Trace` sorts its documents: a tuple of both copied them.
        func byStart(_ a: Int, _ b: Int) -> Bool {
            keys[a].start != keys[b].start ? keys[a].start < keys[b].start : keys[a].id < keys[b].id
        }
        // Where each entity's span went (-1: not yet emitted): callers are then found through
        // `indexOf` rather than through a second dictionary with every id hashed again.
        var spanOf = Array(repeating: -1, count: count)
        // The children being emitted, each span's sorted on top of its parent's.
        var stack: [Int] = []

        func emit(_ entity: Int, parent: Int?, segment: Int?, depth: Int, orphan: Bool) {
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
            let base = stack.count
            var child = firstChild[entity]
            while child >= 0 {
                stack.append(child)
                child = nextSibling[child]
            }
            let end = stack.count
            guard end > base else { return }
            stack[base...].sort(by: byStart)
            spans[index].children.reserveCapacity(end - base)
            // Deeper calls push above `end` and are gone again when they return.
            for position in base..<end where spanOf[stack[position]] < 0 {
                spans[index].children.append(spans.count)
                emit(stack[position], parent: index, segment: owner, depth: depth + 1, orphan: orphan)
            }
            stack.removeSubrange(base...)
        }

        roots.sort(by: byStart)
        for entity in roots where spanOf[entity] < 0 {
            emit(entity, parent: nil, segment: nil, depth: 0, orphan: false)
        }
        orphans.sort(by: byStart)
        for entity in orphans where spanOf[entity] < 0 {
            emit(entity, parent: nil, segment: nil, depth: 0, orphan: true)
        }
        // Entities caught in a parent_id cycle are reached from no root: show them as orphans.
        var unreached = entities.indices.filter { spanOf[$0] < 0 }
        unreached.sort(by: byStart)
        for entity in unreached where spanOf[entity] < 0 {
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
