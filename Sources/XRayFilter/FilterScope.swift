/// Where a keyword is being read: the whole trace, inside `service() { }`, `edge() { }` or a
/// `rootcause.KIND.LEVEL { }` block. Each place has its own keywords; see FilterLanguage.md.
enum FilterScope: Sendable, Hashable {
    case trace
    case node
    case edge
    case rootCause(RootCauseKind, RootCauseLevel)

    var described: String {
        switch self {
        case .trace: return "at the top level"
        case .node: return "inside service() { }"
        case .edge: return "inside edge() { }"
        case .rootCause(let kind, let level): return "inside rootcause.\(kind.rawValue).\(level.rawValue) { }"
        }
    }

    var flags: [FlagKeyword] {
        switch self {
        case .trace: return [.ok, .error, .throttle, .fault, .partial, .inferred]
        case .node: return [.ok, .error, .throttle, .fault, .inferred, .root]
        case .edge: return [.ok, .error, .throttle, .fault]
        case .rootCause(_, .service): return [.first, .last, .inferred]
        case .rootCause(_, .entity): return [.first, .last, .remote]
        case .rootCause(_, .exception): return [.first, .last]
        }
    }

    var numbers: [NumberKeyword] {
        switch self {
        case .trace, .node, .edge: return [.responsetime, .duration, .httpStatus]
        case .rootCause(.responsetime, .entity): return [.index, .coverage]
        case .rootCause: return [.index]
        }
    }

    var texts: [TextKeyword] {
        switch self {
        case .trace: return TextKeyword.allCases
        case .node:
            return [
                .httpURL, .httpMethod, .httpUserAgent, .httpClientIP, .user, .name, .type, .message,
                .availabilityzone, .instanceID, .resourceARN,
            ]
        case .edge: return [.httpURL, .httpMethod, .httpUserAgent, .httpClientIP, .message]
        case .rootCause(_, .service): return [.name, .type]
        case .rootCause(_, .entity), .rootCause(_, .exception): return [.name, .message]
        }
    }

    /// Annotations, service(), edge(), groups and root causes are trace-level forms.
    var allowsTraceForms: Bool { self == .trace }

    /// Every keyword usable here, for "expected" lists and suggestions.
    var keywords: [String] {
        var words = flags.map(\.rawValue) + numbers.map(\.rawValue) + texts.map(\.rawValue)
        if allowsTraceForms {
            words +=
                ["annotation.KEY", "service(...)", "edge(...)", "group.name", "group.arn", "rootcause.json"]
                + RootCauseKind.allCases.flatMap { kind in
                    // Response-time root causes carry no exceptions: the parser refuses that form.
                    RootCauseLevel.allCases.filter { kind != .responsetime || $0 != .exception }
                        .map { "rootcause.\(kind.rawValue).\($0.rawValue)" }
                }
        }
        return words
    }
}
