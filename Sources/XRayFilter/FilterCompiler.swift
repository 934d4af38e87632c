import Foundation
import XRayModel

typealias TracePredicate = @Sendable (FilterSubject) -> Bool
typealias EntryPredicate = @Sendable (EntryContext) -> Bool
typealias CausePredicate = @Sendable (CauseItem) -> Bool

/// A document inside `service() { }` or `edge() { }`, with the node it belongs to.
struct EntryContext {
    var entry: TraceGraphFacts.Entry
    var node: ServiceKey
    var nodeInferred: Bool
    var nodeRoot: Bool
}

/// One element of a root-cause list: a service, an entity on a service's path, or an
/// exception on an entity. `index` counts from 0 within its list.
struct CauseItem {
    var name: String?
    var type: String?
    var message: String?
    var index: Int
    var count: Int
    var remote: Bool
    var inferred: Bool
    var coverage: Double?
}

/// Turns a checked tree into closures, once, so evaluating a million traces does not walk the
/// tree a million times. Semantics are described in FilterLanguage.md.
enum FilterCompiler {
    // MARK: trace level

    static func trace(_ node: FilterNode) -> TracePredicate {
        switch node {
        case .and(let a, let b):
            let (left, right) = (trace(a), trace(b))
            return { left($0) && right($0) }
        case .or(let a, let b):
            let (left, right) = (trace(a), trace(b))
            return { left($0) || right($0) }
        case .not(let a):
            let inner = trace(a)
            return { !inner($0) }
        case .flag(let flag, let expected):
            return { traceFlag(flag, $0) == expected }
        case .number(let keyword, let comparison, let value):
            return { subject in
                guard let actual = traceNumber(keyword, subject.summary) else { return false }
                return comparison.holds(actual, value)
            }
        case .text(let keyword, let test):
            return { subject in textTest(test, traceTexts(keyword, subject)) }
        case .annotation(let key, let test):
            return { subject in annotationTest(test, subject.summary.Annotations?[key]) }
        case .service(let selector, let block):
            let inner = block.map(entry)
            return { subject in
                subject.graph.nodes.contains { node in
                    guard selector?.matches(node.key, accountID: node.accountID) ?? true else { return false }
                    guard let inner else { return true }
                    return node.entries.contains {
                        inner(EntryContext(entry: $0, node: node.key, nodeInferred: node.inferred, nodeRoot: node.root))
                    }
                }
            }
        case .edge(let from, let to, let block):
            let inner = block.map(entry)
            return { subject in
                let graph = subject.graph
                return graph.edges.contains { edge in
                    guard from.matches(edge.from, accountID: graph.accountID(of: edge.from)),
                        to.matches(edge.to, accountID: graph.accountID(of: edge.to))
                    else { return false }
                    guard let inner else { return true }
                    return edge.calls.contains {
                        inner(EntryContext(entry: $0, node: edge.to, nodeInferred: false, nodeRoot: false))
                    }
                }
            }
        case .rootCause(let kind, let level, let block):
            let inner = cause(block)
            return { subject in
                causeItems(kind, level, subject.summary).contains(where: inner)
            }
        case .rootCauseJSON(let pattern):
            return { subject in rootCauseJSONMatches(pattern, subject.summary) }
        }
    }

    static func traceFlag(_ flag: FlagKeyword, _ subject: FilterSubject) -> Bool {
        let summary = subject.summary
        switch flag {
        case .ok: return summary.HasFault != true && summary.HasError != true
        case .error: return summary.HasError == true
        case .throttle: return summary.HasThrottle == true
        case .fault: return summary.HasFault == true
        case .partial: return summary.IsPartial == true
        case .inferred: return subject.graph.nodes.contains(where: \.inferred)
        case .first, .last, .remote, .root: return false  // rejected at this level by the parser
        }
    }

    static func traceNumber(_ keyword: NumberKeyword, _ summary: API.TraceSummary) -> Double? {
        switch keyword {
        case .responsetime: return summary.ResponseTime
        case .duration: return summary.Duration
        case .httpStatus: return summary.Http?.HttpStatus.map(Double.init)
        case .index, .coverage: return nil  // rejected at this level by the parser
        }
    }

