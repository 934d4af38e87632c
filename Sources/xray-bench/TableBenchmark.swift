import Explorer
import Foundation
import XRayFilter
import XRayModel

// The trace table and analytics over a million traces: each step a user waits for, against a
// hand-written Swift equivalent over the same rows in the same run (the ratio is the figure).

func runTableBenchmarks(traceCount: Int) {
    let (summaries, _) = makeTraces(count: traceCount)
    let filter = try! FilterExpression(parsing: "http.status >= 400")
    var matching: [API.TraceSummary] = []
    let filterTime = fastest(2) {
        matching = summaries.filter { filter.matches($0) { fatalError("a summary-only filter") } }
    }
    let handFilterTime = fastest(2) { _ = summaries.filter { ($0.Http?.HttpStatus ?? 0) >= 400 } }
    print(
        "table filter `http.status >= 400`: \(matching.count) of \(summaries.count) in \(seconds(filterTime)), "
            + "hand-written \(seconds(handFilterTime)), ratio \(ratio(filterTime, handFilterTime))")

    for (name, rows) in [("the matches", matching), ("every trace", summaries)] {
        let sort = TableSort(column: .response, descending: true)
        var sorted: [API.TraceSummary] = []
        let sortTime = fastest(2) { sorted = sort.apply(to: rows) }
        let handSortTime = fastest(2) { _ = rows.sorted { ($0.ResponseTime ?? -1) > ($1.ResponseTime ?? -1) } }
        print(
            "table sort of \(name) (\(rows.count)) by response time: \(seconds(sortTime)), "
                + "hand-written \(seconds(handSortTime)), ratio \(ratio(sortTime, handSortTime))")
        // The first frame with every row in the table, against a table of a hundred rows:
        // only the visible rows are drawn, so the two should cost the same.
        var state = AppState(sourceName: "bench", isLive: false, window: .whole, width: 120, height: 40, now: 0)
        state.tab = .traces
        state.summaries = sorted
        var small = state
        small.summaries = Array(sorted.prefix(100))
        let frame = fastest(3) { _ = render(state) }
        let smallFrame = fastest(3) { _ = render(small) }
        print(
            "table first frame with \(rows.count) rows: \(milliseconds(frame)), with 100 rows "
                + "\(milliseconds(smallFrame)), ratio \(ratio(frame, smallFrame))")
    }

    var groups: [GroupRow] = []
    let groupTime = fastest(2) { groups = TraceAnalytics.groups(summaries, by: .status) }
    let handGroupTime = fastest(2) {
        var counts: [Int: Int] = [:]
        for summary in summaries { counts[summary.Http?.HttpStatus ?? -1, default: 0] += 1 }
    }
    print(
        "analytics group-by status over \(summaries.count): \(groups.count) groups in \(seconds(groupTime)), "
            + "hand-written count \(seconds(handGroupTime)), ratio \(ratio(groupTime, handGroupTime))")
}

func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }
