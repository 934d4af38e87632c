import Testing
import XRayFilter
import XRayModel

/// An expression and the fixture traces (by name, see `FilterFixtures`) it must match. Every
/// set was worked out by hand from FilterLanguage.md and the summary rules on
/// `API.TraceSummary.init(trace:)`; the comment on a row says why where it is not obvious.
struct EvaluationCase: Sendable, CustomTestStringConvertible {
    var source: String
    var expected: Set<String>
    var groups: [API.GroupSummary] = []

    init(_ source: String, _ expected: Set<String>, groups: [API.GroupSummary] = []) {
        self.source = source
        self.expected = expected
        self.groups = groups
    }

    /// Every fixture but these.
    init(_ source: String, allBut excluded: Set<String>) {
        self.init(source, FilterFixtures.names.subtracting(excluded))
    }

    var testDescription: String { source }
}

@Suite struct EvaluationTests {
    /// The entry segment's status; `throttle` is any segment's (HasThrottle).
    static let flags: [EvaluationCase] = [
        // ok = neither error nor fault at the entry: the in-progress root has no status yet.
        EvaluationCase("ok", allBut: ["notFound", "throttled", "fault", "health"]),
        EvaluationCase("!ok", ["notFound", "throttled", "fault", "health"]),
        EvaluationCase("error", ["notFound", "throttled"]),
        EvaluationCase("error != true", allBut: ["notFound", "throttled"]),
        // inventory's root answered 200, but its downstream segment was throttled.
        EvaluationCase("throttle", ["throttled", "inventory"]),
        // health's 503 has no fault flag: the status decides.
        EvaluationCase("fault", ["fault", "health"]),
        EvaluationCase("fault = false", allBut: ["fault", "health"]),
        EvaluationCase("partial", ["partial"]),
        EvaluationCase("!partial", allBut: ["partial"]),
        // Nodes X-Ray infers: DynamoDB tables, the remote host, the SQL database, the SQS queue.
        EvaluationCase("inferred", ["ok", "notFound", "slow", "lambda", "delete"]),
        EvaluationCase("inferred = false", allBut: ["ok", "notFound", "slow", "lambda", "delete"]),
    ]

    static let numbers: [EvaluationCase] = [
        EvaluationCase("responsetime > 1", ["slow"]),
        // The in-progress trace has no response time: every comparison is false.
        EvaluationCase("responsetime >= 0", allBut: ["partial"]),
        EvaluationCase("responsetime < 0.09", ["notFound", "delete", "health"]),
        EvaluationCase("responseTime > 0.25 AND responsetime <= 0.35", ["fault", "backError", "lambda"]),
        // The in-progress trace lasts from its start to its start.
        EvaluationCase("duration <= 0.06", ["notFound", "partial", "health"]),
        EvaluationCase("duration > 0.4", ["handled", "slow"]),
        EvaluationCase("http.status = 404", ["notFound"]),
        EvaluationCase("http.status > 429", ["fault", "health"]),
        EvaluationCase("http.status >= 429", ["throttled", "fault", "health"]),
        EvaluationCase("http.status < 404 AND http.status > 200", ["delete"]),
        EvaluationCase("http.status <= 404 AND http.status >= 404", ["notFound"]),
        EvaluationCase("http.status >= 500", ["fault", "health"]),
        // No status (in progress, Lambda) is not "different from 200".
        EvaluationCase("http.status != 200", ["notFound", "throttled", "fault", "delete", "health"]),
        EvaluationCase(
            "http.status < 300", ["ok", "handled", "backError", "slow", "japanese", "delete", "inventory"]),
    ]

