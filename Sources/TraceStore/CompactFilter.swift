import XRayFilter
import XRayModel

/// A filter expression compiled against trace rows instead of summaries and assembled traces,
/// so a filter over a million traces reads a hundred bytes of each and no document. Each
/// distinct text or term is tested once and the answer remembered.
///
/// Covers what a row holds: flags, numbers, the HTTP fields, users, services, annotations,
/// zones, instances, ARNs, and `service()` / `edge()` with blocks of flags. Anything else
/// (`message`, `rootcause.*`, blocks that test a span's numbers or texts, account ids) is not
/// compiled (`init` returns nil) and the store evaluates the expression on assembled traces.
/// Its answers equal FilterExpression's: a test runs both over the sample data.
final class CompactFilter {
    private let terms: TermTable
    private let texts: TextPool
    private var predicate: ((borrowing TraceRow) -> Bool)!

    init?(_ node: FilterNode, terms: TermTable, texts: TextPool) {
        self.terms = terms
        self.texts = texts
        guard let predicate = compile(node) else { return nil }
        self.predicate = predicate
    }

    func matches(_ row: borrowing TraceRow) -> Bool { predicate(row) }

    private func compile(_ node: FilterNode) -> ((borrowing TraceRow) -> Bool)? {
        switch node {
        case .and(let a, let b):
            guard let left = compile(a), let right = compile(b) else { return nil }
            return { left($0) && right($0) }
        case .or(let a, let b):
            guard let left = compile(a), let right = compile(b) else { return nil }
            return { left($0) || right($0) }
        case .not(let a):
            guard let inner = compile(a) else { return nil }
            return { !inner($0) }
        case .flag(let flag, let expected):
            return flagTest(flag).map { test in { test($0) == expected } }
        case .number(let keyword, let comparison, let wanted):
            let value: (borrowing TraceRow) -> Double?
            switch keyword {
            case .responsetime: value = { $0.responseTime }
            case .duration: value = { $0.duration.isNaN ? nil : $0.duration }
            case .httpStatus: value = { $0.httpStatus < 0 ? nil : Double($0.httpStatus) }
            case .index, .coverage: value = { _ in nil }
            }
            return { row in value(row).map { comparison.holds($0, wanted) } ?? false }
        case .text(let keyword, let test):
            return textPredicate(keyword, test)
        case .annotation(let key, let test):
            return { [terms] row in
                var values: [AnnotationValue] = []
                for id in row.terms {
                    if case .annotation(key, let value) = terms[id] { values.append(value) }
                }
                return FilterSemantics.annotationTest(test, values)
            }
        case .service(let selector, let block):
            guard selector?.accountID == nil, let states = stateMask(block) else { return nil }
            let listed = selector?.name.map { name in
                memo { term in if case .service(let key) = term { key.name == name } else { false } }
            }
            let node = memo { term in
                guard case .node(let key, let spanStates) = term else { return false }
                return (selector?.matches(key, accountID: nil) ?? true) && spanStates & states != 0
            }
            return { row in
                if let listed, !row.terms.contains(where: listed) { return false }
                return row.terms.contains(where: node)
            }
        case .edge(let from, let to, let block):
            guard from.accountID == nil, to.accountID == nil, let states = stateMask(block) else { return nil }
            let edge = memo { term in
                guard case .edge(let source, let target, let spanStates) = term else { return false }
                return from.matches(source, accountID: nil) && to.matches(target, accountID: nil)
                    && spanStates & states != 0
            }
            return { row in row.terms.contains(where: edge) }
        case .rootCause, .rootCauseJSON:
            return nil
        }
    }

    private func flagTest(_ flag: FlagKeyword) -> ((borrowing TraceRow) -> Bool)? {
        switch flag {
        case .ok: return { !$0.flags.contains(.fault) && !$0.flags.contains(.error) }
        case .error: return { $0.flags.contains(.error) }
        case .throttle: return { $0.flags.contains(.throttle) }
        case .fault: return { $0.flags.contains(.fault) }
        case .partial: return { $0.flags.contains(.partial) }
        case .inferred: return { $0.flags.contains(.inferredNode) }
        case .first, .last, .remote, .root: return { _ in false }  // rejected at this level by the parser
        }
    }

