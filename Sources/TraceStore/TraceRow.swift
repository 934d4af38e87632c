import XRayModel

/// What the store keeps in memory of a trace: where it sits in time, and the summary's values
/// that filters, the table's "N of M", time series and retention ask about. About a hundred
/// bytes and a small array of term ids, against tens of kilobytes for the parsed documents, so
/// a million traces fit in a few hundred megabytes. The same values are the database's
/// `trace` row, from which they are read back at start-up without parsing a document.
struct TraceRow: Sendable {
    var id: String
    /// Its row in the `trace` table (and the key of its documents).
    var number: Int64
    /// The summary's start: the order GetTraceSummaries lists traces in.
    var start: Double
    /// The earliest start and the latest end of any span (`TraceId` and `Event` windows).
    var traceStart: Double
    var traceEnd: Double
    /// The summary's duration, and the root segment's start and duration (nan: none).
    var duration: Double
    var rootStart: Double
    var rootDuration: Double
    /// The summary's HTTP status, -1 for none.
    var httpStatus: Int32
    var flags: Flags
    var revision: Int32
    /// Ids in the store's `TextPool`; 0 for none.
    var method: UInt32
    var url: UInt32
    var clientIP: UInt32
    var userAgent: UInt32
    /// Ids in the store's `TermTable`.
    var terms: [UInt32]

    struct Flags: OptionSet, Sendable, Hashable {
        let rawValue: UInt16
        static let fault = Flags(rawValue: 1 << 0)
        static let error = Flags(rawValue: 1 << 1)
        static let throttle = Flags(rawValue: 1 << 2)
        static let partial = Flags(rawValue: 1 << 3)
        /// Some call went to a node X-Ray infers (the trace-level `inferred`).
        static let inferredNode = Flags(rawValue: 1 << 4)
        static let hasRoot = Flags(rawValue: 1 << 5)
        /// The root segment's status class, two bits (see `rootStatus`).
        static let rootStatusLow = Flags(rawValue: 1 << 6)
        static let rootStatusHigh = Flags(rawValue: 1 << 7)
    }

    /// The summary's `ResponseTime`: the root segment's duration to the microsecond.
    var responseTime: Double? { rootDuration.isNaN ? nil : rootDuration.roundedToMicroseconds }

    var rootStatus: StatusClass? {
        guard flags.contains(.hasRoot) else { return nil }
        let index = (flags.contains(.rootStatusLow) ? 1 : 0) | (flags.contains(.rootStatusHigh) ? 2 : 0)
        return [StatusClass.ok, .error, .throttle, .fault][index]
    }

    var graphBucket: Int { GraphBuckets.bucket(containing: traceStart) }

    var key: TraceOrder.Key { TraceOrder.Key(start: start, id: id) }

    /// How much earlier than its summary the trace starts (`TraceOrder` widens searches by it).
    var skew: Double { start - traceStart }
}

extension TraceRow {
    /// The states with the inferred bit set.
    static let inferredStates: UInt32 = SpanState.all.filter(\.inferred).reduce(0) { $0 | $1.bit }

    /// The terms of a trace, in a stable order: the summary's lists as they are, then graph
    /// nodes and edges as `service()` and `edge()` see them (see XRayFilter's FilterCompiler).
    static func terms(of trace: Trace) -> [Term] { terms(of: trace, calls: trace.calls) }

    /// As `terms(of:)`, with the trace's calls already read (`calls` must be `trace.calls`).
    static func terms(of trace: Trace, calls: [Trace.Call]) -> [Term] {
        var lists = TermLists()
        let rootKey = trace.root.map(trace.serviceKey(ofSegment:))
        var nodes: [ServiceKey: UInt32] = [:]
        var nodeOrder: [ServiceKey] = []
        var edges: [EdgeKey: UInt32] = [:]
        var edgeOrder: [EdgeKey] = []
        // By index: a loop over the spans themselves copies each one.
        for index in trace.spans.indices {
            let document = trace.spans[index].document
            let isSegment = trace.spans[index].isSegment
            var node: (key: ServiceKey, inferred: Bool)?
            if isSegment {
                node = (ServiceKey(name: document.name, type: document.origin), false)
            } else if case .inferred(let key) = trace.downstream(of: index) {
                node = (key, true)
            }
            if let node {
                lists.add(service: node.key)
                let state = SpanState(
                    status: document.statusClass, partial: document.inProgress, inferred: node.inferred,
                    root: node.key == rootKey && isSegment)
                Self.add(state.bit, to: node.key, in: &nodes, order: &nodeOrder)
            }
            lists.add(document)
        }
        // In span order, as the spans made them; each carries its subsegment's document.
        for call in calls {
            let state = SpanState(
                status: call.document.statusClass, partial: call.document.inProgress, inferred: call.inferred,
                root: false)
            Self.add(state.bit, to: EdgeKey(from: call.from, to: call.to), in: &edges, order: &edgeOrder)
        }
        var terms = lists.terms
        terms += nodeOrder.map { Term.node($0, states: nodes[$0]!) }
        terms += edgeOrder.map { Term.edge(from: $0.from, to: $0.to, states: edges[$0]!) }
        return terms
    }

    /// Sets `bit` in the states of `key`, noting a key seen for the first time in `order`;
    /// one hash of the key's names, which are strings, where a second lookup would make two.
    private static func add<Key: Hashable>(
        _ bit: UInt32, to key: Key, in states: inout [Key: UInt32], order: inout [Key]
    ) {
        if let index = states.index(forKey: key) {
            states.values[index] |= bit
        } else {
            states[key] = bit
            order.append(key)
        }
    }

    private struct EdgeKey: Hashable {
        var from: ServiceKey
        var to: ServiceKey
    }
}
