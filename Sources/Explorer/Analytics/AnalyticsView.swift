import TerminalKit
import XRayModel

/// The Analytics tab: the response-time distribution and the activity of the traces that pass
/// the filter, then a group-by table (or, with a set pinned, the comparison of A and B).
enum AnalyticsView {
    /// Rows above the table: a title, five of histogram, the axis, the percentile marks, a gap.
    static let chartRows = 9

    static func body(_ state: AppState) -> Rect {
        Rect(x: 0, y: 1, width: state.width, height: max(0, state.height - 3))
    }

    /// Charts only when they leave the table room for a few groups.
    static func showsCharts(_ state: AppState) -> Bool { body(state).height >= chartRows + 8 }

    /// Rows the table has for groups (below its title and header).
    static func tableRows(_ state: AppState) -> Int {
        max(1, body(state).height - (showsCharts(state) ? chartRows : 0) - 2)
    }

    static func groups(_ state: AppState) -> [GroupRow] {
        TraceAnalytics.groups(state.summaries, by: state.analytics.field)
    }

    static func comparison(_ state: AppState) -> [CompareRow]? {
        guard let pinned = state.analytics.pinned else { return nil }
        return TraceAnalytics.compare(
            a: TraceAnalytics.groups(pinned.summaries, by: state.analytics.field), b: groups(state))
    }

    static func rowCount(_ state: AppState) -> Int { comparison(state)?.count ?? groups(state).count }

    static func selectedTerm(_ state: AppState) -> String? {
        let row = state.analytics.selectedRow
        if let rows = comparison(state) { return rows.indices.contains(row) ? rows[row].term : nil }
        let rows = groups(state)
        return rows.indices.contains(row) ? rows[row].term : nil
    }

    static func draw(_ state: AppState, into screen: inout Screen, in area: Rect) {
        guard !state.summaries.isEmpty || state.analytics.pinned != nil else {
            let message = state.loading ? "loading..." : "no traces in this window"
            screen.write(message, x: area.x + 1, y: area.y, style: Style(.dim))
            return
        }
        var rest = area
        if showsCharts(state) {
            let (charts, below) = area.splitTop(chartRows)
            let (left, right) = charts.splitLeft(charts.width / 2)
            drawDistribution(state.summaries, into: &screen, in: left)
            drawActivity(state, into: &screen, in: right)
            rest = below
        }
        if let rows = comparison(state) {
            AnalyticsTable.drawComparison(state, rows, into: &screen, in: rest)
        } else {
            AnalyticsTable.drawGroups(state, groups(state), into: &screen, in: rest)
        }
    }

    /// A histogram five rows high with p50, p90 and p99 marked under its axis.
    static func drawDistribution(_ summaries: [API.TraceSummary], into screen: inout Screen, in area: Rect) {
        let width = max(1, area.width - 3)
        let distribution = TraceAnalytics.distribution(summaries, columns: width)
        let x = area.x + 1
        let percentiles = [("p50", distribution.p50), ("p90", distribution.p90), ("p99", distribution.p99)]
            .compactMap { name, value in value.map { "\(name) \(MapFormat.latency($0))" } }.joined(separator: "  ")
        screen.write(
            "RESPONSE TIME  " + percentiles, x: x, y: area.y,
            style: Style(.title, bold: true), limit: area.width - 2)
        screen.drawSparkline(
            distribution.bins.map(Double.init), in: Rect(x: x, y: area.y + 1, width: width, height: 5),
            style: Style(.barOK))
        let axisY = area.y + 6
        let left = distribution.logarithmic ? MapFormat.latency(distribution.axisStart) : "0"
        let right = MapFormat.latency(distribution.axisEnd)
        screen.write(left, x: x, y: axisY, style: Style(.dim))
        if distribution.logarithmic { screen.write("log scale", x: x + (width - 9) / 2, y: axisY, style: Style(.dim)) }
        screen.write(right, x: x + width - DisplayWidth.of(right), y: axisY, style: Style(.dim))
        // A ▲ under the columns of p50, p90 and p99 (their values are in the title).
        for bin in [distribution.p50Bin, distribution.p90Bin, distribution.p99Bin].compactMap({ $0 }) {
            screen.put("▲", x: x + bin, y: axisY + 1, style: Style(.focus, bold: true))
        }
    }

    /// Traces, errors, throttles and faults per bucket of the window, one sparkline each.
    static func drawActivity(_ state: AppState, into screen: inout Screen, in area: Rect) {
        guard let window = state.shownWindow, area.width > 20 else { return }
        let labelWidth = 14
        let width = max(1, area.width - labelWidth - 2)
        let buckets = TraceAnalytics.activityBuckets(for: window, cells: width)
        let activity = TraceAnalytics.activity(
            state.summaries, from: buckets.start, to: window.end, buckets: buckets.count)
        let x = area.x + 1
        let unit = buckets.minutesEach == 1 ? "minute" : "\(buckets.minutesEach) minutes"
        screen.write("ACTIVITY (per \(unit))", x: x, y: area.y, style: Style(.title, bold: true), limit: area.width - 2)
        let series: [(String, Role, (ActivityBucket) -> Int)] = [
            ("traces", .barOK, { $0.traces }), ("errors", .barError, { $0.errors }),
            ("throttles", .barThrottle, { $0.throttles }), ("faults", .barFault, { $0.faults }),
        ]
        for (row, (name, role, value)) in series.enumerated() {
            let values = activity.map(value)
            let y = area.y + 1 + row * 2
            screen.write(
                DisplayWidth.pad(name, to: 9) + DisplayWidth.pad("\(values.max() ?? 0)", to: 5, alignRight: true),
                x: x, y: y, style: Style(.text))
            screen.drawSparkline(
                values.map(Double.init), in: Rect(x: x + labelWidth + 1, y: y, width: width, height: 1),
                style: Style(role))
        }
    }
}
