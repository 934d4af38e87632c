import TerminalKit
import XRayModel

/// `map --format text`: the nodes with their statistics, then each edge with the numbers the
/// console shows on a link (average response time, requests per minute) and the status mix.
enum ServiceMapText {
    static func render(_ graph: API.GetServiceGraphResult, window: TimeWindow) -> String {
        let services = graph.Services ?? []
        let names = Dictionary(uniqueKeysWithValues: services.compactMap { s in s.ReferenceId.map { ($0, label(s)) } })
        let minutes = max(window.duration / 60, 1.0 / 60)
        var lines = ["Service map  \(window)  (\(services.count) nodes)", ""]

        let nodeRows = services.filter { $0.Type != "client" }.map { service -> [String] in
            let stats = service.SummaryStatistics
            return [label(service), service.Type ?? "service"] + numbers(stats, minutes: minutes)
        }
        lines += table(
            header: ["NODE", "TYPE", "REQUESTS", "AVG", "PER MIN", "OK", "4XX", "429", "5XX"], rows: nodeRows)
        lines.append("")

        var edgeRows: [[String]] = []
        for service in services {
            for edge in service.Edges ?? [] {
                let target = edge.ReferenceId.flatMap { names[$0] } ?? "?"
                edgeRows.append(["\(label(service)) -> \(target)"] + numbers(edge.SummaryStatistics, minutes: minutes))
            }
        }
        lines += table(header: ["EDGE", "REQUESTS", "AVG", "PER MIN", "OK", "4XX", "429", "5XX"], rows: edgeRows)
        return lines.joined(separator: "\n") + "\n"
    }

    static func label(_ service: API.Service) -> String {
        service.Type == "client" ? "client" : Sanitizer.clean(service.Name ?? "?")
    }

    static func numbers(_ stats: API.Statistics?, minutes: Double) -> [String] {
        let total = stats?.TotalCount ?? 0
        let average = total > 0 ? (stats?.TotalResponseTime ?? 0) / Double(total) : 0
        return [
            String(total), total > 0 ? TraceTable.milliseconds(average) : "-", String(format1: Double(total) / minutes),
            String(stats?.OkCount ?? 0), String(stats?.ErrorStatistics?.OtherCount ?? 0),
            String(stats?.ErrorStatistics?.ThrottleCount ?? 0), String(stats?.FaultStatistics?.TotalCount ?? 0),
        ]
    }

    static func table(header: [String], rows: [[String]]) -> [String] {
        var widths = header.map(DisplayWidth.of)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], DisplayWidth.of(cell)) }
        }
        return ([header] + rows).map { row in
            row.enumerated().map { column, cell in
                DisplayWidth.pad(cell, to: widths[column], alignRight: column >= header.count - 7 && column > 0)
            }.joined(separator: "  ")
        }
    }
}

/// `map --format dot`: Graphviz, one node per service, edges labelled like the console's links.
enum DotGraph {
    static func render(_ graph: API.GetServiceGraphResult, window: TimeWindow) -> String {
        let minutes = max(window.duration / 60, 1.0 / 60)
        var lines = ["digraph xray {", "  rankdir=LR;", "  node [shape=box, style=rounded];"]
        for service in graph.Services ?? [] {
            guard let id = service.ReferenceId else { continue }
            let type = service.Type.map { "\\n\(escape($0))" } ?? ""
            let shape = service.Type == "client" ? ", shape=circle" : ""
            lines.append("  n\(id) [label=\"\(escape(ServiceMapText.label(service)))\(type)\"\(shape)];")
            for edge in service.Edges ?? [] {
                guard let target = edge.ReferenceId else { continue }
                let total = edge.SummaryStatistics?.TotalCount ?? 0
                let average = total > 0 ? (edge.SummaryStatistics?.TotalResponseTime ?? 0) / Double(total) : 0
                let label = "\(TraceTable.milliseconds(average))\\n\(String(format1: Double(total) / minutes))/min"
                lines.append("  n\(id) -> n\(target) [label=\"\(label)\"];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ text: String) -> String {
        Sanitizer.clean(text).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
