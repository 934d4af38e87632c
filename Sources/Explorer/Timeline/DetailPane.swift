import Foundation
import TerminalKit
import XRayModel

/// The selected span in detail, one tab at a time (Tab / Shift-Tab change it).
enum DetailPane {
    typealias Line = (text: String, style: Style)

    static func draw(_ timeline: TimelineState, into screen: inout Screen, in area: Rect) {
        let span = timeline.trace.spans[timeline.selected]
        drawPanel(&screen, area, title: Sanitize.text(span.document.name))
        let inner = area.inset(by: 1)
        var x = inner.x + 1
        for tab in DetailTab.allCases {
            let label = " \(tab.rawValue) "
            let active = tab == timeline.tab
            x +=
                screen.write(
                    label, x: x, y: inner.y, style: Style(active ? .tabActive : .tabInactive, bold: active),
                    limit: inner.maxX - x) + 1
        }
        let lines = content(timeline.tab, of: span, in: timeline.trace, metadataFolded: timeline.metadataFolded)
        for (offset, line) in lines.prefix(max(0, inner.height - 2)).enumerated() {
            screen.write(line.text, x: inner.x + 1, y: inner.y + 2 + offset, style: line.style, limit: inner.width - 2)
        }
        if lines.count > inner.height - 2 {
            let more = " +\(lines.count - (inner.height - 2)) lines (r: raw JSON) "
            screen.write(more, x: area.maxX - DisplayWidth.of(more) - 2, y: area.maxY - 1, style: Style(.dim))
        }
    }

