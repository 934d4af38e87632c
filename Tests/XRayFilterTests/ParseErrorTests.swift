import Testing
import XRayFilter
import XRayModel

/// An expression that must be refused, with the exact column and message.
struct ErrorCase: Sendable, CustomTestStringConvertible {
    var source: String
    var expected: FilterError
    var groups: [API.GroupSummary]

    init(_ source: String, _ column: Int, _ message: String, groups: [API.GroupSummary] = []) {
        self.source = source
        self.expected = FilterError(column: column, message)
        self.groups = groups
    }

    var testDescription: String { source.isEmpty ? "(empty)" : source }
}

@Suite struct ParseErrorTests {
    /// What `first` and `root` are told they could use at the top level. It lists no
    /// `rootcause.responsetime.exception`, which is itself an error.
    static let topLevelKeywords =
        "ok, error, throttle, fault, partial, inferred, responsetime, duration, http.status, http.url, "
        + "http.method, http.useragent, http.clientip, user, name, type, message, availabilityzone, instance.id, "
        + "resource.arn, annotation.KEY, service(...), edge(...), group.name, group.arn, rootcause.json, "
        + "rootcause.fault.service, rootcause.fault.entity, rootcause.fault.exception, rootcause.error.service, "
        + "rootcause.error.entity, rootcause.error.exception, rootcause.responsetime.service, "
        + "rootcause.responsetime.entity"
    static let topLevelStart =
        "expected a keyword such as ok, error, throttle, fault, partial, inferred, responsetime, duration"
    static let nodeKeywords =
        "ok, error, throttle, fault, inferred, root, responsetime, duration, http.status, http.url, http.method, "
        + "http.useragent, http.clientip, user, name, type, message, availabilityzone, instance.id, resource.arn"
    static let endOfExpression = "found the end of the expression"

