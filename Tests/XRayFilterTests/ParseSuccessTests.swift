import Testing
import XRayFilter
import XRayModel

/// An expression and the exact tree it must parse to.
struct ParseCase: Sendable, CustomTestStringConvertible {
    var source: String
    var expected: FilterNode
    var groups: [API.GroupSummary] = []

    init(_ source: String, _ expected: FilterNode, groups: [API.GroupSummary] = []) {
        self.source = source
        self.expected = expected
        self.groups = groups
    }

    var testDescription: String { source }
}

// Short builders, so each table row reads like the expression it checks.
private func flag(_ keyword: FlagKeyword, _ value: Bool = true) -> FilterNode { .flag(keyword, value) }
private func number(_ keyword: NumberKeyword, _ comparison: Comparison, _ value: Double) -> FilterNode {
    .number(keyword, comparison, value)
}
private func text(_ keyword: TextKeyword, _ op: TextOperator, _ value: String) -> FilterNode {
    .text(keyword, TextTest(op: op, value: value))
}
private func isSet(_ keyword: TextKeyword) -> FilterNode { .text(keyword, nil) }
private func and(_ a: FilterNode, _ b: FilterNode) -> FilterNode { .and(a, b) }
private func or(_ a: FilterNode, _ b: FilterNode) -> FilterNode { .or(a, b) }
private func not(_ a: FilterNode) -> FilterNode { .not(a) }
private func annotation(_ key: String, _ op: TextOperator, _ value: String) -> FilterNode {
    .annotation(key: key, .text(TextTest(op: op, value: value)))
}
private func annotation(_ key: String, _ comparison: Comparison, _ value: Double) -> FilterNode {
    .annotation(key: key, .number(comparison, value))
}
private func named(_ name: String) -> NodeSelector { NodeSelector(name: name) }

@Suite struct ParseSuccessTests {
    /// Every top-level boolean keyword, bare, negated, `= true`, `= false`, `!= true`, `!= false`.
    static let booleans: [ParseCase] = ["ok", "error", "throttle", "fault", "partial", "inferred"].flatMap {
        word -> [ParseCase] in
        let keyword = FlagKeyword(rawValue: word)!
        return [
            ParseCase(word, flag(keyword)),
            ParseCase("!\(word)", not(flag(keyword))),
            ParseCase("\(word) = true", flag(keyword, true)),
            ParseCase("\(word) = false", flag(keyword, false)),
            ParseCase("\(word) != true", flag(keyword, false)),
            ParseCase("\(word) != false", flag(keyword, true)),
        ]
    }

    /// Every top-level number keyword with every comparison.
    static let numbers: [ParseCase] = [
        ("responsetime", NumberKeyword.responsetime), ("duration", .duration), ("http.status", .httpStatus),
    ].flatMap { word, keyword -> [ParseCase] in
        [
            ("=", Comparison.equal), ("!=", .notEqual), ("<", .less), ("<=", .lessOrEqual), (">", .greater),
            (">=", .greaterOrEqual),
        ]
        .map { symbol, comparison in ParseCase("\(word) \(symbol) 2.5", number(keyword, comparison, 2.5)) }
    }

