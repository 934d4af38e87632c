import TerminalKit
import XRayModel

/// `trace --format waterfall`: one row per segment and subsegment, names indented by depth,
/// a bar placed on the trace's time scale, then offset, duration and status.
enum Waterfall {
    static func render(_ trace: Trace, width: Int) -> String {
        let start = trace.startTime
        let total = max(trace.endTime - start, 0.000_001)
        let nameWidth = min(48, max(24, width / 3))
        let numbers = 30  // offset, duration and status columns
        let barWidth = max(10, width - nameWidth - numbers - 3)

        var lines: [String] = []
        let summary = API.TraceSummary(trace: trace)
        lines.append(
            "Trace \(trace.id)  \(TimeFormat.iso8601(start, fractional: true))  "
                + "duration \(TraceTable.milliseconds(summary.Duration ?? 0))  "
                + "\(trace.segmentCount) segments, \(trace.spans.count) spans")
        lines.append(
            DisplayWidth.pad("NAME", to: nameWidth) + " " + DisplayWidth.pad("TIMELINE", to: barWidth) + " "
                + DisplayWidth.pad("OFFSET", to: 10, alignRight: true)
                + DisplayWidth.pad("DURATION", to: 11, alignRight: true) + "  STATUS")
        for span in trace.spans {
            let document = span.document
            let indent = String(repeating: "  ", count: span.depth)
            let marker = span.isOrphan ? "? " : (span.isSegment ? "" : "")
            let label = indent + marker + document.name + (span.isSegment ? serviceSuffix(document) : "")
            let bar = Self.bar(
                from: (document.startTime - start) / total,
                to: ((document.endTime ?? trace.endTime) - start) / total, width: barWidth)
            let offset = TraceTable.milliseconds(document.startTime - start)
            let duration = document.duration.map(TraceTable.milliseconds) ?? "…"
            lines.append(
                DisplayWidth.pad(label, to: nameWidth) + " " + bar + " "
                    + DisplayWidth.pad(offset, to: 10, alignRight: true)
                    + DisplayWidth.pad(duration, to: 11, alignRight: true) + "  " + status(document))
        }
        if trace.spans.contains(where: \.isOrphan) {
            lines.append("? = orphan: its parent (parent_id) has not arrived")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func serviceSuffix(_ document: SegmentDocument) -> String {
        document.origin.map { "  [\($0)]" } ?? ""
    }

    /// A bar of full blocks between two fractions of the trace, at least one cell wide.
    static func bar(from: Double, to: Double, width: Int) -> String {
        let first = min(width - 1, max(0, Int((from * Double(width)).rounded(.down))))
        let last = min(width, max(first + 1, Int((to * Double(width)).rounded(.up))))
        return String(repeating: " ", count: first) + String(repeating: "█", count: last - first)
            + String(repeating: " ", count: width - last)
    }

    static func status(_ document: SegmentDocument) -> String {
        if document.inProgress { return "in progress" }
        let code = document.http?.response?.status.map(String.init)
        let flag: String?
        switch document.statusClass {
        case .ok: flag = nil
        case .error: flag = "error"
        case .throttle: flag = "throttle"
        case .fault: flag = "fault"
        }
        return [code, flag].compactMap { $0 }.joined(separator: " ").isEmpty
            ? "ok" : [code, flag].compactMap { $0 }.joined(separator: " ")
    }
}
