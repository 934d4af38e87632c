import Foundation
import TerminalKit
import XRayModel

/// The side panel for the selected node or edge: its statistics, status mix, response-time
/// histogram and the URLs of the traces through it, and what Enter and `f` will do.
enum MapPanel {
    static func draw(_ state: AppState, into screen: inout Screen, in area: Rect) {
        let services = state.map.services
        let title: String
        let kind: String
        let statistics: NodeStatistics
        let histogram: [API.HistogramEntry]
        let through: [String]
        if let index = state.map.selectedNode {
            let node = services.nodes[index]
            (title, kind, statistics, histogram) = (node.title, MapFormat.kind(node), node.statistics, node.histogram)
            through = node.isClient ? [] : [node.name]
        } else if let index = state.map.selectedEdge {
            let edge = services.edges[index]
            let from = services.nodes[edge.from]
            let to = services.nodes[edge.to]
            (title, kind, statistics, histogram) = (
                "\(from.title) → \(to.title)", "call", edge.statistics, edge.histogram
            )
            through = [from, to].filter { !$0.isClient }.map(\.name)
        } else {
            return
        }
        drawPanel(&screen, area, title: title)
        let inner = area.inset(by: 1)
        var y = inner.y
        let x = inner.x + 1
        let width = inner.width - 2
        func line(_ text: String, _ style: Style = Style(.text)) {
            guard y < inner.maxY else { return }
            screen.write(text, x: x, y: y, style: style, limit: width)
            y += 1
        }
        let seconds = state.shownWindow?.duration ?? 60
        line(kind, Style(.dim))
        line("requests  \(statistics.total)  (\(MapFormat.rate(statistics.perMinute(over: seconds))))")
        line("average   " + (statistics.averageResponseTime.map(TraceTableView.milliseconds) ?? "-"))
        let mix = statistics.mix
        line("ok \(mix.ok)  4xx \(mix.error)  429 \(mix.throttle)  5xx \(mix.fault)")
        if y < inner.maxY {
            screen.drawStatusMix(mix, in: Rect(x: x, y: y, width: width, height: 1), glyphs: state.mixGlyphs)
            y += 1
        }
        let total = Double(max(1, statistics.total))
        line(
            "faults \(percent(Double(mix.fault) / total))  errors \(percent(Double(mix.error + mix.throttle) / total))",
            Style(statistics.health == .nodeOK ? .text : statistics.health))
        y += 1
        if let p50 = percentile(0.5, of: histogram), let p90 = percentile(0.9, of: histogram),
            let p99 = percentile(0.99, of: histogram), y + 7 < inner.maxY
        {
            line("RESPONSE TIME", Style(.title, bold: true))
            y = drawHistogram(histogram, into: &screen, at: Rect(x: x, y: y, width: width, height: 4))
            line("p50 \(MapFormat.latency(p50))  p90 \(MapFormat.latency(p90))  p99 \(MapFormat.latency(p99))")
            y += 1
        }
        let urls = topURLs(state.summaries, through: through)
        if !urls.isEmpty, y + 2 < inner.maxY - 2 {
            line(through.isEmpty ? "TOP URLS" : "TOP URLS (traces through it)", Style(.title, bold: true))
            for (url, count) in urls where y < inner.maxY - 2 {
                line(DisplayWidth.pad(String(count), to: 6, alignRight: true) + "  " + url)
            }
        }
        let actions =
            state.map.selectedNode.map { services.nodes[$0].isClient } == true
            ? "Enter traces · Esc" : "Enter traces · f faults · Esc"
        y = inner.maxY - 1
        line(actions, Style(.dim))
    }

    /// `/api/orders` for `http://shop.example/api/orders?id=3`: the table's path without the
    /// query, which would split one URL into many.
    static func path(of url: String) -> String { TraceColumn.withoutHost(String(url.prefix { $0 != "?" })) }

    static func percent(_ fraction: Double) -> String { String(format1: fraction * 100) + "%" }

