import XRayModel

/// A parsed filter expression. Which keywords may appear where is checked while parsing, so
/// every tree here can be evaluated.
public indirect enum FilterNode: Sendable, Hashable {
    case and(FilterNode, FilterNode)
    case or(FilterNode, FilterNode)
    case not(FilterNode)
    /// `fault`, `!ok`, `partial = false`.
    case flag(FlagKeyword, Bool)
    case number(NumberKeyword, Comparison, Double)
    /// A string keyword with an operator, or alone (nil) for "is set".
    case text(TextKeyword, TextTest?)
    case annotation(key: String, AnnotationTest)
    /// `service()` (nil: every node), `service("name") { ... }`.
    case service(NodeSelector?, FilterNode?)
    case edge(NodeSelector, NodeSelector, FilterNode?)
    case rootCause(RootCauseKind, RootCauseLevel, FilterNode)
    case rootCauseJSON(JSONValue)
}

public enum FlagKeyword: String, Sendable, Hashable, CaseIterable {
    case ok, error, throttle, fault, partial, inferred, first, last, remote, root
}

public enum NumberKeyword: String, Sendable, Hashable, CaseIterable {
    case responsetime, duration
    case httpStatus = "http.status"
    case index, coverage
}

public enum TextKeyword: String, Sendable, Hashable, CaseIterable {
    case httpURL = "http.url"
    case httpMethod = "http.method"
    case httpUserAgent = "http.useragent"
    case httpClientIP = "http.clientip"
    case user, name, type, message, availabilityzone
    case instanceID = "instance.id"
    case resourceARN = "resource.arn"
}

public enum Comparison: String, Sendable, Hashable, CaseIterable {
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    public func holds(_ left: Double, _ right: Double) -> Bool {
        switch self {
        case .equal: return left == right
        case .notEqual: return left != right
        case .less: return left < right
        case .lessOrEqual: return left <= right
        case .greater: return left > right
        case .greaterOrEqual: return left >= right
        }
    }
}

public enum TextOperator: String, Sendable, Hashable, CaseIterable {
    case equal = "="
    case notEqual = "!="
    case contains = "CONTAINS"
    case beginsWith = "BEGINSWITH"
    case endsWith = "ENDSWITH"
}

public struct TextTest: Sendable, Hashable {
    public var op: TextOperator
    public var value: String

    public init(op: TextOperator, value: String) {
        self.op = op
        self.value = value
    }

    /// Whether one value passes (`!=` is handled by the caller as "no value equals").
    public func matches(_ candidate: String) -> Bool {
        switch op {
        case .equal, .notEqual: return candidate == value
        // Every value contains "" (`user CONTAINS ""` is the documented "is set"), but the
        // `contains` overload that resolves here (Foundation's, on Linux) says it does not.
        case .contains: return value.isEmpty || candidate.contains(value)
        case .beginsWith: return candidate.hasPrefix(value)
        case .endsWith: return candidate.hasSuffix(value)
        }
    }
}

public enum AnnotationTest: Sendable, Hashable {
    case isSet
    case number(Comparison, Double)
    case text(TextTest)
    case flag(Bool, equal: Bool)
}

/// `"name"` or `id(name: ..., type: ..., account.id: ...)`: a node by any of these.
public struct NodeSelector: Sendable, Hashable {
    public var name: String?
    public var type: String?
    public var accountID: String?

    public init(name: String? = nil, type: String? = nil, accountID: String? = nil) {
        self.name = name
        self.type = type
        self.accountID = accountID
    }

    public func matches(_ key: ServiceKey, accountID account: String?) -> Bool {
        if let name, name != key.name { return false }
        if let type, type != key.type { return false }
        if let accountID, accountID != account { return false }
        return true
    }
}

public enum RootCauseKind: String, Sendable, Hashable, CaseIterable {
    case fault, error, responsetime
}

public enum RootCauseLevel: String, Sendable, Hashable, CaseIterable {
    case service, entity, exception
}
