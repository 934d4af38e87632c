import Foundation
import XRayModel

extension TimelineModel {
    /// The next (or, `backwards`, previous) problem span after (before) `span` in display order,
    /// wrapping around; from `nil`, the first (last) problem. A span that is itself the only
    /// problem wraps to itself. nil when the trace has no problems.
    public func problem(after span: Int?, backwards: Bool) -> Int? {
        guard let first = problems.first, let last = problems.last else { return nil }
        guard let span else { return backwards ? last : first }
        // The first problem index greater than `span` (binary search: `problems` is sorted).
        var low = 0
        var high = problems.count
        while low < high {
            let mid = (low + high) / 2
            if problems[mid] <= span { low = mid + 1 } else { high = mid }
        }
        if backwards {
            // Problems before `span` end just before the first one that is >= span.
            let before = low > 0 && problems[low - 1] == span ? low - 1 : low
            return before > 0 ? problems[before - 1] : last
        }
        return low < problems.count ? problems[low] : first
    }

    /// Spans whose name, HTTP URL, SQL query or URL, AWS operation, or any annotation key or
    /// value contains `text`, ignoring case, in display order. Empty for empty text.
    public func search(_ text: String) -> [Int] {
        guard !text.isEmpty else { return [] }
        return trace.spans.indices.filter { Self.fields(of: trace.spans[$0].document).contains { matches($0, text) } }
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
