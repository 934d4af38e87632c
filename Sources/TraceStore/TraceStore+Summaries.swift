import XRayFilter
import XRayModel

extension TraceStore {
    /// GetTraceSummaries over the trace order: a binary search for the window, then a walk
    /// newest first. `NextToken` is the number of matching summaries already returned.
    public func summaries(_ query: SummaryQuery) async throws -> SummaryPage {
        // Throws FilterError (with a column) for a bad expression.
        let filter = try query.filter.flatMap { text throws(FilterError) -> FilterExpression? in
            text.trimmingCharacters(in: .whitespaces).isEmpty
                ? nil : try FilterExpression(parsing: text, groups: groups)
        }
        let offset: Int
        if let token = query.nextToken {
            guard let value = Int(token), value >= 0 else { throw TraceSourceError.badNextToken(token) }
            offset = value
        } else {
            offset = 0
        }
        placeChangedTraces()
        let candidates = candidatePositions(query.window, query.timeRangeType)
        // Without skew, a TraceId window is exactly the candidate range: no walk needed.
        let exact = query.timeRangeType == .traceID && order.skews.isEmpty
        let processed =
            offset > 0 ? 0 : exact ? candidates.count : candidates.count { isMember(order.keys[$0].id, query) }

        var page: [API.TraceSummary] = []
        var hasMore = false
        if exact && filter == nil {
            let positions = candidates.reversed().dropFirst(offset)
            page = positions.prefix(pageSize).map { entry(for: order.keys[$0].id).summary }
            hasMore = positions.count > pageSize
        } else {
            var skipped = 0
            for position in candidates.reversed() {
                let id = order.keys[position].id
                guard exact || isMember(id, query) else { continue }
                let entry = entry(for: id)
                if let filter, !filter.matches(entry.summary, trace: { entry.trace }) { continue }
                if skipped < offset {
                    skipped += 1
                } else if page.count < pageSize {
                    page.append(entry.summary)
                } else {
                    hasMore = true
                    break
                }
            }
        }
        return SummaryPage(
            summaries: page, nextToken: hasMore ? String(offset + page.count) : nil,
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
