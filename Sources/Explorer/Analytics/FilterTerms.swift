import Foundation
import XRayFilter
import XRayModel

/// A field of a trace summary that traces are grouped by in the Analytics tab and filtered on
/// from a cell of the trace table.
public enum FilterField: Hashable, Sendable {
    case status, clientIP, url, method, userAgent, user, service
    case annotation(String)

    /// The name a column or a group-by menu shows: the filter keyword, or `service`.
    public var title: String {
        switch self {
        case .status: return "http.status"
        case .clientIP: return "http.clientip"
        case .url: return "http.url"
        case .method: return "http.method"
        case .userAgent: return "http.useragent"
        case .user: return "user"
        case .service: return "service"
        case .annotation(let key): return FilterTerms.annotationKeyword(key)
        }
    }
}

/// One value of a field, typed as the filter language types it: an annotation's number 3 and
/// its string "3" are different values.
public enum FieldValue: Hashable, Sendable {
    case number(Double)
    case string(String)
    case bool(Bool)

    /// For display: control characters replaced, `""` for the empty string.
    public var label: String {
        switch self {
        case .number(let value): return FilterTerms.number(value) ?? String(describing: value)
        case .string(let text): return text.isEmpty ? "\"\"" : Sanitizer.clean(text)
        case .bool(let flag): return flag ? "true" : "false"
        }
    }
}

/// The filter-language terms that select traces by the value of a field: the trace table's
/// quick filters and the Analytics tab's "refine by this group". Every term parses with
/// `FilterExpression(parsing:)` and matches exactly the summaries that `values` gives the value
/// for; all but `service(...)` are answered from the summary alone.
public enum FilterTerms {
    /// The distinct values a summary has for a field, in the summary's order (for `service`, the
    /// entry point's name first). Empty when it has none; non-finite numbers are left out.
    public static func values(_ field: FilterField, of summary: API.TraceSummary) -> [FieldValue] {
        let http = summary.Http
        let values: [FieldValue]
        switch field {
        case .status: values = (http?.HttpStatus).map { [.number(Double($0))] } ?? []
        case .clientIP: values = (http?.ClientIp).map { [.string($0)] } ?? []
        case .url: values = (http?.HttpURL).map { [.string($0)] } ?? []
        case .method: values = (http?.HttpMethod).map { [.string($0)] } ?? []
        case .userAgent: values = (http?.UserAgent).map { [.string($0)] } ?? []
        case .user: values = (summary.Users ?? []).compactMap(\.UserName).map(FieldValue.string)
        case .service:
            // service("NAME") looks for the name among the summary's ServiceIds first, so only
            // names from there are values.
            var names = (summary.ServiceIds ?? []).compactMap(\.Name)
            if let entry = summary.EntryPoint?.Name, let at = names.firstIndex(of: entry) {
                names.insert(names.remove(at: at), at: 0)
            }
            values = names.map(FieldValue.string)
        case .annotation(let key):
            values = (summary.Annotations?[key] ?? []).compactMap(\.AnnotationValue).flatMap { value in
                // "One of the three is set"; should several be, the filter matches each of them.
                value.NumberValue.map { [FieldValue.number($0)] } ?? []
                    + (value.BooleanValue.map { [FieldValue.bool($0)] } ?? [])
                    + (value.StringValue.map { [FieldValue.string($0)] } ?? [])
            }
        }
        // One value (the common case) needs no de-duplication, and a set per trace is costly.
        if values.count == 1, case .number(let number) = values[0], !number.isFinite { return [] }
        if values.count <= 1 { return values }
        var seen: Set<FieldValue> = []
        return values.filter { value in
            if case .number(let number) = value, !number.isFinite { return false }
            return seen.insert(value).inserted
        }
    }

    /// The term selecting the traces whose field has the value: `http.status = 502`,
    /// `user = "alice"`, `service("front")`, `annotation.items = 3`, `annotation["order id"] = "A-1"`.
    /// Nil when the value is not of the field's type (a string status, a boolean URL).
    public static func term(_ field: FilterField, equalTo value: FieldValue) -> String? {
        switch (field, value) {
        case (.status, .number(let status)): return number(status).map { "http.status = \($0)" }
        case (.clientIP, .string(let text)), (.url, .string(let text)), (.method, .string(let text)),
            (.userAgent, .string(let text)), (.user, .string(let text)):
            return "\(field.title) = \(literal(text))"
        case (.service, .string(let name)): return "service(\(literal(name)))"
        case (.annotation(let key), .number(let number)):
            return Self.number(number).map { "\(annotationKeyword(key)) = \($0)" }
        case (.annotation(let key), .bool(let flag)): return "\(annotationKeyword(key)) = \(flag)"
        case (.annotation(let key), .string(let text)): return "\(annotationKeyword(key)) = \(literal(text))"
        default: return nil
        }
    }

    /// The term for the summary's value of the field (its first, for users, services and
    /// annotations with several); nil when it has none.
    public static func term(_ field: FilterField, of summary: API.TraceSummary) -> String? {
        values(field, of: summary).first.flatMap { term(field, equalTo: $0) }
    }

    /// The complement of `term`: every trace that does not have the value, including the traces
    /// with no value for the field at all. `!service("front")`, `!(user = "alice")`. (`!=` would
    /// leave out the traces without a value, and for users and annotations means "none equals".)
    public static func negated(_ field: FilterField, equalTo value: FieldValue) -> String? {
        guard let term = term(field, equalTo: value) else { return nil }
        return field == .service ? "!" + term : "!(\(term))"
    }

    public static func negated(_ field: FilterField, of summary: API.TraceSummary) -> String? {
        values(field, of: summary).first.flatMap { negated(field, equalTo: $0) }
    }

    /// `term` ANDed onto a filter: just the term when the filter is blank, otherwise
    /// `FILTER AND TERM`, with the filter in parentheses when it has an OR outside any brackets
    /// (AND binds tighter than OR).
    public static func adding(_ term: String, to filter: String) -> String {
        let existing = filter.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !existing.isEmpty else { return term }
        return (hasTopLevelOr(existing) ? "(\(existing))" : existing) + " AND " + term
    }

    /// Whether `OR` (any case) appears as a word outside strings and brackets.
    static func hasTopLevelOr(_ filter: String) -> Bool {
        var depth = 0
        var word = ""
        var inString = false
        var escaped = false
        for character in filter + " " {
            if inString {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
                continue
            }
            if character.isLetter || character.isNumber || "_.-".contains(character) {
                word.append(character)
                continue
            }
            if depth == 0 && word.lowercased() == "or" { return true }
            word = ""
            switch character {
            case "\"": inString = true
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            default: break
            }
        }
        return false
    }
}