    /// Every string keyword with every operator, and bare.
    static let texts: [ParseCase] = [
        ("http.url", TextKeyword.httpURL), ("http.method", .httpMethod), ("http.useragent", .httpUserAgent),
        ("http.clientip", .httpClientIP), ("user", .user), ("name", .name), ("type", .type),
        ("message", .message), ("availabilityzone", .availabilityzone), ("instance.id", .instanceID),
        ("resource.arn", .resourceARN),
    ].flatMap { word, keyword -> [ParseCase] in
        [
            ParseCase(#"\#(word) = "v""#, text(keyword, .equal, "v")),
            ParseCase(#"\#(word) != "v""#, text(keyword, .notEqual, "v")),
            ParseCase(#"\#(word) CONTAINS "v""#, text(keyword, .contains, "v")),
            ParseCase(#"\#(word) BEGINSWITH "v""#, text(keyword, .beginsWith, "v")),
            ParseCase(#"\#(word) ENDSWITH "v""#, text(keyword, .endsWith, "v")),
            ParseCase(word, isSet(keyword)),
        ]
    }

    static let caseAndCombination: [ParseCase] = [
        ParseCase("responseTime > 2", number(.responsetime, .greater, 2)),
        ParseCase("HTTP.Status = 500", number(.httpStatus, .equal, 500)),
        ParseCase("ok AND fault", and(flag(.ok), flag(.fault))),
        ParseCase("ok and fault", and(flag(.ok), flag(.fault))),
        ParseCase("OK And FAULT = TRUE", and(flag(.ok), flag(.fault))),
        ParseCase("ok or fault", or(flag(.ok), flag(.fault))),
        ParseCase(#"http.url Contains "api""#, text(.httpURL, .contains, "api")),
        ParseCase(
            #"user beginsWith "a" AND name endswith "b""#,
            and(text(.user, .beginsWith, "a"), text(.name, .endsWith, "b"))),
        ParseCase("ok !partial duration < 3", and(and(flag(.ok), not(flag(.partial))), number(.duration, .less, 3))),
        ParseCase(
            "fault OR error AND http.status = 429",
            or(flag(.fault), and(flag(.error), number(.httpStatus, .equal, 429)))),
        ParseCase(
            "(fault OR error) AND http.status = 429",
            and(or(flag(.fault), flag(.error)), number(.httpStatus, .equal, 429))),
        ParseCase("ok OR fault OR error", or(or(flag(.ok), flag(.fault)), flag(.error))),
        ParseCase("ok AND fault error", and(and(flag(.ok), flag(.fault)), flag(.error))),
        ParseCase(
            "error AND fault OR ok AND partial",
            or(and(flag(.error), flag(.fault)), and(flag(.ok), flag(.partial)))),
        ParseCase("!!fault", not(not(flag(.fault)))),
        ParseCase("!(ok OR partial)", not(or(flag(.ok), flag(.partial)))),
        ParseCase("!(!ok AND !(partial))", not(and(not(flag(.ok)), not(flag(.partial))))),
        ParseCase("((fault))", flag(.fault)),
        ParseCase("http.status=500", number(.httpStatus, .equal, 500)),
        ParseCase("  ok  ", flag(.ok)),
        ParseCase(#"http.url AND responseTime > 2"#, and(isSet(.httpURL), number(.responsetime, .greater, 2))),
        ParseCase(#"user CONTAINS """#, text(.user, .contains, "")),
    ]

    static let values: [ParseCase] = [
        ParseCase("name = traces", text(.name, .equal, "traces")),
        ParseCase("http.clientip = 10.0.3.7", text(.httpClientIP, .equal, "10.0.3.7")),
        ParseCase("instance.id = i-0abc", text(.instanceID, .equal, "i-0abc")),
        ParseCase(#"user = "say \"hi\"""#, text(.user, .equal, #"say "hi""#)),
        ParseCase(#"user = "back\\slash""#, text(.user, .equal, #"back\slash"#)),
        ParseCase(#"user = "caf\u00e9""#, text(.user, .equal, "café")),
        ParseCase(#"user = "\ud83d\ude00""#, text(.user, .equal, "😀")),
        ParseCase(#"message = "line\nnext\ttab""#, text(.message, .equal, "line\nnext\ttab")),
        ParseCase("duration > -1", number(.duration, .greater, -1)),
        ParseCase("duration < 0.25", number(.duration, .less, 0.25)),
        ParseCase("duration < .5", number(.duration, .less, 0.5)),
        ParseCase("responsetime >= 1e3", number(.responsetime, .greaterOrEqual, 1000)),
        ParseCase("http.status != -0.5", number(.httpStatus, .notEqual, -0.5)),
        ParseCase(#"user = "김민준""#, text(.user, .equal, "김민준")),
        ParseCase(#"name = "サービス""#, text(.name, .equal, "サービス")),
        ParseCase("user = 山田", text(.user, .equal, "山田")),
    ]

    static let annotations: [ParseCase] = [
        ParseCase(#"annotation.customer = "c1""#, annotation("customer", .equal, "c1")),
        ParseCase(#"annotation.order.id = "o-1""#, annotation("order.id", .equal, "o-1")),
        ParseCase(#"annotation[customer] = "c1""#, annotation("customer", .equal, "c1")),
        ParseCase(#"annotation["order id"] != "x""#, annotation("order id", .notEqual, "x")),
        ParseCase(#"annotation[order.id] BEGINSWITH "o-""#, annotation("order.id", .beginsWith, "o-")),
        ParseCase(#"annotation.Customer contains "x""#, annotation("Customer", .contains, "x")),
        ParseCase(#"annotation.customer ENDSWITH "9""#, annotation("customer", .endsWith, "9")),
        ParseCase("annotation.items >= 3", annotation("items", .greaterOrEqual, 3)),
        ParseCase("annotation.items != -1.5", annotation("items", .notEqual, -1.5)),
        ParseCase("annotation[items] < 10", annotation("items", .less, 10)),
        ParseCase("annotation.vip = true", .annotation(key: "vip", .flag(true, equal: true))),
        ParseCase("annotation.vip != FALSE", .annotation(key: "vip", .flag(false, equal: false))),
        ParseCase("annotation.vip", .annotation(key: "vip", .isSet)),
        ParseCase("!annotation.vip", not(.annotation(key: "vip", .isSet))),
        ParseCase(#"annotation["retry.count"]"#, .annotation(key: "retry.count", .isSet)),
        ParseCase(#"annotation.지역 = "서울""#, annotation("지역", .equal, "서울")),
        ParseCase(#"annotation.customer = "true""#, annotation("customer", .equal, "true")),
    ]

    static let services: [ParseCase] = [
        ParseCase("service()", .service(nil, nil)),
        ParseCase(#"service("front")"#, .service(named("front"), nil)),
        ParseCase(#"service("front") { fault }"#, .service(named("front"), flag(.fault))),
        ParseCase(#"!service("payments")"#, not(.service(named("payments"), nil))),
        ParseCase(
            #"service(id(name: "x", type: "AWS::Lambda::Function"))"#,
            .service(NodeSelector(name: "x", type: "AWS::Lambda::Function"), nil)),
        ParseCase(
            #"service(id(type: "AWS::Lambda::Function", name: "x"))"#,
            .service(NodeSelector(name: "x", type: "AWS::Lambda::Function"), nil)),
        ParseCase(
            #"service(id(account.id: "123456789012"))"#,
            .service(NodeSelector(accountID: "123456789012"), nil)),
        ParseCase(
            #"service(id(type: "T", account.id: "1", name: "n")) { error }"#,
            .service(NodeSelector(name: "n", type: "T", accountID: "1"), flag(.error))),
        ParseCase(#"service(ID(Name: "x"))"#, .service(named("x"), nil)),
        ParseCase(
            "service() { responsetime > 1 AND root }",
            .service(nil, and(number(.responsetime, .greater, 1), flag(.root)))),
        ParseCase(
            #"service("a") { name = "a" OR !inferred }"#,
            .service(named("a"), or(text(.name, .equal, "a"), not(flag(.inferred))))),
        ParseCase(#"service("a") { root = false user }"#, .service(named("a"), and(flag(.root, false), isSet(.user)))),
        ParseCase(#"edge("a", "b") { error }"#, .edge(named("a"), named("b"), flag(.error))),
        ParseCase(#"edge(id(name: "a"), "b")"#, .edge(named("a"), named("b"), nil)),
        ParseCase(
            #"edge("a", id(type: "AWS::DynamoDB::Table")) { responsetime > 0.5 OR message }"#,
            .edge(
                named("a"), NodeSelector(type: "AWS::DynamoDB::Table"),
                or(number(.responsetime, .greater, 0.5), isSet(.message)))),
        ParseCase(
            #"service("a") { fault } AND edge("a", "b")"#,
            and(.service(named("a"), flag(.fault)), .edge(named("a"), named("b"), nil))),
    ]

    static let rootCauses: [ParseCase] = [
        ParseCase(
            #"rootcause.fault.service { name = "Auth" }"#, .rootCause(.fault, .service, text(.name, .equal, "Auth"))),
        ParseCase(
            #"rootcause.fault.entity { last and name = "deserialize" }"#,
            .rootCause(.fault, .entity, and(flag(.last), text(.name, .equal, "deserialize")))),
        ParseCase(
            #"rootcause.fault.exception { last and message = "…" }"#,
            .rootCause(.fault, .exception, and(flag(.last), text(.message, .equal, "…")))),
        ParseCase(
            "rootcause.error.service { index > 5 OR inferred }",
            .rootCause(.error, .service, or(number(.index, .greater, 5), flag(.inferred)))),
        ParseCase(
            "rootcause.error.entity { !remote first }",
            .rootCause(.error, .entity, and(not(flag(.remote)), flag(.first)))),
        ParseCase(
            #"rootcause.error.exception { first and name = "IOError" }"#,
            .rootCause(.error, .exception, and(flag(.first), text(.name, .equal, "IOError")))),
        ParseCase(
            #"rootcause.responsetime.service { last and type = "AWS::DynamoDB" }"#,
            .rootCause(.responsetime, .service, and(flag(.last), text(.type, .equal, "AWS::DynamoDB")))),
        ParseCase(
            #"rootcause.responsetime.entity { remote and coverage > 0.7 and name = "traces" }"#,
            .rootCause(
                .responsetime, .entity,
                and(and(flag(.remote), number(.coverage, .greater, 0.7)), text(.name, .equal, "traces")))),
        ParseCase(#"RootCause.Fault.Service { Name = "x" }"#, .rootCause(.fault, .service, text(.name, .equal, "x"))),
        ParseCase(
            #"rootcause.json = #[{ "Services": [ { "Name": "x" } ] }]"#,
            .rootCauseJSON(.array([.object(["Services": .array([.object(["Name": .string("x")])])])]))),
        ParseCase(
            #"rootcause.json = #[{"ClientImpacting": false, "Services": [{"EntityPath": [{"Coverage": 0.5}]}]}]"#,
            .rootCauseJSON(
                .array([
                    .object([
                        "ClientImpacting": .bool(false),
                        "Services": .array([.object(["EntityPath": .array([.object(["Coverage": .double(0.5)])])])]),
                    ])
                ]))),
        ParseCase(
            #"rootcause.json = #[{ "Services": [ { "Name": "a]b" } ] }]"#,
            .rootCauseJSON(.array([.object(["Services": .array([.object(["Name": .string("a]b")])])])]))),
    ]

    static let groups: [ParseCase] = [
        ParseCase(#"group.name = "errors""#, or(flag(.fault), flag(.error)), groups: TestGroups.all),
        ParseCase(
            #"group.name = "errors" AND ok"#, and(or(flag(.fault), flag(.error)), flag(.ok)), groups: TestGroups.all),
        ParseCase(
            #"ok AND group.arn = "arn:aws:xray:us-east-1:111111111111:group/slow/ABC""#,
            and(flag(.ok), number(.responsetime, .greater, 1)), groups: TestGroups.all),
        ParseCase(#"group.name = "bad""#, or(or(flag(.fault), flag(.error)), flag(.partial)), groups: TestGroups.all),
    ]

    static let all =
        booleans + numbers + texts + caseAndCombination + values + annotations + services + rootCauses
        + groups

    @Test func tableIsLargeEnough() {
        #expect(Self.all.count >= 50)
    }

    @Test(arguments: all)
    func parses(_ row: ParseCase) throws {
        let expression = try FilterExpression(parsing: row.source, groups: row.groups)
        #expect(expression.root == row.expected)
        #expect(expression.source == row.source)
    }
}
