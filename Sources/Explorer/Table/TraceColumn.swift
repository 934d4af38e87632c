import TerminalKit
import XRayModel

/// A column of the trace table: what it shows of a summary, how it sorts, and which filter
/// field its cells stand for (for quick filters).
public enum TraceColumn: Hashable, Sendable {
    case time, traceID, method, status, response, duration, clientIP, userAgent, user, url
    /// An annotation chosen as a column: `annotation.KEY` in the config file.
    case annotation(String)

    /// The built-in columns, in their default order.
    public static let standard: [TraceColumn] = [
        .time, .traceID, .method, .status, .response, .duration, .clientIP, .userAgent, .user, .url,
    ]
    /// Shown until the user or the config file chooses: the rest fit on a wide screen only.
    static let shownByDefault: Set<TraceColumn> = [.time, .traceID, .method, .status, .response, .clientIP, .url]

    /// The name the config file and the column picker use.
    public var name: String {
        switch self {
        case .time: "time"
        case .traceID: "trace id"
        case .method: "method"
        case .status: "status"
        case .response: "response"
        case .duration: "duration"
        case .clientIP: "client ip"
        case .userAgent: "user agent"
        case .user: "user"
        case .url: "url"
        case .annotation(let key): "annotation.\(key)"
        }
    }

    /// Reads a config name: a standard column or `annotation.KEY`.
    public init?(name: String) {
        let lowered = name.lowercased()
        if let column = Self.standard.first(where: { $0.name == lowered }) {
            self = column
        } else if lowered.hasPrefix("annotation."), name.count > 11 {
            self = .annotation(String(name.dropFirst(11)))
        } else {
            return nil
        }
    }

    var title: String {
        switch self {
        case .annotation(let key): key.uppercased()
        default: name.uppercased()
        }
    }

    /// Cells; 0 takes what is left of the row.
    var defaultWidth: Int {
        switch self {
        case .time: 12
        case .traceID: 12
        case .method: 6
        case .status: 6
        case .response, .duration: 9
        case .clientIP: 15
        case .userAgent: 20
        case .user: 12
        case .url: 0
        case .annotation: 14
        }
    }

    var alignRight: Bool {
        switch self {
        case .status, .response, .duration: true
        default: false
        }
    }

    func value(_ summary: API.TraceSummary) -> String {
        switch self {
        case .time: summary.StartTime.map(TraceTableView.clock) ?? "-"
        case .traceID: String((summary.Id ?? "-").suffix(12))
        case .method: summary.Http?.HttpMethod ?? "-"
        case .status: TraceTableView.statusText(summary)
        case .response: summary.ResponseTime.map(TraceTableView.milliseconds) ?? "-"
        case .duration: summary.Duration.map(TraceTableView.milliseconds) ?? "-"
        case .clientIP: summary.Http?.ClientIp ?? "-"
        case .userAgent: summary.Http?.UserAgent ?? "-"
        case .user: summary.Users?.compactMap(\.UserName).joined(separator: ",") ?? "-"
        case .url: summary.Http?.HttpURL.map(Self.withoutHost) ?? "-"
        case .annotation(let key): Self.annotationText(summary, key) ?? "-"
        }
    }

    /// `/api/orders?id=3` for `http://shop.example/api/orders?id=3`: the host is the entry
    /// service's own (the map shows it), and the path is what tells requests apart.
    static func withoutHost(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        return rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
    }

    static func annotationText(_ summary: API.TraceSummary, _ key: String) -> String? {
        guard let values = summary.Annotations?[key], !values.isEmpty else { return nil }
        return values.compactMap { $0.AnnotationValue.map(Self.text) }.joined(separator: ",")
    }

    static func text(_ value: API.AnnotationValue) -> String {
        if let number = value.NumberValue {
            return number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        }
        if let bool = value.BooleanValue { return String(bool) }
        return value.StringValue ?? "-"
    }

    /// What the column sorts by: numbers for times and statuses, text for the rest.
    enum SortKey: Comparable {
        case number(Double)
        case text(String)
        /// Rows without a value sort after every row with one, whichever the direction.
        case missing
    }

    func sortKey(_ summary: API.TraceSummary) -> SortKey {
        func number(_ value: Double?) -> SortKey { value.map(SortKey.number) ?? .missing }
        func text(_ value: String?) -> SortKey { value.map(SortKey.text) ?? .missing }
        switch self {
        case .time: return number(summary.StartTime)
        case .traceID: return text(summary.Id)
        case .method: return text(summary.Http?.HttpMethod)
        case .status: return number(summary.Http?.HttpStatus.map(Double.init))
        case .response: return number(summary.ResponseTime)
        case .duration: return number(summary.Duration)
        case .clientIP: return text(summary.Http?.ClientIp)
        case .userAgent: return text(summary.Http?.UserAgent)
        case .user: return text(summary.Users?.first?.UserName)
        case .url: return text(summary.Http?.HttpURL)
        case .annotation(let key):
            guard let value = summary.Annotations?[key]?.first?.AnnotationValue else { return .missing }
            return value.NumberValue.map(SortKey.number) ?? .text(Self.text(value))
        }
    }

    /// Numbers and times read best largest (newest) first; text A to Z.
    var sortsDescendingFirst: Bool {
        switch self {
        case .time, .status, .response, .duration: true
        default: false
        }
    }
}

/// How the table is sorted: by a column, one way or the other.
public struct TableSort: Hashable, Sendable {
    public var column: TraceColumn
    public var descending: Bool

    public init(column: TraceColumn, descending: Bool) {
        self.column = column
        self.descending = descending
    }

    /// Newest first, as the console lists traces.
    public static let newestFirst = TableSort(column: .time, descending: true)

    /// Sorts stably, rows without a value last; ties keep the newest first. Sorts indices by
    /// precomputed keys and moves each summary once: swapping the large summaries themselves
    /// during the sort cost ten times as much.
    public func apply(to summaries: [API.TraceSummary]) -> [API.TraceSummary] {
        let keys = summaries.map { column.sortKey($0) }
        let starts = summaries.map { $0.StartTime ?? 0 }
        let ids = summaries.map { $0.Id ?? "" }
        let descending = self.descending
        let order = summaries.indices.sorted { a, b in
            switch (keys[a], keys[b]) {
            case (.missing, .missing): break
            case (.missing, _): return false
            case (_, .missing): return true
            default: if keys[a] != keys[b] { return descending ? keys[a] > keys[b] : keys[a] < keys[b] }
            }
            return (starts[a], ids[a]) > (starts[b], ids[b])
        }
        return order.map { summaries[$0] }
    }
}
