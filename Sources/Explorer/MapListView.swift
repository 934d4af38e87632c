import Foundation
import TerminalKit
import XRayModel

/// The Map tab, for now as a list: each node with its health and each edge with the numbers
/// the console shows on a link (average response time, requests per minute). The drawn map
/// replaces this in the service-map issue.
enum MapListView {
    static func draw(_ state: AppState, into screen: inout Screen, in area: Rect) {
        guard let graph = state.graph, let services = graph.Services, !services.isEmpty else {
            screen.write(
                state.loading ? "loading..." : "no services in this window", x: area.x + 1, y: area.y,
                style: Style(.dim))
            return
        }
        let minutes = max((state.shownWindow?.duration ?? 60) / 60, 1.0 / 60)
        let names = Dictionary(uniqueKeysWithValues: services.compactMap { s in s.ReferenceId.map { ($0, label(s)) } })
        var y = area.y
        func line(_ text: String, _ style: Style) {
            guard y < area.maxY else { return }
            screen.write(text, x: area.x + 1, y: y, style: style, limit: area.width - 2)
            y += 1
        }
        line("SERVICES", Style(.title, bold: true))
        for service in services where service.Type != "client" {
            let stats = service.SummaryStatistics
            line(
                "\(DisplayWidth.pad(label(service), to: 28)) \(DisplayWidth.pad(service.Type ?? "service", to: 22)) "
                    + numbers(stats, minutes: minutes), Style(health(stats)))
        }
        y += 1
        line("CALLS", Style(.title, bold: true))
        for service in services {
            for edge in service.Edges ?? [] {
                let target = edge.ReferenceId.flatMap { names[$0] } ?? "?"
                line(
                    "\(DisplayWidth.pad("\(label(service)) → \(target)", to: 51)) "
                        + numbers(edge.SummaryStatistics, minutes: minutes),
                    Style(health(edge.SummaryStatistics)))
            }
        }
    }

    static func label(_ service: API.Service) -> String {
        service.Type == "client" ? "client" : Sanitize.text(service.Name ?? "?")
    }

    static func numbers(_ stats: API.Statistics?, minutes: Double) -> String {
        let total = stats?.TotalCount ?? 0
        let average = total > 0 ? (stats?.TotalResponseTime ?? 0) / Double(total) : 0
        let faults = stats?.FaultStatistics?.TotalCount ?? 0
        let errors = stats?.ErrorStatistics?.TotalCount ?? 0
        return String(
            format: "%8.1f ms %7.1f/min %5d 4xx %5d 5xx", average * 1000, Double(total) / minutes, errors, faults)
    }

    /// Red when faults pass 5 %, yellow for errors past 5 %, as the console colours nodes.
    static func health(_ stats: API.Statistics?) -> Role {
        let total = Double(max(1, stats?.TotalCount ?? 0))
        if Double(stats?.FaultStatistics?.TotalCount ?? 0) / total > 0.05 { return .nodeFault }
        if Double(stats?.ErrorStatistics?.ThrottleCount ?? 0) / total > 0.05 { return .nodeThrottle }
        if Double(stats?.ErrorStatistics?.TotalCount ?? 0) / total > 0.05 { return .nodeError }
        return .nodeOK
    }
}