    static func traceTexts(_ keyword: TextKeyword, _ subject: FilterSubject) -> [String] {
        let summary = subject.summary
        switch keyword {
        case .httpURL: return summary.Http?.HttpURL.map { [$0] } ?? []
        case .httpMethod: return summary.Http?.HttpMethod.map { [$0] } ?? []
        case .httpUserAgent: return summary.Http?.UserAgent.map { [$0] } ?? []
        case .httpClientIP: return summary.Http?.ClientIp.map { [$0] } ?? []
        case .user: return summary.Users?.compactMap(\.UserName) ?? []
        case .name: return summary.ServiceIds?.compactMap(\.Name) ?? []
        case .type: return summary.ServiceIds?.compactMap(\.Type) ?? []
        case .message: return subject.trace.spans.flatMap { $0.document.exceptions.compactMap(\.message) }
        case .availabilityzone: return summary.AvailabilityZones?.compactMap(\.Name) ?? []
        case .instanceID: return summary.InstanceIds?.compactMap(\.Id) ?? []
        case .resourceARN: return summary.ResourceARNs?.compactMap(\.ARN) ?? []
        }
    }

    /// Bare: the value is set. `!=`: set, and no value equals. Others: some value passes.
    static func textTest(_ test: TextTest?, _ values: [String]) -> Bool {
        guard let test else { return !values.isEmpty }
        if test.op == .notEqual { return !values.isEmpty && !values.contains(test.value) }
        return values.contains(where: test.matches)
    }

    static func annotationTest(_ test: AnnotationTest, _ values: [API.ValueWithServiceIds]?) -> Bool {
        let values = (values ?? []).compactMap(\.AnnotationValue)
        switch test {
        case .isSet:
            return !values.isEmpty
        case .number(let comparison, let wanted):
            let numbers = values.compactMap(\.NumberValue)
            if comparison == .notEqual { return !numbers.isEmpty && !numbers.contains(wanted) }
            return numbers.contains { comparison.holds($0, wanted) }
        case .text(let textTest):
            return Self.textTest(textTest, values.compactMap(\.StringValue))
        case .flag(let wanted, let equal):
            let flags = values.compactMap(\.BooleanValue)
            return equal ? flags.contains(wanted) : (!flags.isEmpty && !flags.contains(wanted))
        }
    }

    // MARK: inside service() and edge()

    static func entry(_ node: FilterNode) -> EntryPredicate {
        switch node {
        case .and(let a, let b):
            let (left, right) = (entry(a), entry(b))
            return { left($0) && right($0) }
        case .or(let a, let b):
            let (left, right) = (entry(a), entry(b))
            return { left($0) || right($0) }
        case .not(let a):
            let inner = entry(a)
            return { !inner($0) }
        case .flag(let flag, let expected):
            return { context in
                let status = context.entry.document.statusClass
                let value: Bool
                switch flag {
                case .ok: value = status == .ok
                case .error: value = status == .error || status == .throttle
                case .throttle: value = status == .throttle
                case .fault: value = status == .fault
                case .inferred: value = context.nodeInferred
                case .root: value = context.nodeRoot
                case .partial: value = context.entry.document.inProgress
                case .first, .last, .remote: value = false  // rejected here by the parser
                }
                return value == expected
            }
        case .number(let keyword, let comparison, let wanted):
            return { context in
                let document = context.entry.document
                let actual: Double?
                switch keyword {
                case .responsetime, .duration: actual = document.duration
                case .httpStatus: actual = document.http?.response?.status.map(Double.init)
                case .index, .coverage: actual = nil  // rejected here by the parser
                }
                guard let actual else { return false }
                return comparison.holds(actual, wanted)
            }
        case .text(let keyword, let test):
            return { context in textTest(test, entryTexts(keyword, context)) }
        case .annotation, .service, .edge, .rootCause, .rootCauseJSON:
            return { _ in false }  // rejected inside blocks by the parser
        }
    }

    static func entryTexts(_ keyword: TextKeyword, _ context: EntryContext) -> [String] {
        let document = context.entry.document
        let request = document.http?.request
        let values: [String?]
        switch keyword {
        case .httpURL: values = [request?.url]
        case .httpMethod: values = [request?.method]
        case .httpUserAgent: values = [request?.userAgent]
        case .httpClientIP: values = [request?.clientIP]
        case .user: values = [document.user]
        case .name: values = [context.node.name]
        case .type: values = [context.node.type]
        case .message: values = context.entry.exceptions.map(\.message)
        case .availabilityzone: values = [document.aws?.ec2?.availabilityZone ?? document.aws?.ecs?.availabilityZone]
        case .instanceID: values = [document.aws?.ec2?.instanceID]
        case .resourceARN: values = [document.resourceARN]
        }
        return values.compactMap { $0 }
    }

    // MARK: root causes

