import Testing
import XRayFilter

/// A text in the filter bar and the completion Tab must offer first.
struct CompletionCase: Sendable, CustomTestStringConvertible {
    var input: String
    var text: String
    var label: String

    init(_ input: String, _ text: String, label: String) {
        self.input = input
        self.text = text
        self.label = label
    }

    var testDescription: String { input.isEmpty ? "(empty)" : input }
}

/// What the data knows, in no particular order and with a duplicate, as a caller would pass it.
private let context = CompletionContext(
    services: ["x-ray-sample-front-k8s", "payments", "x-ray-sample-back-k8s", "Checkout", "payments"],
    annotationKeys: ["order id", "customer", "items"],
    statusCodes: [500, 200, 429, 404, 200, 502],
    users: ["bob", "alice", "Alex"],
    clientIPs: ["192.168.1.7", "10.0.0.1"]
)

private func complete(_ text: String, limit: Int = 20) -> [Completion] {
    FilterCompletion.complete(text, context: context, limit: limit)
}

/// Whether the parser takes the text, or refuses it only because it ends too early: the error
/// is at the end. `annotation.` (a keyword completion waiting for its key) is refused at its start.
private func isValidPrefix(_ text: String) -> Bool {
    do {
        _ = try FilterExpression(parsing: text)
        return true
    } catch {
        return error.column == text.count + 1 || text.hasSuffix("annotation.")
    }
}

@Suite struct FilterCompletionTests {
    static let keywords: [CompletionCase] = [
        CompletionCase("", "error ", label: "error"),
        CompletionCase("fa", "fault ", label: "fault"),
        CompletionCase("FAU", "fault ", label: "fault"),
        CompletionCase("ok", "ok ", label: "ok"),
        CompletionCase("http.s", "http.status ", label: "http.status"),
        CompletionCase("Http.U", "http.url ", label: "http.url"),
        CompletionCase("http.", "http.clientip ", label: "http.clientip"),
        CompletionCase("resp", "responsetime ", label: "responsetime"),
        CompletionCase("dur", "duration ", label: "duration"),
        CompletionCase("us", "user ", label: "user"),
        CompletionCase("serv", "service(", label: "service("),
        CompletionCase("ed", "edge(", label: "edge("),
        CompletionCase("ann", "annotation.", label: "annotation."),
        CompletionCase("group.", "group.arn ", label: "group.arn"),
        CompletionCase("rootcause.f", "rootcause.fault.entity ", label: "rootcause.fault.entity"),
        CompletionCase(
            "rootcause.responsetime.e", "rootcause.responsetime.entity ", label: "rootcause.responsetime.entity"),
        CompletionCase("!fa", "!fault ", label: "fault"),
        CompletionCase("(htt", "(http.clientip ", label: "http.clientip"),
        CompletionCase("fault AND !", "fault AND !error ", label: "error"),
        CompletionCase("fault AND an", "fault AND annotation.", label: "annotation."),
        CompletionCase("fault or (thr", "fault or (throttle ", label: "throttle"),
        CompletionCase("ok !partial d", "ok !partial duration ", label: "duration"),
    ]

