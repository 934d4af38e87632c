import Foundation
import XRayModel

extension TimelineModel {
    /// The next (or, `backwards`, previous) problem span after (before) `row` in display order,
    /// wrapping around; from `nil`, the first (last) problem. A span that is itself the only
    /// problem wraps to itself. nil when the trace has no problems.
    public func problem(after row: Int?, backwards: Bool) -> Int? {
        neighbour(of: row, in: problems, backwards: backwards)
    }

    /// The first row of `rows` (which must be in display order) after `row` in display order,
    /// or with `backwards` the last one before it, wrapping around; from `nil` the first (last).
    /// Folding does not matter: hidden rows count where they are in the whole tree.
    public func neighbour(of row: Int?, in rows: [Int], backwards: Bool) -> Int? {
        guard let first = rows.first, let last = rows.last else { return nil }
        guard let row, positions.indices.contains(row) else { return backwards ? last : first }
        let position = positions[row]
        // How many of `rows` come at or before `row` (binary search: `rows` is in display order).
        var low = 0
        var high = rows.count
        while low < high {
            let mid = (low + high) / 2
            if positions[rows[mid]] <= position { low = mid + 1 } else { high = mid }
        }
        if backwards {
            // Rows before `row` end just before the first one at or after it.
            let before = low > 0 && rows[low - 1] == row ? low - 1 : low
            return before > 0 ? rows[before - 1] : last
        }
        return low < rows.count ? rows[low] : first
    }

    /// Rows whose name, HTTP URL, SQL query or URL, AWS operation, or any annotation key or
    /// value contains `text`, ignoring case, in display order. An inferred row is found by its
    /// name and type alone: the rest it copies from its subsegment, which is found already.
    /// Empty for empty text.
    public func search(_ text: String) -> [Int] {
        guard !text.isEmpty else { return [] }
        return order.filter { row in
            let document = document(row)
            let fields =
                isInferred(row) ? [document.name] + [document.origin].compactMap { $0 } : Self.fields(of: document)
            return fields.contains { matches($0, text) }
        }
    }

    private func matches(_ field: String, _ text: String) -> Bool {
        field.range(of: text, options: [.caseInsensitive]) != nil
    }

    /// The text a search looks at for one document.
    static func fields(of document: SegmentDocument) -> [String] {
        var fields = [document.name]
        if let url = document.http?.request?.url { fields.append(url) }
        if let query = document.sql?.sanitizedQuery { fields.append(query) }
        if let url = document.sql?.url { fields.append(url) }
        if let operation = document.aws?.operation { fields.append(operation) }
        for (key, value) in document.annotations {
            fields.append(key)
            fields.append(text(of: value))
        }
        return fields
    }

    /// An annotation value as the user would type it: whole numbers without a fraction.
    static func text(of value: AnnotationValue) -> String {
        switch value {
        case .string(let string): return string
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number):
            if number.rounded() == number && abs(number) < 1e15 { return String(Int64(number)) }
            return String(number)
        }
    }
}
