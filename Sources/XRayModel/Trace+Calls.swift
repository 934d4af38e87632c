extension Trace {
    /// One call between graph nodes: the caller's subsegment (whose times and status X-Ray
    /// puts on the edge), or the callee's segment when a segment names another segment as its
    /// parent with no subsegment in between.
    public struct Call: Sendable, Hashable {
        public var from: ServiceKey
        public var to: ServiceKey
        public var document: SegmentDocument
        /// The callee sent nothing: `to` is a node inferred from the subsegment.
        public var inferred: Bool
    }

    /// Every call in the trace, in span order. The service graph and the filter language's
    /// `edge()` and `service()` both read the trace through this.
    public var calls: [Call] { spans.indices.flatMap(calls(at:)) }

    /// The calls made by the span at `index`: none, one, or one per callee segment.
    public func calls(at index: Int) -> [Call] {
        // Spans are read in place: a copy of one retains each of its fields.
        let document = spans[index].document
        if spans[index].isSegment {
            guard let caller = spans[index].callerIndex, spans[caller].isSegment else { return [] }
            return [Call(from: serviceKey(at: caller), to: serviceKey(at: index), document: document, inferred: false)]
        }
        guard let owner = spans[index].segmentIndex, let target = downstream(of: index) else { return [] }
        let from = serviceKey(at: owner)
        switch target {
        case .traced(let callees):
            return callees.map { Call(from: from, to: serviceKey(at: $0), document: document, inferred: false) }
        case .inferred(let key):
            return [Call(from: from, to: key, document: document, inferred: true)]
        }
    }

    /// The node of the segment at `index`.
    private func serviceKey(at index: Int) -> ServiceKey {
        ServiceKey(name: spans[index].document.name, type: spans[index].document.origin)
    }
}