    static let annotations: [CompletionCase] = [
        CompletionCase("annotation.", "annotation.customer ", label: "annotation.customer"),
        CompletionCase("annotation.it", "annotation.items ", label: "annotation.items"),
        CompletionCase("Annotation.CU", "annotation.customer ", label: "annotation.customer"),
        CompletionCase("annotation.or", #"annotation["order id"] "#, label: #"annotation["order id"]"#),
        CompletionCase("fault annotation.c", "fault annotation.customer ", label: "annotation.customer"),
        CompletionCase("annotation[", "annotation[customer] ", label: "customer"),
        CompletionCase("annotation[o", #"annotation["order id"] "#, label: #""order id""#),
        CompletionCase(#"annotation["cu"#, #"annotation["customer"] "#, label: #""customer""#),
        CompletionCase(#"annotation["order id""#, #"annotation["order id"] "#, label: "]"),
        CompletionCase("annotation[cu", "annotation[customer] ", label: "customer"),
        CompletionCase("annotation.items ", "annotation.items = ", label: "="),
        CompletionCase("annotation.items BEG", "annotation.items BEGINSWITH ", label: "BEGINSWITH"),
    ]

    static let values: [CompletionCase] = [
        CompletionCase("http.status = ", "http.status = 200 ", label: "200"),
        CompletionCase("http.status = 5", "http.status = 500 ", label: "500"),
        CompletionCase("http.status != 4", "http.status != 404 ", label: "404"),
        CompletionCase("http.status >= 50", "http.status >= 500 ", label: "500"),
        CompletionCase("http.status =", "http.status = 200 ", label: "200"),
        CompletionCase("http.status<", "http.status< 200 ", label: "200"),
        CompletionCase("http.clientip = ", #"http.clientip = "10.0.0.1" "#, label: #""10.0.0.1""#),
        CompletionCase(#"http.clientip = "192"#, #"http.clientip = "192.168.1.7" "#, label: #""192.168.1.7""#),
        CompletionCase("http.clientip = 19", #"http.clientip = "192.168.1.7" "#, label: #""192.168.1.7""#),
        CompletionCase("user = ", #"user = "Alex" "#, label: #""Alex""#),
        CompletionCase("user = b", #"user = "bob" "#, label: #""bob""#),
        CompletionCase(#"user = "b"#, #"user = "bob" "#, label: #""bob""#),
        // The exact case of the typed prefix first, then matches that differ in case.
        CompletionCase("user = al", #"user = "alice" "#, label: #""alice""#),
        CompletionCase("user = Al", #"user = "Alex" "#, label: #""Alex""#),
        CompletionCase(#"user CONTAINS "a"#, #"user CONTAINS "alice" "#, label: #""alice""#),
        CompletionCase("http.method = P", #"http.method = "POST" "#, label: #""POST""#),
        CompletionCase(
            "name = x-ray-sample-b", #"name = "x-ray-sample-back-k8s" "#, label: #""x-ray-sample-back-k8s""#),
        CompletionCase("fault = ", "fault = true ", label: "true"),
        CompletionCase("fault != f", "fault != false ", label: "false"),
    ]

    static let services: [CompletionCase] = [
        CompletionCase("service(", #"service("Checkout") "#, label: #""Checkout""#),
        CompletionCase(#"service(""#, #"service("Checkout") "#, label: #""Checkout""#),
        CompletionCase(
            #"service("x-ray-sample-f"#, #"service("x-ray-sample-front-k8s") "#, label: #""x-ray-sample-front-k8s""#),
        CompletionCase("service(pay", #"service("payments") "#, label: #""payments""#),
        CompletionCase(#"!service("p"#, #"!service("payments") "#, label: #""payments""#),
        CompletionCase("service(i", "service(id(", label: "id("),
        CompletionCase(#"service("payments""#, #"service("payments") "#, label: ")"),
        CompletionCase(#"service("payments" "#, #"service("payments") "#, label: ")"),
        CompletionCase(#"service("x") "#, #"service("x") { "#, label: "{"),
        CompletionCase(
            #"edge("x-ray-sample-f"#, #"edge("x-ray-sample-front-k8s", "#, label: #""x-ray-sample-front-k8s""#),
        CompletionCase(#"edge("a""#, #"edge("a", "#, label: ","),
        CompletionCase(#"edge("a","#, #"edge("a", "Checkout") "#, label: #""Checkout""#),
        CompletionCase(#"edge("a", "pay"#, #"edge("a", "payments") "#, label: #""payments""#),
        CompletionCase("service(id(", "service(id(name: ", label: "name:"),
        CompletionCase("service(id(ty", "service(id(type: ", label: "type:"),
        CompletionCase(#"service(id(name: "pay"#, #"service(id(name: "payments""#, label: #""payments""#),
        CompletionCase(#"service(id(name: "payments""#, #"service(id(name: "payments")"#, label: ")"),
        CompletionCase(#"service(id(name: "payments", "#, #"service(id(name: "payments", type: "#, label: "type:"),
        CompletionCase(#"service(id(name: "payments")"#, #"service(id(name: "payments")) "#, label: ")"),
    ]

    static let afterTerms: [CompletionCase] = [
        CompletionCase("http.status = 500 ", "http.status = 500 AND ", label: "AND"),
        CompletionCase("fault ", "fault AND ", label: "AND"),
        CompletionCase("fault O", "fault OR ", label: "OR"),
        CompletionCase("fault and", "fault AND ", label: "AND"),
        CompletionCase(#"user = "alice" "#, #"user = "alice" AND "#, label: "AND"),
        CompletionCase(#"service("x") { fault "#, #"service("x") { fault AND "#, label: "AND"),
        CompletionCase("user ", "user = ", label: "="),
        CompletionCase("user con", "user CONTAINS ", label: "CONTAINS"),
        CompletionCase("user !", "user != ", label: "!="),
        CompletionCase("http.status !", "http.status != ", label: "!="),
        CompletionCase("responsetime ", "responsetime = ", label: "="),
        CompletionCase("group.name ", "group.name = ", label: "="),
        CompletionCase("rootcause.fault.service ", "rootcause.fault.service { ", label: "{"),
        CompletionCase("service ", "service(", label: "("),
    ]

    static let blocks: [CompletionCase] = [
        CompletionCase(#"service("x") { "#, #"service("x") { error "#, label: "error"),
        CompletionCase(#"service("x") {"#, #"service("x") { error "#, label: "error"),
        CompletionCase(#"service("x") { r"#, #"service("x") { responsetime "#, label: "responsetime"),
        CompletionCase(#"service("x") { ro"#, #"service("x") { root "#, label: "root"),
        CompletionCase(#"service("x") { fault AND us"#, #"service("x") { fault AND user "#, label: "user"),
        CompletionCase(#"service("x") { name = "#, #"service("x") { name = "Checkout" "#, label: #""Checkout""#),
        CompletionCase(#"edge("a", "b") { h"#, #"edge("a", "b") { http.clientip "#, label: "http.clientip"),
        CompletionCase("rootcause.fault.entity { ", "rootcause.fault.entity { first ", label: "first"),
        CompletionCase(
            "rootcause.responsetime.entity { co", "rootcause.responsetime.entity { coverage ", label: "coverage"),
        CompletionCase("rootcause.fault.service { n", "rootcause.fault.service { name ", label: "name"),
    ]

    @Test(
        arguments: [keywords, annotations, values, services, afterTerms, blocks].joined())
    func firstCompletion(_ example: CompletionCase) {
        let first = complete(example.input).first
        #expect(first?.text == example.text)
        #expect(first?.label == example.label)
    }

    /// Whole lists, where the order matters beyond the first.
    @Test func orderedLists() {
        #expect(
            complete("").prefix(16).map(\.label) == [
                "error", "fault", "ok", "partial", "throttle",
                "duration", "http.clientip", "http.method", "http.status", "http.url", "http.useragent",
                "responsetime", "user", "annotation.", "edge(", "service(",
            ])
        #expect(complete("http.status = ").map(\.label) == ["200", "404", "429", "500", "502"])
        #expect(complete("fault o").map(\.label) == ["OR", "ok"])
        #expect(complete("fault a").map(\.label) == ["AND", "annotation.", "availabilityzone"])
        #expect(
            complete("(fault OR error ").map(\.text) == [
                "(fault OR error AND ", "(fault OR error OR ", "(fault OR error) ",
            ])
        #expect(complete(#"service("x") { fault "#).map(\.label) == ["AND", "OR", "}"])
        #expect(complete(#"service("x") "#).map(\.label) == ["{", "AND", "OR"])
        #expect(complete(#"service("x") { r"#).map(\.label) == ["responsetime", "resource.arn", "root"])
        #expect(
            complete("service(").map(\.label) == [
                #""Checkout""#, #""payments""#, #""x-ray-sample-back-k8s""#, #""x-ray-sample-front-k8s""#, "id(", ")",
            ])
        #expect(complete("user = al").map(\.label) == [#""alice""#, #""Alex""#])
        #expect(complete("http.status = 500").map(\.text) == ["http.status = 500 "])
        #expect(complete("user !").map(\.text).prefix(2) == ["user != ", "user !error "])
        #expect(
            complete("annotation.items ").map(\.label).prefix(10) == [
                "=", "!=", "<", "<=", ">", ">=", "CONTAINS", "BEGINSWITH", "ENDSWITH", "AND",
            ])
    }

    /// Each block offers only what it allows.
    @Test func blockScopes() {
        let node = Set(complete(#"service("x") { "#, limit: 100).map(\.label))
        #expect(
            node.isSuperset(of: [
                "ok", "error", "throttle", "fault", "responsetime", "duration", "http.status", "root", "user",
            ]))
        #expect(node.isDisjoint(with: ["partial", "annotation.", "service(", "edge(", "group.name", "first", "index"]))

        let edge = Set(complete(#"edge("a", "b") { "#, limit: 100).map(\.label))
        #expect(edge.isSuperset(of: ["ok", "fault", "responsetime", "http.url", "message"]))
        #expect(edge.isDisjoint(with: ["user", "name", "root", "inferred", "annotation."]))

        let exception = Set(complete("rootcause.error.exception { ", limit: 100).map(\.label))
        #expect(exception == ["first", "last", "index", "name", "message"])

        #expect(complete(#"service("x") { annotation."#).isEmpty)
        #expect(complete(#"service("x") { fault } AND ann"#).first?.label == "annotation.")
    }

    /// Texts with nothing to offer, including ones that cannot be read.
    @Test(arguments: [
        "bananas ", "http.status = \"", "http.status = x", "rootcause.json = #[{\"a", "'", "&& fault", "fault )",
        "fault }", "group.name = ", "responsetime > ", "zzz", "annotation.zz", "service(\"a\" \"b\"", "edge(\"a\")",
        "fault AND AND ", "service(id(name: \"a\", name", "#", "\"unterminated \\", "annotation[customer] = ",
    ])
    func nothingToOffer(_ input: String) {
        #expect(complete(input).isEmpty)
    }

    @Test func limits() {
        #expect(complete("", limit: 0).isEmpty)
        #expect(complete("", limit: -3).isEmpty)
        #expect(complete("", limit: 3).map(\.label) == ["error", "fault", "ok"])
        #expect(complete("").count == 20)
        #expect(complete("", limit: 100).count == 34)
        #expect(FilterCompletion.complete("annotation.", context: CompletionContext()).isEmpty)
        #expect(FilterCompletion.complete("user = ", context: CompletionContext()).isEmpty)
    }

    /// Values with quotes, backslashes and control characters are written so the parser reads
    /// back the same value.
    @Test func quotingRoundTrips() throws {
        let awkward = ["say \"hi\"", #"back\slash"#, "tab\there", "line\nbreak", "bell\u{07}", "café ☕"]
        let context = CompletionContext(services: awkward, annotationKeys: awkward, users: awkward)
        let users = FilterCompletion.complete("user = ", context: context)
        #expect(users.count == awkward.count)
        for completion in users {
            let parsed = try FilterExpression(parsing: completion.text)
            guard case .text(.user, let test?) = parsed.root else {
                Issue.record("\(completion.text) parsed to \(parsed.root)")
                continue
            }
            #expect(awkward.contains(test.value))
            #expect(completion.label == String(completion.text.dropFirst("user = ".count).dropLast()))
        }
        let services = FilterCompletion.complete(#"service(""#, context: context)
        let names = try services.map { completion -> String? in
            guard case .service(let selector, nil) = try FilterExpression(parsing: completion.text).root else {
                return nil
            }
            return selector?.name
        }
        #expect(Set(names.compactMap { $0 }) == Set(awkward))
        let keys = try FilterCompletion.complete("annotation.", context: context).map { completion -> String in
            guard case .annotation(let key, .isSet) = try FilterExpression(parsing: completion.text).root else {
                return ""
            }
            return key
        }
        #expect(Set(keys) == Set(awkward))
        #expect(
            FilterCompletion.complete(#"user = "say \"h"#, context: context).first?.text == #"user = "say \"hi\"" "#)
    }

    /// Completions that finish a term give an expression the parser takes.
    @Test(arguments: [
        "http.status = ", "http.status > 4", "user = ", "user = \"", "http.clientip = 1", "service(\"", "service(",
        "edge(\"a\", \"", "fau", "annotation.", "annotation[", "fault = ", "http.method = ", "!fa",
        "(fault OR error ", "service(\"x\") { fault ",
    ])
    func termCompletionsParse(_ input: String) throws {
        let completions = complete(input)
        #expect(!completions.isEmpty)
        for completion in completions where !["id(", "service(", "edge(", "AND", "OR"].contains(completion.label) {
            #expect(throws: Never.self, "\(completion.text)") { try FilterExpression(parsing: completion.text) }
        }
    }

    static let expressions = [
        #"http.status = 500 AND user = "alice""#,
        #"service("x-ray-sample-back-k8s") { fault OR responsetime > 0.5 }"#,
        #"edge("x-ray-sample-front-k8s", "x-ray-sample-back-k8s") { error }"#,
        #"!(fault OR error) AND annotation.customer BEGINSWITH "c-""#,
        #"annotation["order id"] = "o-1" OR http.clientip = "10.0.0.1""#,
        #"service(id(name: "payments", type: "AWS::Lambda::Function")) { root }"#,
        #"rootcause.fault.entity { last and name = "deserialize" }"#,
        "ok !partial duration < 3",
        #"http.method = "GET" AND http.url CONTAINS "/api""#,
        "fault = true OR throttle != false",
        #"user != "bob" AND http.status >= 400 OR annotation.items > 3"#,
        "rootcause.responsetime.entity { remote and coverage > 0.7 }",
        #"rootcause.json = #[{"Services": []}] AND !service()"#,
        #"service("a") { user = "Alex" } edge("a", "b") { http.status = 429 }"#,
    ]

    /// Every prefix of a valid expression is a valid prefix; each of its completions must be one
    /// too, differ from it, appear once, and come back the same however the context is ordered.
    @Test(arguments: expressions)
    func completionsOfPrefixesStayValid(_ expression: String) {
        #expect(throws: Never.self) { try FilterExpression(parsing: expression) }
        let reordered = CompletionContext(
            services: context.services.reversed(), annotationKeys: context.annotationKeys.reversed(),
            statusCodes: context.statusCodes.reversed(), users: context.users.reversed(),
            clientIPs: context.clientIPs.reversed())
        for length in 0...expression.count {
            let prefix = String(expression.prefix(length))
            let completions = complete(prefix)
            #expect(completions.count <= 20)
            #expect(Set(completions.map(\.text)).count == completions.count, "\(prefix)")
            #expect(FilterCompletion.complete(prefix, context: reordered) == completions, "\(prefix)")
            for completion in completions {
                #expect(completion.text != prefix)
                #expect(isValidPrefix(completion.text), "\(prefix) -> \(completion.text)")
            }
        }
    }

    /// Garbage, cut at every length, never crashes and never completes to the text itself.
    @Test(arguments: [
        #"((((!!!"#, #"service("a\"#, #"annotation[["x"]] = = ="#, "#[[[\"]]]", "\"\\u12", "}{)(][",
        "http.status = -5 OR -", "  \t\n", "édge(\"ü", "AND OR AND", "rootcause.x.y { ", "annotation.\"x",
        "user = \"\\", "a-b-c- -", ":::,,,",
    ])
    func garbageDoesNotCrash(_ garbage: String) {
        for length in 0...garbage.count {
            let prefix = String(garbage.prefix(length))
            for completion in complete(prefix, limit: 100) {
                #expect(completion.text != prefix)
            }
        }
    }
}