    static let texts: [EvaluationCase] = [
        EvaluationCase(#"http.url = "http://shop.example.com/api/orders""#, ["ok", "fault"]),
        EvaluationCase(#"http.url CONTAINS "/api/orders""#, ["ok", "fault", "delete"]),
        EvaluationCase(
            #"http.url BEGINSWITH "http://shop.example.com/api/""#, allBut: ["lambda", "japanese", "health"]),
        EvaluationCase(#"http.url ENDSWITH "/42""#, ["notFound"]),
        EvaluationCase(#"http.url CONTAINS "検索""#, ["japanese"]),
        EvaluationCase("http.url", allBut: ["lambda"]),
        EvaluationCase("!http.url", ["lambda"]),
        EvaluationCase(#"http.method = "POST""#, ["throttled"]),
        EvaluationCase(#"http.method != "GET""#, ["throttled", "delete", "health"]),
        EvaluationCase(
            #"http.useragent CONTAINS "curl""#, ["notFound", "fault", "handled", "partial", "delete", "inventory"]),
        EvaluationCase(#"http.clientip = "10.0.0.1""#, ["ok", "fault"]),
        EvaluationCase("http.clientip = 10.0.0.2", ["notFound", "delete"]),
        EvaluationCase(#"http.clientip BEGINSWITH "203.""#, ["japanese"]),
        EvaluationCase(#"user = "alice""#, ["ok", "fault"]),
        EvaluationCase(#"name != "front""#, ["lambda"]),
        // != : the trace has users and none is alice.
        EvaluationCase(
            #"user != "alice""#,
            ["notFound", "handled", "backError", "partial", "slow", "lambda", "japanese", "delete"]),
        EvaluationCase("!user", ["throttled", "inventory", "health"]),
        EvaluationCase(#"user CONTAINS """#, allBut: ["throttled", "inventory", "health"]),
        EvaluationCase(#"user = "山田太郎""#, ["japanese"]),
        EvaluationCase(#"user = "김민준""#, ["lambda"]),
        // Service names include inferred nodes, never subsegment names.
        EvaluationCase(#"name = "back""#, ["handled", "backError"]),
        EvaluationCase("name = orders", ["ok", "delete"]),
        EvaluationCase(#"name = "validate""#, []),
        EvaluationCase(#"type = "AWS::Lambda::Function""#, ["lambda"]),
        EvaluationCase(#"type BEGINSWITH "AWS::DynamoDB""#, ["ok", "delete"]),
        EvaluationCase(#"type = "Database::SQL" OR type = "remote""#, ["slow", "notFound"]),
        EvaluationCase(#"availabilityzone = "us-east-1a""#, ["ok"]),
        // ECS availability zones count too, on any segment.
        EvaluationCase(#"availabilityzone BEGINSWITH "eu-west-1""#, ["handled", "delete"]),
        EvaluationCase(#"instance.id = "i-0ccc""#, ["inventory"]),
        EvaluationCase("instance.id", ["ok", "notFound", "inventory"]),
        EvaluationCase(#"resource.arn ENDSWITH ":function:orders-fn""#, ["lambda"]),
        EvaluationCase(#"message CONTAINS "timed out""#, ["handled"]),
        EvaluationCase(#"message = "order was null""#, ["fault"]),
        EvaluationCase("message", ["fault", "handled"]),
    ]

    static let annotations: [EvaluationCase] = [
        EvaluationCase(#"annotation.customer = "c-100""#, ["ok", "fault"]),
        EvaluationCase(#"annotation.customer BEGINSWITH "c-""#, ["ok", "notFound", "fault", "delete"]),
        EvaluationCase(#"annotation.customer != "c-100""#, ["notFound", "japanese", "delete"]),
        EvaluationCase("annotation.items > 2", ["ok", "throttled", "delete"]),
        EvaluationCase("annotation.items = 0", ["notFound"]),
        EvaluationCase("annotation.items < 3", ["notFound"]),
        EvaluationCase("annotation.items <= 3", ["ok", "notFound"]),
        EvaluationCase("annotation.items != 3", ["notFound", "throttled", "delete"]),
        // A string never equals a number annotation.
        EvaluationCase(#"annotation.items = "3""#, []),
        EvaluationCase("annotation.vip = true", ["ok"]),
        EvaluationCase("annotation.vip = false", ["notFound"]),
        EvaluationCase("annotation.vip != true", ["notFound"]),
        EvaluationCase("annotation.vip", ["ok", "notFound"]),
        EvaluationCase(
            "!annotation.customer",
            ["throttled", "handled", "backError", "partial", "slow", "lambda", "inventory", "health"]),
        EvaluationCase(#"annotation.order.id = "o-1""#, ["ok"]),
        EvaluationCase(#"annotation[order.id] = "o-1""#, ["ok"]),
        EvaluationCase(#"annotation["retry.count"] >= 2"#, ["delete"]),
        EvaluationCase(#"annotation.report.kind ENDSWITH "ly""#, ["slow"]),
        EvaluationCase(#"annotation.지역 = "서울" AND annotation.cold_start = true"#, ["lambda"]),
        EvaluationCase(#"annotation.Customer = "c-100""#, []),
    ]

    static let logic: [EvaluationCase] = [
        EvaluationCase("error OR fault", ["notFound", "throttled", "fault", "health"]),
        EvaluationCase(#"ok AND http.method = "GET" AND responsetime > 0.25"#, ["handled", "backError", "slow"]),
        EvaluationCase("fault OR error AND http.status = 429", ["fault", "health", "throttled"]),
        EvaluationCase("(fault OR error) AND http.status = 429", ["throttled"]),
        EvaluationCase("ok !partial duration < 0.25", ["ok", "japanese", "delete", "inventory"]),
        EvaluationCase(#"!(error OR http.method = "GET")"#, ["delete", "health", "lambda"]),
        EvaluationCase(#"!!(user = "bob")"#, ["notFound", "delete"]),
    ]

    static let services: [EvaluationCase] = [
        // The back end failed although the front end answered 200: only service() sees it.
        EvaluationCase(#"service("back") { fault }"#, ["handled"]),
        EvaluationCase(#"service("back")"#, ["handled", "backError"]),
        // 429 is an error too, inside a block as at the top level.
        EvaluationCase(#"service("inventory") { error }"#, ["inventory"]),
        EvaluationCase(#"service("inventory") { ok }"#, []),
        EvaluationCase(#"!service("back")"#, allBut: ["handled", "backError"]),
        EvaluationCase(#"service("back") { message CONTAINS "timed" }"#, ["handled"]),
        EvaluationCase(#"service("front") { !ok }"#, ["notFound", "throttled", "fault", "health"]),
        // A segment's exceptions include those on its subsegments.
        EvaluationCase(#"service("front") { message = "missing field: sku" }"#, ["fault"]),
        // The slow front segment, and the call to reports-db (3.3 s) for the inferred node.
        EvaluationCase("service() { responsetime > 1 }", ["slow"]),
        EvaluationCase(#"service(id(name: "reports-db", type: "Database::SQL")) { duration > 3 }"#, ["slow"]),
        EvaluationCase("service() { http.status = 404 }", ["notFound", "backError"]),
        EvaluationCase("service()", allBut: []),
        EvaluationCase(#"service(id(type: "AWS::DynamoDB::Table"))"#, ["ok", "delete"]),
        EvaluationCase(#"service(id(type: "AWS::DynamoDB::Table")) { throttle }"#, ["delete"]),
        EvaluationCase(#"service(id(name: "orders-fn", type: "AWS::Lambda::Function"))"#, ["lambda"]),
        EvaluationCase(#"service(id(account.id: "111111111111"))"#, ["ok", "notFound", "throttled"]),
        EvaluationCase(#"service(id(name: "orders", account.id: "111111111111"))"#, []),
        EvaluationCase(#"service() { root and name = "orders-fn" }"#, ["lambda"]),
        EvaluationCase(#"service() { root and type = "AWS::Lambda::Function" }"#, []),
        EvaluationCase(#"service() { inferred and type = "remote" }"#, ["notFound"]),
        EvaluationCase(#"service() { user = "김민준" }"#, ["lambda"]),
        EvaluationCase(#"service() { availabilityzone = "us-west-2c" AND throttle }"#, ["inventory"]),
        EvaluationCase(#"service("front") { resource.arn }"#, []),
        EvaluationCase(#"service("back") { fault } AND !fault"#, ["handled"]),
    ]

    static let edges: [EvaluationCase] = [
        // The caller's subsegment carries the edge's status: 404 in backError, 500 in handled.
        EvaluationCase(#"edge("front", "back") { error }"#, ["backError"]),
        EvaluationCase(#"edge("front", "back") { fault }"#, ["handled"]),
        EvaluationCase(#"edge("front", "back")"#, ["handled", "backError"]),
        EvaluationCase(#"edge("back", "front")"#, []),
        EvaluationCase(#"edge("front", "inventory") { throttle AND http.status = 429 }"#, ["inventory"]),
        EvaluationCase(#"edge("front", "back") { http.url ENDSWITH "/cart" }"#, ["handled"]),
        EvaluationCase(
            #"edge(id(name: "orders-fn", type: "AWS::Lambda"), id(type: "AWS::Lambda::Function"))"#, ["lambda"]),
        EvaluationCase(#"edge("orders-fn", "order-events")"#, ["lambda"]),
        EvaluationCase(#"edge("front", id(type: "AWS::DynamoDB::Table")) { responsetime > 0.03 }"#, ["ok"]),
        EvaluationCase(#"edge("front", id(name: "api.github.com", type: "remote")) { ok }"#, ["notFound"]),
    ]

    static let rootCauses: [EvaluationCase] = [
        EvaluationCase(#"rootcause.fault.service { name = "back" }"#, ["handled"]),
        EvaluationCase(#"rootcause.fault.service { name = "front" AND first AND last }"#, ["fault", "health"]),
        EvaluationCase(#"rootcause.fault.entity { last and name = "validate" }"#, ["fault"]),
        // An entity's message is its first exception's.
        EvaluationCase(#"rootcause.fault.entity { message = "order was null" }"#, ["fault"]),
        EvaluationCase(#"rootcause.fault.exception { name = "TimeoutError" }"#, ["handled"]),
        EvaluationCase(#"rootcause.fault.exception { first and message CONTAINS "sku" }"#, ["fault"]),
        EvaluationCase(#"rootcause.error.service { name = "front" }"#, ["notFound", "throttled", "delete"]),
        EvaluationCase(#"rootcause.error.service { name = "inventory" }"#, ["inventory"]),
        EvaluationCase("rootcause.error.entity { remote }", ["delete"]),
        // The entry entity covers the whole response time, in every complete trace.
        EvaluationCase("rootcause.responsetime.entity { coverage > 0.5 }", allBut: ["partial"]),
        EvaluationCase(
            "rootcause.responsetime.entity { !first and coverage > 0.5 }",
            ["handled", "backError", "slow", "inventory"]),
        EvaluationCase("rootcause.responsetime.entity { remote and coverage > 0.7 }", ["slow"]),
        EvaluationCase(#"rootcause.responsetime.entity { index = 2 AND name = "reports-db" }"#, ["slow"]),
        EvaluationCase(
            #"rootcause.responsetime.service { last and type = "AWS::Lambda::Function" }"#, ["lambda"]),
        EvaluationCase(
            "rootcause.responsetime.service { index > 0 }", ["handled", "backError", "lambda", "inventory"]),
        EvaluationCase(#"rootcause.json = #[{ "Services": [ { "Name": "back" } ] }]"#, ["handled", "backError"]),
        EvaluationCase(
            #"rootcause.json = #[{ "Services": [ { "Name": "front", "EntityPath": [ { "Name": "front" }, { "Name": "validate" } ] } ] }]"#,
            ["fault"]),
        // A list in the fragment matches elements in its order only.
        EvaluationCase(
            #"rootcause.json = #[{ "Services": [ { "EntityPath": [ { "Name": "validate" }, { "Name": "front" } ] } ] }]"#,
            []),
        EvaluationCase(#"rootcause.json = #[{ "Services": [ { "Name": "front", "Type": "AWS::Lambda" } ] }]"#, []),
        EvaluationCase(
            #"rootcause.json = #[{ "ClientImpacting": false }]"#, ["handled", "backError", "delete", "inventory"]),
        EvaluationCase(
            #"rootcause.json = #[{ "Services": [ { "Type": "AWS::ECS::Container" } ] }, { "Services": [ { "Name": "orders-fn" } ] }]"#,
            ["handled", "backError", "delete", "lambda"]),
    ]

    static let groups: [EvaluationCase] = [
        EvaluationCase(
            #"group.name = "errors""#, ["notFound", "throttled", "fault", "health"], groups: TestGroups.all),
        EvaluationCase(
            #"group.name = "errors" AND http.method = "GET""#, ["notFound", "fault"], groups: TestGroups.all),
        EvaluationCase(
            #"group.arn = "arn:aws:xray:us-east-1:111111111111:group/slow/ABC""#, ["slow"], groups: TestGroups.all),
        EvaluationCase(
            #"group.name = "bad""#, ["notFound", "throttled", "fault", "health", "partial"], groups: TestGroups.all),
    ]

    static let all = flags + numbers + texts + annotations + logic + services + edges + rootCauses + groups

    @Test func tableIsLargeEnough() {
        #expect(Self.all.count >= 50)
        #expect(FilterFixtures.traces.count == 13)
    }

    @Test(arguments: all)
    func matchesExactly(_ row: EvaluationCase) throws {
        let expression = try FilterExpression(parsing: row.source, groups: row.groups)
        let matched = Set(FilterFixtures.traces.filter { expression.matches($0.value) }.keys)
        #expect(
            matched == row.expected,
            "extra: \(matched.subtracting(row.expected)), missing: \(row.expected.subtracting(matched))")
    }
}
