import XRayFilter
import XRayModel

extension TraceStore {
    /// GetTraceSummaries over the trace order: a binary search for the window, then a walk
    /// newest first. `NextToken` (`@N`) is where the walk stopped: the next page goes on from
    /// position N down, so paging through a window walks it once. Positions count from the
    /// oldest trace, so traces arriving newer than the window between pages do not move it.
    ///
    /// Filters run on the trace rows (`CompactFilter`) when they can, and otherwise on
    /// assembled traces; only the page's own traces are assembled for their summaries.
    public func summaries(_ query: SummaryQuery) async throws -> SummaryPage {
        // Throws FilterError (with a column) for a bad expression.
        let filter = try query.filter.flatMap { text throws(FilterError) -> FilterExpression? in
            text.trimmingCharacters(in: .whitespaces).isEmpty
                ? nil : try FilterExpression(parsing: text, groups: groups)
        }
        var resume: Int?
        if let token = query.nextToken {
            guard token.hasPrefix("@"), let value = Int(token.dropFirst()), value >= 0 else {
                throw TraceSourceError.badNextToken(token)
            }
            resume = value
        }
        placeChangedTraces()
        let candidates = candidatePositions(query.window, query.timeRangeType)
        // Without skew, a TraceId window is exactly the candidate range: no walk needed.
        let exact = query.timeRangeType == .traceID && order.skews.isEmpty
        let processed =
            resume != nil ? 0 : exact ? candidates.count : candidates.count { isMember(order.keys[$0], query) }
        let walk = candidates.lowerBound..<max(candidates.lowerBound, min(candidates.upperBound, resume ?? .max))
        let compact = filter.flatMap { CompactFilter($0.root, terms: terms, texts: texts) }

        var ids: [String] = []
        var next: Int?
        for position in walk.reversed() {
            let key = order.keys[position]
            guard exact || isMember(key, query) else { continue }
            if let compact {
                guard table.rows.withUnsafeBufferPointer({ compact.matches($0[Int(key.slot)]) }) else { continue }
            } else if let filter {
                guard let entry = entry(for: key.id), filter.matches(entry.summary, trace: { entry.trace }) else {
                    continue
                }
            }
            guard ids.count < pageSize else {
                // The next page starts with this trace.
                next = position + 1
                break
            }
            ids.append(key.id)
        }
        let entries = entries(for: ids)
        let page = ids.compactMap { entries[$0]?.summary }
        return SummaryPage(
            summaries: page, nextToken: next.map { "@\($0)" },
            approximateTime: page.last?.StartTime ?? query.window.start,
            tracesProcessed: processed)
    }

    /// How many traces of the whole store a filter matches (what the store benchmark times).
    public func count(matching expression: String) throws -> Int {
        let filter = try FilterExpression(parsing: expression, groups: groups)
        placeChangedTraces()
        if let compact = CompactFilter(filter.root, terms: terms, texts: texts) {
            return table.rows.withUnsafeBufferPointer { rows in
                rows.indices.count { !rows[$0].isFree && compact.matches(rows[$0]) }
            }
        }
        return order.keys.count { key in
            guard let entry = entry(for: key.id) else { return false }
            return filter.matches(entry.summary) { entry.trace }
        }
    }

    /// Positions in `order` that can hold traces of the window. No trace starts after its
    /// summary, so the older end is exact for TraceId windows; the newer end is widened by the
    /// largest skew.
    private func candidatePositions(_ window: TimeWindow, _ type: TimeRangeType) -> Range<Int> {
        switch type {
        case .traceID, .event:
            let upper = order.firstPosition(startingAfter: order.skews.isEmpty ? window.end : widened(window.end))
            let lower = type == .traceID ? min(upper, order.firstPosition(startingAtOrAfter: window.start)) : 0
            return lower..<upper
        case .service:
            // A segment can end at any time after its trace began.
            return 0..<order.count
        }
    }

    private func isMember(_ key: TraceOrder.Key, _ query: SummaryQuery) -> Bool {
        let window = query.window
        let slot = Int(key.slot)
        switch query.timeRangeType {
        case .traceID:
            return window.contains(table.rows[slot].traceStart)
        case .event:
            return window.overlaps(start: table.rows[slot].traceStart, end: table.rows[slot].traceEnd)
        case .service:
            guard window.overlaps(start: table.rows[slot].traceStart, end: table.rows[slot].traceEnd) else {
                return false
            }
            return trace(for: key.id)?.segments.contains { window.contains($0.document.endTime ?? .nan) } ?? false
        }
    }

