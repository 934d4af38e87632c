import TerminalKit
import XRayModel

/// `traces --format table`: aligned columns measured in display cells, so Korean, Japanese
/// and emoji in URLs do not push the columns out of line.
enum TraceTable {
    static let headers = ["TIME (UTC)", "TRACE ID", "METHOD", "STATUS", "RESPONSE", "CLIENT IP", "URL"]

    static func render(_ summaries: [API.TraceSummary]) -> String {
        let rows = summaries.map(row)
        var widths = headers.map(DisplayWidth.of)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], DisplayWidth.of(cell)) }
        }
        let rightAligned: Set<Int> = [3, 4]
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                column == cells.count - 1
                    ? cell : DisplayWidth.pad(cell, to: widths[column], alignRight: rightAligned.contains(column))
            }.joined(separator: "  ")
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    static func row(_ summary: API.TraceSummary) -> [String] {
        let http = summary.Http
        let time = summary.StartTime.map { TimeFormat.iso8601($0, fractional: true) } ?? "-"
        return [
            String(time.replacingOccurrences(of: "T", with: " ").dropLast()),
            summary.Id ?? "-",
            http?.HttpMethod ?? "-",
            statusText(summary),
            summary.ResponseTime.map(Self.milliseconds) ?? "-",
            http?.ClientIp ?? "-",
            Sanitizer.clean(http?.HttpURL ?? "-"),
        ]
    }

    static func statusText(_ summary: API.TraceSummary) -> String {
        if let status = summary.Http?.HttpStatus { return String(status) }
        if summary.HasFault == true { return "fault" }
        if summary.HasError == true { return "error" }
        return summary.IsPartial == true ? "partial" : "-"
    }

    static func milliseconds(_ seconds: Double) -> String {
        seconds < 10 ? String(format1: seconds * 1000) + " ms" : String(format1: seconds) + " s"
    }
}

extension String {
    /// One decimal place, without Foundation's locale-dependent formatting.
    init(format1 value: Double) {
        let tenths = (value * 10).rounded()
        let whole = Int(tenths / 10)
        let fraction = Int(abs(tenths.truncatingRemainder(dividingBy: 10)))
        self = "\(tenths < 0 && whole == 0 ? "-" : "")\(whole).\(fraction)"
    }
}