    static func cause(_ node: FilterNode) -> CausePredicate {
        switch node {
        case .and(let a, let b):
            let (left, right) = (cause(a), cause(b))
            return { left($0) && right($0) }
        case .or(let a, let b):
            let (left, right) = (cause(a), cause(b))
            return { left($0) || right($0) }
        case .not(let a):
            let inner = cause(a)
            return { !inner($0) }
        case .flag(let flag, let expected):
            return { item in
                let value: Bool
                switch flag {
                case .first: value = item.index == 0
                case .last: value = item.index == item.count - 1
                case .remote: value = item.remote
                case .inferred: value = item.inferred
                default: value = false  // rejected here by the parser
                }
                return value == expected
            }
        case .number(let keyword, let comparison, let wanted):
            return { item in
                let actual: Double? =
                    keyword == .index ? Double(item.index) : keyword == .coverage ? item.coverage : nil
                guard let actual else { return false }
                return comparison.holds(actual, wanted)
            }
        case .text(let keyword, let test):
            return { item in
                let value =
                    keyword == .name
                    ? item.name : keyword == .type ? item.type : keyword == .message ? item.message : nil
                return textTest(test, value.map { [$0] } ?? [])
            }
        case .annotation, .service, .edge, .rootCause, .rootCauseJSON:
            return { _ in false }  // rejected inside blocks by the parser
        }
    }

    static func causeItems(_ kind: RootCauseKind, _ level: RootCauseLevel, _ summary: API.TraceSummary) -> [CauseItem] {
        let causes: [API.RootCause]
        switch kind {
        case .fault: causes = summary.FaultRootCauses ?? []
        case .error: causes = summary.ErrorRootCauses ?? []
        case .responsetime: causes = summary.ResponseTimeRootCauses ?? []
        }
        var items: [CauseItem] = []
        for cause in causes {
            let services = cause.Services ?? []
            for (serviceIndex, service) in services.enumerated() {
                let path = service.EntityPath ?? []
                if level == .service {
                    items.append(
                        CauseItem(
                            name: service.Name, type: service.Type, message: nil, index: serviceIndex,
                            count: services.count, remote: false, inferred: service.Inferred == true, coverage: nil))
                    continue
                }
                for (entityIndex, entity) in path.enumerated() {
                    let exceptions = entity.Exceptions ?? []
                    if level == .entity {
                        items.append(
                            CauseItem(
                                name: entity.Name, type: nil, message: exceptions.first?.Message, index: entityIndex,
                                count: path.count, remote: entity.Remote == true, inferred: false,
                                coverage: entity.Coverage))
                        continue
                    }
                    for (exceptionIndex, exception) in exceptions.enumerated() {
                        items.append(
                            CauseItem(
                                name: exception.Name, type: nil, message: exception.Message, index: exceptionIndex,
                                count: exceptions.count, remote: entity.Remote == true, inferred: false, coverage: nil))
                    }
                }
            }
        }
        return items
    }

    /// `rootcause.json = #[ ... ]`: some root cause of the trace (of any kind) matches some
    /// element of the fragment. Fields the fragment gives must match exactly; fields it leaves
    /// out match anything; a list in the fragment matches a list holding its elements in order.
    static func rootCauseJSONMatches(_ pattern: JSONValue, _ summary: API.TraceSummary) -> Bool {
        guard case .array(let alternatives) = pattern else { return false }
        let causes =
            (summary.FaultRootCauses ?? []) + (summary.ErrorRootCauses ?? [])
            + (summary.ResponseTimeRootCauses ?? [])
        let encoded = causes.compactMap { cause -> JSONValue? in
            guard let data = try? JSONEncoder().encode(cause) else { return nil }
            return try? JSONDecoder().decode(JSONValue.self, from: data)
        }
        return alternatives.contains { alternative in encoded.contains { jsonMatches(alternative, $0) } }
    }

    static func jsonMatches(_ pattern: JSONValue, _ value: JSONValue) -> Bool {
        switch (pattern, value) {
        case (.object(let wanted), .object(let actual)):
            return wanted.allSatisfy { key, expected in actual[key].map { jsonMatches(expected, $0) } ?? false }
        case (.array(let wanted), .array(let actual)):
            var remaining = actual[...]
            for expected in wanted {
                guard let found = remaining.firstIndex(where: { jsonMatches(expected, $0) }) else { return false }
                remaining = remaining[(found + 1)...]
            }
            return true
        default:
            if let a = pattern.doubleValue, let b = value.doubleValue { return a == b }
            return pattern == value
        }
    }
}