    private func textPredicate(_ keyword: TextKeyword, _ test: TextTest?) -> ((borrowing TraceRow) -> Bool)? {
        let single: ((borrowing TraceRow) -> UInt32)?
        switch keyword {
        case .httpURL: single = { $0.url }
        case .httpMethod: single = { $0.method }
        case .httpUserAgent: single = { $0.userAgent }
        case .httpClientIP: single = { $0.clientIP }
        default: single = nil
        }
        if let single {
            var known: [UInt32: Bool] = [:]
            return { [texts] row in
                let id = single(row)
                if let answer = known[id] { return answer }
                let answer = FilterSemantics.textTest(test, texts[id].map { [$0] } ?? [])
                known[id] = answer
                return answer
            }
        }
        let value: (Term) -> String?
        switch keyword {
        case .user: value = { if case .user(let name) = $0 { name } else { nil } }
        case .name: value = { if case .service(let key) = $0 { key.name } else { nil } }
        case .type: value = { if case .service(let key) = $0 { key.type } else { nil } }
        case .availabilityzone: value = { if case .availabilityZone(let zone) = $0 { zone } else { nil } }
        case .instanceID: value = { if case .instance(let id) = $0 { id } else { nil } }
        case .resourceARN: value = { if case .resourceARN(let arn) = $0 { arn } else { nil } }
        case .message: return nil
        default: return nil
        }
        // A test over several values: some passes, or for `!=`, some is set and none equals.
        let isValue = memo { value($0) != nil }
        let passes = memo { term in value(term).map { test?.matches($0) ?? true } ?? false }
        guard let test else { return { row in row.terms.contains(where: isValue) } }
        if test.op == .notEqual {
            return { row in row.terms.contains(where: isValue) && !row.terms.contains(where: passes) }
        }
        return { row in row.terms.contains(where: passes) }
    }

    /// The span states a `service()` / `edge()` block accepts, as a mask; every state for no
    /// block; nil when the block asks more than a state tells.
    private func stateMask(_ block: FilterNode?) -> UInt32? {
        guard let block else { return UInt32.max }
        guard let test = Self.stateTest(block) else { return nil }
        return SpanState.all.filter(test).reduce(0) { $0 | $1.bit }
    }

    private static func stateTest(_ node: FilterNode) -> ((SpanState) -> Bool)? {
        switch node {
        case .and(let a, let b):
            guard let left = stateTest(a), let right = stateTest(b) else { return nil }
            return { left($0) && right($0) }
        case .or(let a, let b):
            guard let left = stateTest(a), let right = stateTest(b) else { return nil }
            return { left($0) || right($0) }
        case .not(let a):
            guard let inner = stateTest(a) else { return nil }
            return { !inner($0) }
        case .flag(let flag, let expected):
            let value: (SpanState) -> Bool
            switch flag {
            case .ok: value = { $0.status == .ok }
            case .error: value = { $0.status == .error || $0.status == .throttle }
            case .throttle: value = { $0.status == .throttle }
            case .fault: value = { $0.status == .fault }
            case .inferred: value = { $0.inferred }
            case .root: value = { $0.root }
            case .partial: value = { $0.partial }
            case .first, .last, .remote: value = { _ in false }  // rejected here by the parser
            }
            return { value($0) == expected }
        default:
            return nil
        }
    }

    /// A test of term ids that looks at each distinct term once.
    private func memo(_ test: @escaping (Term) -> Bool) -> (UInt32) -> Bool {
        var known: [UInt32: Bool] = [:]
        return { [terms] id in
            if let answer = known[id] { return answer }
            let answer = test(terms[id])
            known[id] = answer
            return answer
        }
    }
}
