import XRayModel

/// The trace table's own state: which columns, how wide, which one the cursor is on, and the
/// sort.
public struct TableState: Sendable {
    /// Visible columns, in order.
    public var columns: [TraceColumn]
    /// Widths the user changed with `<` and `>`.
    public var widths: [TraceColumn: Int] = [:]
    /// The column quick filters, sorting and resizing act on.
    public var cursor = 0
    public var sort = TableSort.newestFirst

    /// `names` as the config file gives them (`TraceColumn(name:)`); nil shows the defaults.
    public init(names: [String]? = nil) {
        let chosen = names?.compactMap(TraceColumn.init(name:)) ?? []
        // An empty list would leave a table with nothing to show or move to.
        columns = chosen.isEmpty ? TraceColumn.standard.filter(TraceColumn.shownByDefault.contains) : chosen
    }

    public var currentColumn: TraceColumn? { columns.indices.contains(cursor) ? columns[cursor] : nil }

    func width(of column: TraceColumn) -> Int { widths[column] ?? column.defaultWidth }

    /// Every column the picker offers: the standard ones, then each annotation key in the data.
    static func available(in summaries: [API.TraceSummary]) -> [TraceColumn] {
        TraceColumn.standard + annotationKeys(in: summaries).map(TraceColumn.annotation)
    }
}

/// The annotation keys in the data, sorted, for the column picker, the group-by fields and
/// completion. The newest 5,000 traces stand for the window: a picker needs no exact census.
func annotationKeys(in summaries: [API.TraceSummary]) -> [String] {
    var keys = Set<String>()
    for summary in summaries.prefix(5000) { keys.formUnion(summary.Annotations?.keys ?? [:].keys) }
    return keys.sorted()
}
