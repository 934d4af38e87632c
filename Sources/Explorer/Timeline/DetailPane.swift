import Foundation
import TerminalKit
import XRayModel

/// The selected row in detail, one tab at a time (Tab / Shift-Tab change it; J / K scroll it).
enum DetailPane {
    typealias Line = (text: String, style: Style)

    static func draw(_ timeline: TimelineState, into screen: inout Screen, in area: Rect) {
        let document = timeline.document
        let inferred = timeline.model.isInferred(timeline.selected)
        drawPanel(&screen, area, title: Sanitize.text(document.name) + (inferred ? " (inferred)" : ""))
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
        let lines = content(timeline)
        let shown = max(0, inner.height - 2)
        let scroll = max(0, min(timeline.detailScroll, lines.count - shown))
        for (offset, line) in lines.dropFirst(scroll).prefix(shown).enumerated() {
            screen.write(line.text, x: inner.x + 1, y: inner.y + 2 + offset, style: line.style, limit: inner.width - 2)
        }
        if timeline.tab == .metadata && lines.count > 1 {
            // The cursor `o` folds at; line 0 of the content is the hint above the tree.
            let y = inner.y + 2 + timeline.metadataCursor + 1 - scroll
            if y >= inner.y + 2 && y < inner.maxY {
                screen.put("▶", x: inner.x, y: y, style: Style(.focus, bold: true))
            }
        }
        if lines.count > shown {
            let more = " \(scroll + 1)-\(min(lines.count, scroll + shown)) of \(lines.count) lines · J/K scroll "
            screen.write(more, x: area.maxX - DisplayWidth.of(more) - 2, y: area.maxY - 1, style: Style(.dim))
        }
    }

    /// The lines of the selected row's current tab.
    static func content(_ timeline: TimelineState) -> [Line] {
        let document = timeline.document
        let trace = timeline.trace
        switch timeline.tab {
        case .overview: return overview(timeline.selected, of: timeline.model)
        case .resources: return resources(document)
        case .annotations:
            let annotations = document.annotations.sorted { $0.key < $1.key }
            guard !annotations.isEmpty else { return [("no annotations", Style(.dim))] }
            return annotations.map { key, value in (Sanitize.text(key) + " = " + text(value), Style(.text)) }
        case .metadata:
            guard let tree = metadataTree(document) else { return [("no metadata", Style(.dim))] }
            let folded = foldedPaths(tree, level: timeline.metadataFolded, toggled: timeline.metadataToggled)
            let header: Line = (
                "{ } fold or unfold a level · J/K move the cursor · o folds or unfolds its node", Style(.dim)
            )
            return [header]
                + tree.lines(collapsed: folded).map { line in
                    (String(repeating: "  ", count: line.indent) + line.text, Style(line.tokens.first?.role ?? .text))
                }
        case .exceptions: return exceptions(document, trace)
        }
    }

    /// The document's metadata as a foldable tree; nil when it has none.
    static func metadataTree(_ document: SegmentDocument) -> JSONTree? {
        guard !document.metadata.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = (try? encoder.encode(document.metadata)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return JSONTree(json)
    }

    /// The folded containers: `{` folds the deepest open level (`level` times), `}` opens one
    /// again; `o` flips single containers (`toggled`) against that. A folded container shows as
    /// one line (`"debug": { … 3 keys }`).
    static func foldedPaths(_ tree: JSONTree, level: Int, toggled: Set<String>) -> Set<String> {
        let depth = { (path: String) in path.split(separator: "/").count }
        let deepest = tree.containerPaths.map(depth).max() ?? 0
        let byLevel = Set(tree.containerPaths.filter { depth($0) > max(0, deepest - level) })
        return byLevel.symmetricDifference(toggled.intersection(tree.containerPaths))
    }

    /// The container opened on `line` of the shown metadata tree, which `o` folds or unfolds;
    /// nil on a scalar, a closing line, or the document's own braces.
    static func metadataPath(atLine line: Int, of timeline: TimelineState) -> String? {
        guard let tree = metadataTree(timeline.document) else { return nil }
        let folded = foldedPaths(tree, level: timeline.metadataFolded, toggled: timeline.metadataToggled)
        guard let path = tree.path(ofLine: line, collapsed: folded), !path.isEmpty else { return nil }
        return path
    }

    private static func field(_ name: String, _ value: String?) -> Line? {
        guard let value, !value.isEmpty else { return nil }
        return (DisplayWidth.pad(name, to: 14) + Sanitize.text(value), Style(.text))
    }

    /// Who the row is, when it ran and how it went. An inferred node says which subsegment it
    /// was inferred from.
    static func overview(_ row: Int, of model: TimelineModel) -> [Line] {
        let trace = model.trace
        let document = model.document(row)
        let status: String
        switch document.statusClass {
        case .ok: status = document.inProgress ? "in progress" : "ok"
        case .error: status = "error (4xx)"
        case .throttle: status = "throttled (429)"
        case .fault: status = "fault (5xx)"
        }
        let kind: String
        var origin: Line?
        if let node = model.inferredNode(row) {
            let call = trace.spans[node.call].document
            kind = "inferred node (the callee sent no segment)"
            origin = field("inferred from", "subsegment \(call.name) (\(call.id))")
        } else {
            kind = trace.spans[row].isSegment ? "segment" : "subsegment" + (document.namespace.map { " (\($0))" } ?? "")
        }
        let request = document.http?.request
        let response = document.http?.response
        return [
            field("kind", kind), origin, field("id", document.id), field("trace", trace.id),
            field("parent", document.parentID), field(model.isInferred(row) ? "type" : "origin", document.origin),
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
    static func exceptions(_ document: SegmentDocument, _ trace: Trace) -> [Line] {
        var records = document.exceptions
        if case .exceptionID(let id) = document.cause {
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