    /// GetServiceGraph over traces that start in the window: whole minutes from their
    /// aggregates, the traces of the minutes cut by the window's edges one by one.
    public func serviceGraph(window: TimeWindow) async throws -> API.GetServiceGraphResult {
        placeChangedTraces()
        var builder = ServiceGraphBuilder()
        for bucket in graphBuckets.buckets(touching: window) {
            // A minute cut by the window's edge whose traces all fall inside it (the newest
            // minute, for a window that ends now) is whole as far as this window goes.
            let members = graphBuckets.members[bucket] ?? []
            if GraphBuckets.isInside(bucket, window)
                || members.allSatisfy({ window.contains(table.rows[Int($0)].traceStart) })
            {
                builder.merge(bucketBuilder(bucket))
            } else {
                let members = membersInStartOrder(bucket).filter { window.contains(table.row($0)!.traceStart) }
                let entries = entries(for: members)
                for id in members { if let trace = entries[id]?.trace { builder.add(trace) } }
            }
        }
        return builder.result(start: window.start, end: window.end)
    }

    /// Makes the aggregates of minutes that lack one (a trace of theirs changed after they
    /// were made) and writes them, so that maps over those minutes read no trace: what an
    /// import does when it is done, and the collector a minute at a time (`settledBefore`:
    /// only minutes that ended before this time, which no new trace is likely to change).
    public func repairGraphAggregates(settledBefore: Double = .infinity, limit: Int = .max) async {
        placeChangedTraces()
        let lacking = graphBuckets.members.keys.filter {
            GraphBuckets.start(of: $0 + 1) <= settledBefore && graphBuckets.lacksBuilder($0)
        }
        for bucket in lacking.sorted().prefix(limit) { _ = bucketBuilder(bucket) }
        if !lacking.isEmpty { _ = await writePending() }
    }

    func bucketBuilder(_ bucket: Int) -> ServiceGraphBuilder {
        if let ready = graphBuckets.builder(for: bucket, storage: storage?.database) { return ready }
        let builder = builderFromTraces(bucket)
        graphBuckets.store(builder, for: bucket)
        return builder
    }

    /// A minute's aggregate made from its traces (from the cache, memory or the database).
    func builderFromTraces(_ bucket: Int) -> ServiceGraphBuilder {
        let members = membersInStartOrder(bucket)
        let graphs = traceGraphs(members)
        var builder = ServiceGraphBuilder()
        for id in members { if let graph = graphs[id] { builder.merge(graph) } }
        return builder
    }

    /// Each trace's own aggregate, made on every core from its cached trace, its documents in
    /// memory or those in the database. A minute holds thousands of traces that nobody is
    /// about to open: they are assembled for this and not cached, and no summary is made.
    private func traceGraphs(_ ids: [String]) -> [String: ServiceGraphBuilder] {
        var traces: [Trace] = []
        var documents: [TraceDocuments] = []
        var onDisk: [TraceRow] = []
        for id in ids {
            if let cached = cache.get(id) {
                traces.append(cached.trace)
            } else if let resident = resident[id] {
                documents.append(resident)
            } else if let row = table.row(id) {
                onDisk.append(row)
            }
        }
        documents += storedDocuments(onDisk).values
        var graphs = Dictionary(uniqueKeysWithValues: traces.map { ($0.id, ServiceGraphBuilder(traces: [$0])) })
        for (id, graph) in documents.concurrentMap({ ($0.traceID, ServiceGraphBuilder(traces: [$0.assemble()])) }) {
            graphs[id] = graph
        }
        return graphs
    }

    /// In a fixed order, so the same traces always sum the same way (and the first account id
    /// seen for a service does not depend on hashing).
    private func membersInStartOrder(_ bucket: Int) -> [String] {
        (graphBuckets.members[bucket] ?? []).map { (table.rows[Int($0)].traceStart, table.rows[Int($0)].id) }
            .sorted { $0 < $1 }.map(\.1)
    }
}
