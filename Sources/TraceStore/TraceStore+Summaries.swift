import XRayFilter
import XRayModel

extension TraceStore {
    /// GetTraceSummaries over the trace order: a binary search for the window, then a walk
    /// newest first. `NextToken` (`@N`) is where the walk stopped: the next page goes on from
    /// position N down, so paging through a window walks it once. Positions count from the
    /// oldest trace, so traces arriving newer than the window between pages do not move it.
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
            resume != nil ? 0 : exact ? candidates.count : candidates.count { isMember(order.keys[$0].id, query) }
        let walk = candidates.lowerBound..<max(candidates.lowerBound, min(candidates.upperBound, resume ?? .max))

        var page: [API.TraceSummary] = []
        var next: Int?
        if exact && filter == nil {
            let positions = walk.reversed()
            page = positions.prefix(pageSize).map { entry(for: order.keys[$0].id).summary }
            if positions.count > pageSize { next = walk.upperBound - pageSize }
        } else {
            for position in walk.reversed() {
                let id = order.keys[position].id
                guard exact || isMember(id, query) else { continue }
                let entry = entry(for: id)
                if let filter, !filter.matches(entry.summary, trace: { entry.trace }) { continue }
                guard page.count < pageSize else {
                    // The next page starts with this trace.
                    next = position + 1
                    break
                }
                page.append(entry.summary)
            }
        }
        return SummaryPage(
            summaries: page, nextToken: next.map { "@\($0)" },
            approximateTime: page.last?.StartTime ?? query.window.start,
            tracesProcessed: processed)
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

    private func isMember(_ id: String, _ query: SummaryQuery) -> Bool {
        let window = query.window
        let placement = placements[id]!
        switch query.timeRangeType {
        case .traceID:
            return window.contains(placement.traceStart)
        case .event:
            return window.overlaps(start: placement.traceStart, end: placement.traceEnd)
        case .service:
            return entry(for: id).trace.segments.contains { window.contains($0.document.endTime ?? .nan) }
        }
    }

    /// GetServiceGraph over traces that start in the window: whole minutes from their cached
    /// builders, the traces of the minutes cut by the window's edges one by one.
    public func serviceGraph(window: TimeWindow) async throws -> API.GetServiceGraphResult {
        placeChangedTraces()
        var builder = ServiceGraphBuilder()
        for bucket in graphBuckets.buckets(touching: window) {
            if GraphBuckets.isInside(bucket, window) {
                builder.merge(bucketBuilder(bucket))
            } else {
                for id in membersInStartOrder(bucket) where window.contains(placements[id]!.traceStart) {
                    builder.add(entry(for: id).trace)
                }
            }
        }
        return builder.result(start: window.start, end: window.end)
    }

    private func bucketBuilder(_ bucket: Int) -> ServiceGraphBuilder {
        if let cached = graphBuckets.builder(for: bucket) { return cached }
        var builder = ServiceGraphBuilder()
        for id in membersInStartOrder(bucket) { builder.add(entry(for: id).trace) }
        graphBuckets.store(builder, for: bucket)
        return builder
    }

    /// In a fixed order, so the same traces always sum the same way (and the first account id
    /// seen for a service does not depend on hashing).
    private func membersInStartOrder(_ bucket: Int) -> [String] {
        (graphBuckets.members[bucket] ?? []).sorted {
            (placements[$0]!.traceStart, $0) < (placements[$1]!.traceStart, $1)
        }
    }
}
