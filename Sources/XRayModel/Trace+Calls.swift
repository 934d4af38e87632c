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
        let span = spans[index]
        if span.isSegment {
            guard let caller = span.callerIndex, spans[caller].isSegment else { return [] }
            return [
                Call(
                    from: serviceKey(ofSegment: spans[caller]), to: serviceKey(ofSegment: span),
                    document: span.document,
                    inferred: false)
            ]
        }
        guard let owner = owningSegment(of: span), let target = downstream(of: index) else { return [] }
        let from = serviceKey(ofSegment: owner)
        switch target {
        case .traced(let callees):
            return callees.map {
                Call(from: from, to: serviceKey(ofSegment: spans[$0]), document: span.document, inferred: false)
            }
        case .inferred(let key):
            return [Call(from: from, to: key, document: span.document, inferred: true)]
        }
    }
}
