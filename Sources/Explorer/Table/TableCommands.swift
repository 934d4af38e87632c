import TerminalKit
import XRayModel

/// The trace table's part of `update`: the column cursor, sorting, widths, the column picker,
/// quick filters and copying.
extension AppState {
    mutating func tableCommand(_ command: Command) -> [Effect]? {
        switch command {
        case .left: table.cursor = max(0, table.cursor - 1)
        case .right: table.cursor = max(0, min(table.columns.count - 1, table.cursor + 1))
        case .sortColumn:
            guard let column = table.currentColumn else { return [] }
            table.sort =
                table.sort.column == column
                ? TableSort(column: column, descending: !table.sort.descending)
                : TableSort(column: column, descending: column.sortsDescendingFirst)
            resort()
        case .reverseSort:
            table.sort.descending.toggle()
            resort()
        case .narrower, .wider:
            guard let column = table.currentColumn else { return [] }
            // The last column takes what is left of the row until given a width of its own.
            let current = table.width(of: column) == 0 ? 40 : table.width(of: column)
            table.widths[column] = max(3, min(120, current + (command == .wider ? 4 : -4)))
        case .pickColumns: overlay = .columnPicker(selected: 0)
        case .keepValue: return quickFilter(negated: false)
        case .dropValue: return quickFilter(negated: true)
        case .copy:
            guard summaries.indices.contains(selectedRow), let id = summaries[selectedRow].Id else { return [] }
            notice = "copied \(id) (OSC 52)"
            return [.copy(id)]
        default: return nil
        }
        return []
    }

    /// Sorts the rows again, keeping the selected trace selected.
    mutating func resort() {
        let selectedID = summaries.indices.contains(selectedRow) ? summaries[selectedRow].Id : nil
        summaries = table.sort.apply(to: summaries)
        if let selectedID, let row = summaries.firstIndex(where: { $0.Id == selectedID }) { selectedRow = row }
        clampSelection(&self)
    }

    /// A click on the header sorts by that column (again: the other way).
    mutating func clickHeader(x: Int) {
        var left = 1
        for (index, column) in table.columns.enumerated() {
            let width = table.width(of: column) == 0 ? self.width - left : table.width(of: column)
            if x >= left && x < left + width + 2 {
                table.cursor = index
                _ = tableCommand(.sortColumn)
                return
            }
            left += width + 2
        }
    }

    /// The column picker: ↑/↓ choose, Space or Enter shows or hides, Esc closes.
    mutating func pickColumns(_ key: Key) {
        guard case .columnPicker(var selected) = overlay else { return }
        let available = TableState.available(in: summaries)
        // Live data can take annotation keys away while the picker is open.
        selected = min(selected, available.count - 1)
        switch key.code {
        case .escape, .character("c"), .character("q"): overlay = nil
        case .up, .character("k"): selected = max(0, selected - 1)
        case .down, .character("j"): selected = min(available.count - 1, selected + 1)
        case .enter, .character(" "):
            let column = available[selected]
            if let index = table.columns.firstIndex(of: column) {
                guard table.columns.count > 1 else { break }
                table.columns.remove(at: index)
            } else {
                // In the picker's order, so columns keep a familiar arrangement.
                let order = available.firstIndex(of: column)!
                let at =
                    table.columns.firstIndex { (available.firstIndex(of: $0) ?? .max) > order } ?? table.columns.count
                table.columns.insert(column, at: at)
            }
            table.cursor = min(table.cursor, table.columns.count - 1)
        default: break
        }
        if overlay != nil { overlay = .columnPicker(selected: selected) }
    }
}

extension AppState {
    /// `=` and `!` on the table: the selected row's value in the cursor's column, ANDed onto the
    /// filter as a term (`http.status = 502`, `http.clientip = "10.0.3.7"`), or its negation.
    /// Two keystrokes narrow the traces to one status code or one client.
    mutating func quickFilter(negated: Bool) -> [Effect] {
        guard summaries.indices.contains(selectedRow), let column = table.currentColumn else { return [] }
        guard let field = column.filterField else {
            notice = "no filter for the \(column.name) column; move to another with ← →"
            return []
        }
        let summary = summaries[selectedRow]
        guard
            let term = negated ? FilterTerms.negated(field, of: summary) : FilterTerms.term(field, of: summary)
        else {
            notice = "this trace has no \(column.name)"
            return []
        }
        filter = FilterTerms.adding(term, to: filter)
        filterHistory.add(filter)
        selectedRow = 0
        scrollTop = 0
        return [reload(self)]
    }
}

extension TraceColumn {
    /// The filter field a cell of this column stands for; nil for times and ids.
    var filterField: FilterField? {
        switch self {
        case .method: .method
        case .status: .status
        case .clientIP: .clientIP
        case .userAgent: .userAgent
        case .user: .user
        case .url: .url
        case .annotation(let key): .annotation(key)
        case .time, .traceID, .response, .duration: nil
        }
    }
}