    /// Bins the histogram over the panel's width. Response times have long tails (most calls
    /// take milliseconds, a few take seconds), so when the slowest is over ten times the fastest
    /// the axis is logarithmic, which keeps both the bulk and the tail visible. Returns the row
    /// after the axis.
    static func drawHistogram(_ entries: [API.HistogramEntry], into screen: inout Screen, at rect: Rect) -> Int {
        let points = entries.compactMap { entry -> (Double, Int)? in
            guard let value = entry.Value, value.isFinite, let count = entry.Count, count > 0 else { return nil }
            return (max(0, value), count)
        }.sorted { $0.0 < $1.0 }
        let total = points.reduce(0) { $0 + $1.1 }
        guard total > 0, rect.width > 1 else { return rect.y }
        let low = max(points[0].0, 0.0001)
        let high = max(points[points.count - 1].0, low)
        let logarithmic = high / low > 10
        var bins = Array(repeating: 0.0, count: rect.width)
        for (value, count) in points {
            let fraction =
                logarithmic ? log(max(value, low) / low) / log(high / low) : (high > 0 ? value / high : 0)
            bins[min(rect.width - 1, max(0, Int(fraction * Double(rect.width - 1))))] += Double(count)
        }
        screen.drawSparkline(bins, in: rect, style: Style(.barOK))
        let axisY = rect.maxY
        let left = logarithmic ? MapFormat.latency(low) : "0"
        let right = MapFormat.latency(high)
        screen.write(left, x: rect.x, y: axisY, style: Style(.dim))
        if logarithmic {
            screen.write("log scale", x: rect.x + (rect.width - 9) / 2, y: axisY, style: Style(.dim))
        }
        screen.write(right, x: rect.maxX - DisplayWidth.of(right), y: axisY, style: Style(.dim))
        return axisY + 1
    }

    /// The value below which `fraction` of the requests fall.
    static func percentile(_ fraction: Double, of entries: [API.HistogramEntry]) -> Double? {
        let points = entries.compactMap { entry -> (Double, Int)? in
            guard let value = entry.Value, let count = entry.Count, count > 0 else { return nil }
            return (value, count)
        }.sorted { $0.0 < $1.0 }
        let total = points.reduce(0) { $0 + $1.1 }
        var seen = 0
        for (value, count) in points {
            seen += count
            if Double(seen) >= fraction * Double(total) { return value }
        }
        return nil
    }

    /// The most frequent entry URLs of the traces that went through all of `services` (every
    /// trace when empty), without their query strings.
    static func topURLs(_ summaries: [API.TraceSummary], through services: [String], limit: Int = 5) -> [(String, Int)]
    {
        var counts: [String: Int] = [:]
        for summary in summaries {
            guard let url = summary.Http?.HttpURL else { continue }
            let names = Set((summary.ServiceIds ?? []).compactMap(\.Name))
            guard services.allSatisfy(names.contains) else { continue }
            counts[path(of: url), default: 0] += 1
        }
        return counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(limit).map { ($0.key, $0.value) }
    }
}

/// `L`: what the shapes and colours of the map mean.
enum MapLegend {
    static func draw(_ density: MapDensity, into screen: inout Screen, in area: Rect) {
        let rows: [(String, Style)] = [
            ("█ ok  █ 4xx  █ 429  █ 5xx   health bar", Style(.text)),
            ("┏━┓ heavy border: faults over 5 %", Style(.nodeFault, bold: true)),
            ("╭─╮ coloured border: 4xx or 429 over 5 %", Style(.nodeError)),
            ("──▶ a call; label: average response, rate", Style(.text)),
            ("◀── a call back against the layers (a cycle)", Style(.text)),
            ("↻   the service calls itself", Style(.text)),
            ("+ - zoom (\(density.label)) · Ctrl-arrows pan", Style(.dim)),
            ("Tab nodes then edges · Enter traces · f faults", Style(.dim)),
        ]
        let width = min(area.width, (rows.map { DisplayWidth.of($0.0) }.max() ?? 0) + 4)
        let height = min(area.height, rows.count + 2)
        let panel = Rect(x: area.x, y: area.maxY - height, width: width, height: height)
        drawPanel(&screen, panel, title: "Legend (L closes)")
        for (offset, row) in rows.enumerated() where offset < height - 2 {
            screen.write(row.0, x: panel.x + 2, y: panel.y + 1 + offset, style: row.1, limit: width - 3)
        }
        // The health bar's four blocks in the bar colours, where the first row wrote them.
        let roles: [Role] = [.barOK, .barError, .barThrottle, .barFault]
        let blocks = rows[0].0.enumerated().filter { $0.element == "█" }.map(\.offset)
        for (role, offset) in zip(roles, blocks) where height > 2 && offset < width - 3 {
            screen.put("█", x: panel.x + 2 + offset, y: panel.y + 1, style: Style(role))
        }
    }
}
