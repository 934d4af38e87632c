import Foundation
import XRayModel

/// The summary, and a way to get the assembled trace for the few forms that need it.
typealias TracePredicate = @Sendable (API.TraceSummary, () -> Trace) -> Bool
typealias EntryPredicate = @Sendable (EntryContext) -> Bool
typealias CausePredicate = @Sendable (CauseItem) -> Bool

/// A document inside `service() { }` or `edge() { }`: the span it is, and its node.
struct EntryContext {
    var trace: Trace
    var index: Int
    var node: ServiceKey
    var nodeInferred: Bool
    var nodeRoot: Bool

    var document: SegmentDocument { trace.spans[index].document }

    /// Exceptions on the document and, for a segment, on its subsegments. Computed only when
    /// `message` asks.
    var exceptions: [ExceptionRecord] {
        guard trace.spans[index].isSegment else { return document.exceptions }
        return trace.spans.lazy.filter { $0.segmentIndex == index }.flatMap(\.document.exceptions)
    }
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
            return { left($0, $1) && right($0, $1) }
        case .or(let a, let b):
            let (left, right) = (trace(a), trace(b))
            return { left($0, $1) || right($0, $1) }
        case .not(let a):
            let inner = trace(a)
            return { !inner($0, $1) }
        case .flag(let flag, let expected):
            return { traceFlag(flag, $0, $1) == expected }
        case .number(let keyword, let comparison, let value):
            return { summary, _ in
                guard let actual = traceNumber(keyword, summary) else { return false }
                return comparison.holds(actual, value)
            }
        case .text(let keyword, let test):
            return { summary, trace in textTest(test, traceTexts(keyword, summary, trace)) }
        case .annotation(let key, let test):
            return { summary, _ in annotationTest(test, summary.Annotations?[key]) }
        case .service(let selector, let block):
            let inner = block.map(entry)
            return { summary, loadTrace in
                // The summary lists every node of the trace: a named one that is not there
                // needs no look at the trace.
                if let name = selector?.name, !(summary.ServiceIds ?? []).contains(where: { $0.Name == name }) {
                    return false
                }
                let trace = loadTrace()
                let rootKey = trace.root.map(trace.serviceKey(ofSegment:))
                for (index, span) in trace.spans.enumerated() {
                    guard let (key, inferred) = graphNode(of: index, in: trace),
                        selector?.matches(key, accountID: accountID(of: key, in: trace, if: selector)) ?? true
                    else { continue }
                    guard let inner else { return true }
                    let context = EntryContext(
                        trace: trace, index: index, node: key, nodeInferred: inferred,
                        nodeRoot: key == rootKey && span.isSegment)
                    if inner(context) { return true }
                }
                return false
            }
        case .edge(let from, let to, let block):
            let inner = block.map(entry)
            return { _, loadTrace in
                let trace = loadTrace()
                for index in trace.spans.indices {
                    for call in trace.calls(at: index)
                    where from.matches(call.from, accountID: accountID(of: call.from, in: trace, if: from))
                        && to.matches(call.to, accountID: accountID(of: call.to, in: trace, if: to))
                    {
                        guard let inner else { return true }
                        // The span is the caller's subsegment, or the callee segment when a
                        // segment calls a segment directly: the document X-Ray puts on the edge.
                        if inner(
                            EntryContext(
                                trace: trace, index: index, node: call.to, nodeInferred: call.inferred, nodeRoot: false)
                        ) {
                            return true
                        }
                    }
                }
                return false
            }
        case .rootCause(let kind, let level, let block):
            let inner = cause(block)
            return { summary, _ in causeItems(kind, level, summary).contains(where: inner) }
        case .rootCauseJSON(let pattern):
            return { summary, _ in rootCauseJSONMatches(pattern, summary) }
        }
    }

    /// The node a span stands for in `service()`: a segment's service, or the node inferred
    /// from a call whose callee sent nothing.
    static func graphNode(of index: Int, in trace: Trace) -> (ServiceKey, inferred: Bool)? {
        let span = trace.spans[index]
        if span.isSegment { return (trace.serviceKey(ofSegment: span), false) }
        guard case .inferred(let key) = trace.downstream(of: index) else { return nil }
        return (key, true)
    }

    /// A node's account, looked up only when the selector names one.
    static func accountID(of key: ServiceKey, in trace: Trace, if selector: NodeSelector?) -> String? {
        guard selector?.accountID != nil else { return nil }
        return trace.segments.first { trace.serviceKey(ofSegment: $0) == key && $0.document.aws?.accountID != nil }?
            .document.aws?.accountID
    }

    static func traceFlag(_ flag: FlagKeyword, _ summary: API.TraceSummary, _ trace: () -> Trace) -> Bool {
        switch flag {
        case .ok: return summary.HasFault != true && summary.HasError != true
        case .error: return summary.HasError == true
        case .throttle: return summary.HasThrottle == true
        case .fault: return summary.HasFault == true
        case .partial: return summary.IsPartial == true
        case .inferred:
            let trace = trace()
            return trace.spans.indices.contains { graphNode(of: $0, in: trace)?.inferred == true }
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

    static func traceTexts(_ keyword: TextKeyword, _ summary: API.TraceSummary, _ trace: () -> Trace) -> [String] {
        switch keyword {
        case .httpURL: return summary.Http?.HttpURL.map { [$0] } ?? []
        case .httpMethod: return summary.Http?.HttpMethod.map { [$0] } ?? []
        case .httpUserAgent: return summary.Http?.UserAgent.map { [$0] } ?? []
        case .httpClientIP: return summary.Http?.ClientIp.map { [$0] } ?? []
        case .user: return summary.Users?.compactMap(\.UserName) ?? []
        case .name: return summary.ServiceIds?.compactMap(\.Name) ?? []
        case .type: return summary.ServiceIds?.compactMap(\.Type) ?? []
        case .message: return trace().spans.flatMap { $0.document.exceptions.compactMap(\.message) }
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
                let status = context.document.statusClass
                let value: Bool
                switch flag {
                case .ok: value = status == .ok
                case .error: value = status == .error || status == .throttle
                case .throttle: value = status == .throttle
                case .fault: value = status == .fault
                case .inferred: value = context.nodeInferred
                case .root: value = context.nodeRoot
                case .partial: value = context.document.inProgress
                case .first, .last, .remote: value = false  // rejected here by the parser
                }
                return value == expected
            }
        case .number(let keyword, let comparison, let wanted):
            return { context in
                let document = context.document
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
        let document = context.document
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
        case .message: values = context.exceptions.map(\.message)
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
