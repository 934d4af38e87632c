import XRayModel

/// The traces that have one value of a field, as a row of the Analytics tab's group-by table.
public struct GroupRow: Hashable, Sendable {
    /// The value for display; `TraceAnalytics.noneLabel` for the traces without one.
    public var label: String
    /// Nil for the traces without a value.
    public var value: FieldValue?
    /// The filter term that selects the group (`FilterTerms.term`); nil for the traces without
    /// a value.
    public var term: String?
    public var count: Int
    /// `count` over all the summaries grouped, 0...1. A trace with several values (users,
    /// services, annotations) is in several groups, so shares can add up to more than 1.
    public var share: Double
    /// Over the traces of the group that have a `ResponseTime`; nil when none has.
    public var averageResponseTime: Double?
    public var p50: Double?
    public var p90: Double?
    public var p99: Double?
    /// Traces with `HasError` over `count`. As in X-Ray's statistics and the filter's `error`,
    /// this includes throttled (429) traces: `throttleRate` is not to be added to it.
    public var errorRate: Double
    /// Traces with `HasThrottle` (some segment was throttled, as the filter's `throttle`).
    public var throttleRate: Double
    /// Traces with `HasFault` (5xx).
    public var faultRate: Double
}

/// One group of two group-by tables side by side: A (say, the earlier window) and B.
public struct CompareRow: Hashable, Sendable {
    public var label: String
    public var term: String?
    public var countA: Int
    public var countB: Int
    public var shareA: Double
    public var shareB: Double
    /// B's share minus A's, in percentage points (+25 for 0.25 → 0.5).
    public var shareDelta: Double
    /// `countB - countA`.
    public var countDelta: Int
}

/// The numbers behind the Analytics tab, computed from trace summaries. Pure and deterministic;
/// empty input gives empty or zero results, never NaN.
public enum TraceAnalytics {
    /// The label of the row of traces that have no value for the field.
    public static let noneLabel = "(none)"

    /// One row per distinct value of the field, and one (`noneLabel`, no term) for the traces
    /// without a value, sorted by count (largest first), then label.
    public static func groups(_ summaries: [API.TraceSummary], by field: FilterField) -> [GroupRow] {
        // Indices and the few fields a row needs, never copies of the summaries: a summary is
        // a large value, and copying a million of them dominated the cost.
        var groups: [FieldValue: [Int]] = [:]
        var none: [Int] = []
        for index in summaries.indices {
            let values = FilterTerms.values(field, of: summaries[index])
            if values.isEmpty { none.append(index) }
            for value in values { groups[value, default: []].append(index) }
        }
        let columns = Columns(summaries)
        var rows = groups.map { value, members in
            row(label: value.label, value: value, term: FilterTerms.term(field, equalTo: value), members, columns)
        }
        if !none.isEmpty { rows.append(row(label: noneLabel, value: nil, term: nil, none, columns)) }
        return rows.sorted { ($1.count, $0.label, $0.term ?? "") < ($0.count, $1.label, $1.term ?? "") }
    }

    /// What a group row is computed from, one array per field.
    private struct Columns {
        var responseTimes: [Double?]
        var errors: [Bool]
        var throttles: [Bool]
        var faults: [Bool]

        init(_ summaries: [API.TraceSummary]) {
            responseTimes = summaries.map { $0.ResponseTime }
            errors = summaries.map { $0.HasError == true }
            throttles = summaries.map { $0.HasThrottle == true }
            faults = summaries.map { $0.HasFault == true }
        }
    }

    private static func row(
        label: String, value: FieldValue?, term: String?, _ members: [Int], _ columns: Columns
    ) -> GroupRow {
        let times = members.compactMap { columns.responseTimes[$0] }.filter(\.isFinite).sorted()
        let count = Double(members.count)
        func rate(_ flags: [Bool]) -> Double { Double(members.count { flags[$0] }) / count }
        return GroupRow(
            label: label, value: value, term: term, count: members.count,
            share: count / Double(columns.errors.count),
            averageResponseTime: times.isEmpty ? nil : times.reduce(0, +) / Double(times.count),
            p50: percentile(50, ofSorted: times), p90: percentile(90, ofSorted: times),
            p99: percentile(99, ofSorted: times), errorRate: rate(columns.errors),
            throttleRate: rate(columns.throttles), faultRate: rate(columns.faults))
    }

    /// The finite response times of the summaries, ascending.
    static func responseTimes(_ summaries: [API.TraceSummary]) -> [Double] {
        summaries.compactMap(\.ResponseTime).filter(\.isFinite).sorted()
    }

    /// The nearest-rank percentile: the smallest value with at least `percent`% of the values
    /// at or below it, that is the value at rank ⌈percent × n / 100⌉ (counting from 1) of the
    /// ascending values. Always one of the values; nil when there are none. p50 of 1, 2, 3, 4
    /// is 2; p90 of ten values is the ninth, p99 of ten is the tenth.
    public static func percentile(_ percent: Int, ofSorted values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let rank = (max(0, min(100, percent)) * values.count + 99) / 100
        return values[max(1, rank) - 1]
    }

    /// The groups of two tables matched up: one row per group in either, matched by label and
    /// term (so an annotation's string "3" and number 3 stay apart), a group missing from one
    /// side counting 0 there. Sorted by the size of the share change (largest first), then label.
    public static func compare(a: [GroupRow], b: [GroupRow]) -> [CompareRow] {
        struct Key: Hashable {
            var label: String
            var term: String?
        }
        var rows: [Key: CompareRow] = [:]
        func entry(_ key: Key) -> CompareRow {
            rows[key]
                ?? CompareRow(
                    label: key.label, term: key.term, countA: 0, countB: 0, shareA: 0, shareB: 0, shareDelta: 0,
                    countDelta: 0)
        }
        for group in a {
            let key = Key(label: group.label, term: group.term)
            var row = entry(key)
            row.countA += group.count
            row.shareA += group.share
            rows[key] = row
        }
        for group in b {
            let key = Key(label: group.label, term: group.term)
            var row = entry(key)
            row.countB += group.count
            row.shareB += group.share
            rows[key] = row
        }
        return rows.values.map { row in
            var row = row
            row.shareDelta = (row.shareB - row.shareA) * 100
            row.countDelta = row.countB - row.countA
            return row
        }.sorted {
            (abs($1.shareDelta), $0.label, $0.term ?? "") < (abs($0.shareDelta), $1.label, $1.term ?? "")
        }
    }
}