    static func content(_ tab: DetailTab, of span: Span, in trace: Trace, metadataFolded: Int = 0) -> [Line] {
        switch tab {
        case .overview: return overview(span, trace)
        case .resources: return resources(span.document)
        case .annotations:
            let annotations = span.document.annotations.sorted { $0.key < $1.key }
            guard !annotations.isEmpty else { return [("no annotations", Style(.dim))] }
            return annotations.map { key, value in (Sanitize.text(key) + " = " + text(value), Style(.text)) }
        case .metadata:
            guard !span.document.metadata.isEmpty else { return [("no metadata", Style(.dim))] }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let json = (try? encoder.encode(span.document.metadata)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            // `{` folds the deepest open level, `}` opens one again: a folded container shows as
            // one line (`"debug": { … 3 keys }`).
            let tree = JSONTree(json)
            let depth = { (path: String) in path.split(separator: "/").count }
            let deepest = tree.containerPaths.map(depth).max() ?? 0
            let folded = Set(tree.containerPaths.filter { depth($0) > max(0, deepest - metadataFolded) })
            let header: Line = ("{ } fold or unfold a level", Style(.dim))
            return [header]
                + tree.lines(collapsed: folded).map { line in
                    (String(repeating: "  ", count: line.indent) + line.text, Style(line.tokens.first?.role ?? .text))
                }
        case .exceptions: return exceptions(span, trace)
        }
    }

    private static func field(_ name: String, _ value: String?) -> Line? {
        guard let value, !value.isEmpty else { return nil }
        return (DisplayWidth.pad(name, to: 14) + Sanitize.text(value), Style(.text))
    }

    static func overview(_ span: Span, _ trace: Trace) -> [Line] {
        let document = span.document
        let status: String
        switch document.statusClass {
        case .ok: status = "ok"
        case .error: status = "error (4xx)"
        case .throttle: status = "throttled (429)"
        case .fault: status = "fault (5xx)"
        }
        let request = document.http?.request
        let response = document.http?.response
        return [
            field("kind", span.isSegment ? "segment" : "subsegment" + (document.namespace.map { " (\($0))" } ?? "")),
            field("id", document.id), field("trace", trace.id), field("parent", document.parentID),
            field("origin", document.origin),
            field("start", TimeFormat.iso8601(document.startTime, fractional: true)),
            field("offset", TraceTableView.milliseconds(document.startTime - trace.startTime)),
            field("duration", document.inProgress ? "in progress" : document.duration.map(TraceTableView.milliseconds)),
            (DisplayWidth.pad("status", to: 14) + status, Style(WaterfallRows.role(document))),
            field("request", [request?.method, request?.url].compactMap { $0 }.joined(separator: " ")),
            field("client ip", request?.clientIP), field("user agent", request?.userAgent),
            field("response", response?.status.map { "HTTP \($0)" }),
            field("length", response?.contentLength.map { "\($0) bytes" }), field("user", document.user),
        ].compactMap { $0 }
    }

    static func resources(_ document: SegmentDocument) -> [Line] {
        let aws = document.aws
        let sql = document.sql
        let lines: [Line?] = [
            field("resource arn", document.resourceARN), field("account", aws?.accountID),
            field("region", aws?.region), field("operation", aws?.operation), field("table", aws?.tableName),
            field("queue", aws?.queueURL), field("bucket", aws?.bucketName), field("topic", aws?.topicARN),
            field("request id", aws?.requestID), field("retries", aws?.retries.map(String.init)),
            field(
                "ec2", aws?.ec2.map { [$0.instanceID, $0.availabilityZone].compactMap { $0 }.joined(separator: " ") }),
            field("ecs", aws?.ecs.map { [$0.container, $0.taskARN].compactMap { $0 }.joined(separator: " ") }),
            field("eks pod", aws?.eks?.pod), field("eks cluster", aws?.eks?.clusterName),
            field("beanstalk", aws?.elasticBeanstalk?.environmentName),
            field("sdk", aws?.xray.map { [$0.sdk, $0.sdkVersion].compactMap { $0 }.joined(separator: " ") }),
            field("sql url", sql?.url),
            field(
                "database",
                [sql?.databaseType, sql?.databaseVersion].compactMap { $0 }
                    .joined(separator: " ")),
            field("sql user", sql?.user), field("query", sql?.sanitizedQuery),
            field(
                "service", document.service.map { [$0.version, $0.runtime].compactMap { $0 }.joined(separator: " ") }),
        ]
        let present = lines.compactMap { $0 }
        return present.isEmpty ? [("no AWS, SQL or host information", Style(.dim))] : present
    }

    /// The span's exceptions with their stacks; a cause that refers to an exception recorded
    /// elsewhere in the trace is followed there, and `cause` ids are followed up the chain.
    static func exceptions(_ span: Span, _ trace: Trace) -> [Line] {
        var records = span.document.exceptions
        if case .exceptionID(let id) = span.document.cause {
            records += trace.spans.flatMap(\.document.exceptions).filter { $0.id == id }
        }
        guard !records.isEmpty else { return [("no exceptions", Style(.dim))] }
        var lines: [Line] = []
        var shown = Set<String>()
        for record in records where record.id.map({ shown.insert($0).inserted }) ?? true {
            let title = [record.type, record.message].compactMap { $0 }.map(Sanitize.text).joined(separator: ": ")
            lines.append(((record.remote == true ? "remote " : "") + title, Style(.status5xx, bold: true)))
            for frame in record.stack {
                let place = [frame.path, frame.line.map(String.init)].compactMap { $0 }.joined(separator: ":")
                lines.append(
                    ("  at " + Sanitize.text(frame.label ?? "?") + " (" + Sanitize.text(place) + ")", Style(.text)))
            }
            if let truncated = record.truncated, truncated > 0 {
                lines.append(("  … \(truncated) more frames", Style(.dim)))
            }
            // The chain: each `cause` id names the exception this one was caused by, wherever
            // in the trace it was recorded.
            var cause = record.cause
            var seen = Set<String>()
            while let id = cause, seen.insert(id).inserted {
                let parent = trace.spans.lazy.flatMap(\.document.exceptions).first { $0.id == id }
                let text = parent.map { [$0.type, $0.message].compactMap { $0 }.joined(separator: ": ") } ?? id
                lines.append(("  caused by " + Sanitize.text(text), Style(.dim)))
                cause = parent?.cause
            }
        }
        return lines
    }

    static func text(_ value: AnnotationValue) -> String {
        switch value {
        case .string(let text): return "\"" + Sanitize.text(text) + "\""
        case .number(let number):
            return number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .bool(let flag): return String(flag)
        }
    }
}