    static let keywords: [ErrorCase] = [
        ErrorCase("htp.status = 5", 1, #"unknown keyword "htp.status"; did you mean http.status?"#),
        ErrorCase("responstime > 1", 1, #"unknown keyword "responstime"; did you mean responsetime?"#),
        ErrorCase(#"tpye = "x""#, 1, #"unknown keyword "tpye"; did you mean type?"#),
        ErrorCase("ok AND Faults", 8, #"unknown keyword "Faults"; did you mean fault?"#),
        ErrorCase("bananas", 1, #"unknown keyword "bananas"; \#(topLevelStart)"#),
        ErrorCase("foo", 1, #"unknown keyword "foo"; \#(topLevelStart)"#),
        ErrorCase("NOT fault", 1, #"unknown keyword "NOT"; negate with !, as in !fault"#),
        ErrorCase(#"service("a") { nam = "x" }"#, 16, #"unknown keyword "nam"; did you mean name?"#),
        ErrorCase(
            #"service("a") { bananas }"#, 16,
            #"unknown keyword "bananas"; expected a keyword such as ok, error, throttle, fault, inferred, root, "#
                + "responsetime, duration"),
        ErrorCase(
            #"rootcause.fault.services { name = "x" }"#, 1,
            #"unknown keyword "rootcause.fault.services"; expected "#
                + "rootcause.(fault|error|responsetime).(service|entity|exception) or rootcause.json"),
    ]

    static let values: [ErrorCase] = [
        ErrorCase(#"http.status = "abc""#, 15, #"http.status takes a number, found the string "abc""#),
        ErrorCase("fault = 1", 9, "fault takes true or false, found the number 1"),
        ErrorCase(#"ok = "yes""#, 6, #"ok takes true or false, found the string "yes""#),
        ErrorCase("ok fault = maybe", 12, #"fault takes true or false, found "maybe""#),
        ErrorCase(#"duration > "1""#, 12, #"duration takes a number, found the string "1""#),
        ErrorCase("responsetime < fast", 16, #"responsetime takes a number, found "fast""#),
        ErrorCase("http.url = 5", 12, "http.url takes a string in double quotes, found the number 5"),
        ErrorCase("http.url = (", 12, #"http.url takes a string in double quotes, found "(""#),
        ErrorCase("annotation.x = (", 16, #"annotation.x takes a number, a string or true/false, found "(""#),
        ErrorCase("annotation.x < true", 14, #"annotation.x compares true or false with = or !=, found "<""#),
        ErrorCase(
            #"annotation.x > "a""#, 14,
            #"annotation.x compares a string with = != CONTAINS BEGINSWITH ENDSWITH, found ">""#),
        ErrorCase("annotation.x CONTAINS 5", 23, "annotation.x takes a string in double quotes, found the number 5"),
        ErrorCase(#"rootcause.fault.entity { index > "1" }"#, 34, #"index takes a number, found the string "1""#),
        ErrorCase("service(id(name: 5))", 18, "name in id(...) takes a string in double quotes, found the number 5"),
        ErrorCase("group.name = errors", 14, #"group.name takes a string in double quotes, found "errors""#),
        ErrorCase(#"rootcause.json = "x""#, 18, #"rootcause.json takes #[ JSON ], found the string "x""#),
        ErrorCase(
            #"user = "김민준" AND http.status = "x""#, 32, #"http.status takes a number, found the string "x""#),
    ]

    static let missing: [ErrorCase] = [
        ErrorCase("http.status =", 14, "http.status takes a number, \(endOfExpression)"),
        ErrorCase("http.url CONTAINS", 18, "http.url takes a string in double quotes, \(endOfExpression)"),
        ErrorCase("fault !=", 9, "fault takes true or false, \(endOfExpression)"),
        ErrorCase("duration", 9, "duration takes = != < <= > >=, \(endOfExpression)"),
        ErrorCase("annotation.x =", 15, "annotation.x takes a number, a string or true/false, \(endOfExpression)"),
        ErrorCase("service(", 9, "expected a service name in double quotes or id(...), \(endOfExpression)"),
        ErrorCase("group.name =", 13, "group.name takes a string in double quotes, \(endOfExpression)"),
        ErrorCase("", 1, "the expression is empty"),
        ErrorCase("   ", 1, "the expression is empty"),
        ErrorCase("ok AND", 7, "expected a keyword, \(endOfExpression)"),
        ErrorCase("ok OR", 6, "expected a keyword, \(endOfExpression)"),
        ErrorCase("!", 2, "expected a keyword, \(endOfExpression)"),
        ErrorCase("ok AND OR fault", 8, #"expected a keyword, found "OR""#),
        ErrorCase("AND ok", 1, #"expected a keyword, found "AND""#),
        ErrorCase("rootcause.fault.service", 24, #"expected "{" to start the filter block, \#(endOfExpression)"#),
        ErrorCase(#"service("a") { }"#, 16, #"expected a keyword, found "}""#),
    ]

    static let operators: [ErrorCase] = [
        ErrorCase(#"http.url < "x""#, 10, #"http.url takes = != CONTAINS BEGINSWITH ENDSWITH, found "<""#),
        ErrorCase("user >= 3", 6, #"user takes = != CONTAINS BEGINSWITH ENDSWITH, found ">=""#),
        ErrorCase("fault > 1", 7, #"fault takes = or != with true or false, found ">""#),
        ErrorCase(#"ok CONTAINS "x""#, 4, #"ok takes = or != with true or false, found "CONTAINS""#),
        ErrorCase("responsetime CONTAINS 3", 14, #"responsetime takes = != < <= > >=, found "CONTAINS""#),
        ErrorCase("http.status BEGINSWITH 5", 13, #"http.status takes = != < <= > >=, found "BEGINSWITH""#),
        ErrorCase("duration 5", 10, "duration takes = != < <= > >=, found the number 5"),
        ErrorCase("user 5", 6, "expected AND, OR or the end of the expression, found the number 5"),
        ErrorCase("ok #[1]", 4, "expected AND, OR or the end of the expression, found a JSON fragment"),
    ]

    static let strings: [ErrorCase] = [
        ErrorCase(#"user = "alice"#, 8, "the string that starts here has no closing quote"),
        ErrorCase(#"user = "a\""#, 8, "the string that starts here has no closing quote"),
        ErrorCase(#"user = "a\"#, 8, "the string that starts here has no closing quote"),
        ErrorCase(#"user = "\u12""#, 9, #"\u must be followed by four hex digits"#),
        ErrorCase(#"user = "\u+041""#, 9, #"\u must be followed by four hex digits"#),
        ErrorCase(
            #"user = "\ud83d""#, 9, #"\u escapes half of a surrogate pair; write both halves, as in \ud83d\ude00"#),
        ErrorCase(
            #"user = "x\ude00""#, 10,
            #"\u escapes half of a surrogate pair; write both halves, as in \ud83d\ude00"#),
    ]

    static let brackets: [ErrorCase] = [
        ErrorCase("(fault OR error", 16, #"expected ")" to close the "(" at column 1, \#(endOfExpression)"#),
        ErrorCase("ok AND (fault OR (error)", 25, #"expected ")" to close the "(" at column 8, \#(endOfExpression)"#),
        ErrorCase("(ok fault]", 10, #"expected ")" to close the "(" at column 1, found "]""#),
        ErrorCase("ok)", 3, #"expected AND, OR or the end of the expression, found ")""#),
        ErrorCase(
            #"service("a") { fault"#, 21, #"expected "}" to close the "{" at column 14, \#(endOfExpression)"#),
        ErrorCase(
            #"edge("a", "b") { error OR (fault }"#, 34, #"expected ")" to close the "(" at column 27, found "}""#),
        ErrorCase(
            #"rootcause.fault.service { name = "x""#, 37,
            #"expected "}" to close the "{" at column 25, \#(endOfExpression)"#),
        ErrorCase(#"service("a") }"#, 14, #"expected AND, OR or the end of the expression, found "}""#),
        ErrorCase(#"edge("a")"#, 9, #"expected "," between the two services of edge(A, B), found ")""#),
        ErrorCase("service(front)", 9, #"expected a service name in double quotes or id(...), found "front""#),
        ErrorCase("service", 8, #"expected "(" after service, \#(endOfExpression)"#),
        ErrorCase("annotation[", 12, "expected an annotation key, \(endOfExpression)"),
        ErrorCase("annotation[x", 13, #"expected "]" to close annotation[, \#(endOfExpression)"#),
        ErrorCase(
            "annotation", 11,
            #"expected "[" after annotation (annotation[KEY] or annotation.KEY), \#(endOfExpression)"#),
        ErrorCase("annotation. = 1", 1, "annotation. needs a key, as in annotation.customer"),
    ]

    static let scopes: [ErrorCase] = [
        ErrorCase(#"service("a") { annotation.x }"#, 16, "annotation cannot be used inside service() { }"),
        ErrorCase(#"service("a") { service("b") }"#, 16, "service cannot be used inside service() { }"),
        ErrorCase(#"edge("a", "b") { edge("b", "c") }"#, 18, "edge cannot be used inside edge() { }"),
        ErrorCase(#"service() { group.name = "x" }"#, 13, "group.name cannot be used inside service() { }"),
        ErrorCase(
            "rootcause.fault.service { rootcause.json = #[{}] }", 27,
            "rootcause.json cannot be used inside rootcause.fault.service { }"),
        ErrorCase("first", 1, "first cannot be used at the top level; use \(topLevelKeywords)"),
        ErrorCase("ok AND root", 8, "root cannot be used at the top level; use \(topLevelKeywords)"),
        ErrorCase("service() { partial }", 13, "partial cannot be used inside service() { }; use \(nodeKeywords)"),
        ErrorCase(
            #"edge("a", "b") { user = "x" }"#, 18,
            "user cannot be used inside edge() { }; use ok, error, throttle, fault, responsetime, duration, "
                + "http.status, http.url, http.method, http.useragent, http.clientip, message"),
        ErrorCase(
            "rootcause.fault.entity { coverage > 0.5 }", 26,
            "coverage cannot be used inside rootcause.fault.entity { }; use first, last, remote, index, name, message"),
        ErrorCase(
            #"rootcause.fault.service { message = "x" }"#, 27,
            "message cannot be used inside rootcause.fault.service { }; use first, last, inferred, index, name, type"),
        ErrorCase(
            "rootcause.error.exception { remote }", 29,
            "remote cannot be used inside rootcause.error.exception { }; use first, last, index, name, message"),
        ErrorCase(
            "rootcause.responsetime.exception { first }", 1,
            "response-time root causes have no exceptions; use rootcause.responsetime.service or .entity"),
    ]

    static let selectorsAndJSON: [ErrorCase] = [
        ErrorCase(#"service(id(nam: "x"))"#, 12, #"expected name:, type: or account.id: in id(...), found "nam""#),
        ErrorCase(#"service(id(name: "a", name: "b"))"#, 23, "name: appears twice in id(...)"),
        ErrorCase(#"edge(id(type: "a", Type: "b"), "c")"#, 20, "Type: appears twice in id(...)"),
        ErrorCase("service(id())", 12, #"expected name:, type: or account.id: in id(...), found ")""#),
        ErrorCase(#"service(id(, name: "a"))"#, 12, #"expected name:, type: or account.id: in id(...), found ",""#),
        ErrorCase(#"service(id(name: "a",))"#, 22, #"expected name:, type: or account.id: in id(...), found ")""#),
        ErrorCase(#"service(id(name "a"))"#, 17, #"expected ":" after name, found the string "a""#),
        ErrorCase(#"rootcause.json = #[{ "Services": }]"#, 18, "the #[ ... ] after rootcause.json is not valid JSON"),
        ErrorCase(#"rootcause.json = #[{ "a": 1 }"#, 18, #"the #[ that starts here is never closed with "]""#),
        ErrorCase(#"rootcause.json = #[{ "a": "]" }"#, 18, #"the #[ that starts here is never closed with "]""#),
    ]

    static let loops = [
        TestGroups.group("loop", #"ok OR group.name = "loop""#),
        TestGroups.group("a", #"group.name = "b""#), TestGroups.group("b", #"fault AND group.name = "a""#),
        TestGroups.group("empty", " "), TestGroups.group("bogus", #"http.status = "x""#),
    ]

    static let groupsAndCharacters: [ErrorCase] = [
        ErrorCase(#"group.name = "nope""#, 14, #"unknown group "nope" (this source has no groups)"#),
        ErrorCase(
            #"group.name = "nope""#, 14, #"unknown group "nope" (known groups: errors, slow, bad)"#,
            groups: TestGroups.all),
        ErrorCase(
            #"group.arn = "arn:x""#, 13,
            #"unknown group "arn:x" (known groups: arn:aws:xray:us-east-1:111111111111:group/errors/ABC, "#
                + "arn:aws:xray:us-east-1:111111111111:group/slow/ABC, "
                + "arn:aws:xray:us-east-1:111111111111:group/bad/ABC)",
            groups: TestGroups.all),
        ErrorCase(
            #"group.name = "loop""#, 14,
            #"the filter of group "loop" is invalid: column 20: group "loop" refers to itself through its filter"#,
            groups: loops),
        ErrorCase(
            #"ok AND group.name = "a""#, 21,
            #"the filter of group "a" is invalid: column 14: the filter of group "b" is invalid: column 24: "#
                + #"group "a" refers to itself through its filter"#,
            groups: loops),
        ErrorCase(#"group.name = "empty""#, 14, #"group "empty" has no filter expression"#, groups: loops),
        ErrorCase(
            #"group.name = "bogus""#, 14,
            #"the filter of group "bogus" is invalid: column 15: http.status takes a number, found the string "x""#,
            groups: loops),
        ErrorCase(
            #"service() { group.name = "loop" }"#, 13, "group.name cannot be used inside service() { }", groups: loops),
        ErrorCase("ok & fault", 4, #"unexpected character "&"; write AND"#),
        ErrorCase("ok || fault", 4, #"unexpected character "|"; write OR"#),
        ErrorCase("http.url = 'x'", 12, #"unexpected character "'"; strings take double quotes"#),
        ErrorCase("ok ; fault", 4, #"unexpected character ";""#),
        ErrorCase("#fault", 1, ##"unexpected character "#""##),
        ErrorCase("名前 = 1 @", 8, #"unexpected character "@""#),
    ]

    static let all =
        keywords + values + missing + operators + strings + brackets + scopes + selectorsAndJSON
        + groupsAndCharacters

    @Test func tableIsLargeEnough() {
        #expect(Self.all.count >= 50)
    }

    @Test(arguments: all)
    func refuses(_ row: ErrorCase) {
        do {
            let expression = try FilterExpression(parsing: row.source, groups: row.groups)
            Issue.record("parsed as \(expression.root)")
        } catch {
            #expect(error == row.expected)
        }
    }
}
