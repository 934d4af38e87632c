import XRayModel

/// An assembled trace with its row, all but the ids the store's tables give its texts and
/// terms, and its own graph aggregate: what takes work, made away from the store's tables so
/// that many are made at once (`TraceStore.placeChangedTraces`).
struct RowDraft: Sendable {
    var id: String
    /// The trace and its summary, for the cache; nil when they are not kept, so that they are
    /// freed on the core that made them.
    var assembled: AssembledCache.Entry?
    /// The row's values; its number, text ids and term ids are still 0 and empty.
    var values: TraceRow
    var texts: (method: String?, url: String?, clientIP: String?, userAgent: String?)
    var terms: [Term]
    var graph: ServiceGraphBuilder

    init(trace: Trace, summary: API.TraceSummary, keepsTrace: Bool) {
        id = trace.id
        assembled = keepsTrace ? AssembledCache.Entry(trace: trace, summary: summary, isComplete: false) : nil
        let calls = trace.calls
        terms = TraceRow.terms(of: trace, calls: calls)
        graph = ServiceGraphBuilder()
        graph.add(trace, calls: calls)
        texts = (summary.Http?.HttpMethod, summary.Http?.HttpURL, summary.Http?.ClientIp, summary.Http?.UserAgent)

        var flags: TraceRow.Flags = []
        if summary.HasFault == true { flags.insert(.fault) }
        if summary.HasError == true { flags.insert(.error) }
        if summary.HasThrottle == true { flags.insert(.throttle) }
        if summary.IsPartial == true { flags.insert(.partial) }
        let root = trace.rootIndex.map { trace.spans[$0].document }
        if let root {
            flags.insert(.hasRoot)
            let index = SpanState(status: root.statusClass, partial: false, inferred: false, root: false).index
            if index & 1 != 0 { flags.insert(.rootStatusLow) }
            if index & 2 != 0 { flags.insert(.rootStatusHigh) }
        }
        for case .node(_, let states) in terms where states & TraceRow.inferredStates != 0 {
            flags.insert(.inferredNode)
        }
        values = TraceRow(
            id: trace.id, number: 0, start: summary.StartTime ?? 0, traceStart: trace.startTime,
            traceEnd: trace.endTime, duration: summary.Duration ?? .nan, rootStart: root?.startTime ?? .nan,
            rootDuration: root?.duration ?? .nan, httpStatus: Int32(summary.Http?.HttpStatus ?? -1), flags: flags,
            revision: Int32(clamping: summary.Revision ?? 0), method: 0, url: 0, clientIP: 0, userAgent: 0, terms: [])
    }

    /// The row, numbered, with its texts and terms given ids in the store's tables (new ones
    /// are added to them).
    func row(number: Int64, terms table: inout TermTable, texts pool: inout TextPool) -> TraceRow {
        var row = values
        row.number = number
        row.method = pool.id(for: texts.method)
        row.url = pool.id(for: texts.url)
        row.clientIP = pool.id(for: texts.clientIP)
        row.userAgent = pool.id(for: texts.userAgent)
        row.terms = terms.map { table.id(for: $0) }
        return row
    }
}
