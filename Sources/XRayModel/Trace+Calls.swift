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
    public var calls: [Call] {
        var calls: [Call] = []
        for (index, span) in spans.enumerated() {
            if span.isSegment {
                if let caller = span.callerIndex, spans[caller].isSegment {
                    calls.append(
                        Call(
                            from: serviceKey(ofSegment: spans[caller]), to: serviceKey(ofSegment: span),
                            document: span.document, inferred: false))
                }
                continue
            }
            guard let owner = owningSegment(of: span), let target = downstream(of: index) else { continue }
            let from = serviceKey(ofSegment: owner)
            switch target {
            case .traced(let callees):
                for callee in callees {
                    calls.append(
                        Call(
                            from: from, to: serviceKey(ofSegment: spans[callee]), document: span.document,
                            inferred: false))
                }
            case .inferred(let key):
                calls.append(Call(from: from, to: key, document: span.document, inferred: true))
            }
        }
        return calls
    }
}
