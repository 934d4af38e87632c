import Foundation
import Testing
import XRayFilter
import XRayModel

@testable import Explorer

/// A hand-built summary; only what the analytics read.
private func summary(
    _ id: String, start: Double? = nil, responseTime: Double? = nil, status: Int? = nil, method: String? = nil,
    url: String? = nil, clientIP: String? = nil, userAgent: String? = nil, users: [String] = [],
    services: [String] = [], annotations: [String: [API.AnnotationValue]] = [:], error: Bool = false,
    throttle: Bool = false, fault: Bool = false
) -> API.TraceSummary {
    var summary = API.TraceSummary()
    summary.Id = id
    summary.StartTime = start
    summary.ResponseTime = responseTime
    if status != nil || method != nil || url != nil || clientIP != nil || userAgent != nil {
        var http = API.Http()
        http.HttpStatus = status
        http.HttpMethod = method
        http.HttpURL = url
        http.ClientIp = clientIP
        http.UserAgent = userAgent
        summary.Http = http
    }
    summary.Users = users.isEmpty ? nil : users.map { API.TraceUser(UserName: $0) }
    summary.ServiceIds = services.isEmpty ? nil : services.map { API.ServiceId(Name: $0) }
    summary.Annotations =
        annotations.isEmpty ? nil : annotations.mapValues { $0.map { API.ValueWithServiceIds(AnnotationValue: $0) } }
    summary.HasError = error
    summary.HasThrottle = throttle
    summary.HasFault = fault
    return summary
}

private func number(_ value: Double) -> API.AnnotationValue { API.AnnotationValue(NumberValue: value) }
private func text(_ value: String) -> API.AnnotationValue { API.AnnotationValue(StringValue: value) }
private func flag(_ value: Bool) -> API.AnnotationValue { API.AnnotationValue(BooleanValue: value) }

/// Eight traces of a small shop, over a five-minute window from 0.
///
/// | id | start | rt | status | method | users | error/throttle/fault | annotations |
/// |---|---|---|---|---|---|---|---|
/// | a | 0 | 0.1 | 200 | GET | alice | | |
/// | b | 10 | 0.2 | 200 | GET | alice, bob | | order_id "A-1", items 3 |
/// | c | 20 | 0.3 | 404 | GET | bob | error | |
/// | d | 30 | 0.4 | 429 | POST | | error, throttle | |
/// | e | 40 | 0.5 | 502 | POST | | fault | vip true |
/// | f | 50 | 1.0 | 502 | | | fault | |
/// | g | 60 | none | none | | | | |
/// | h | 299 | 0.3 | 200 | | | | |
private let shop: [API.TraceSummary] = [
    summary(
        "a", start: 0, responseTime: 0.1, status: 200, method: "GET", url: "https://x/a", clientIP: "10.0.3.7",
        userAgent: "curl/8", users: ["alice"], services: ["front", "back"]),
    summary(
        "b", start: 10, responseTime: 0.2, status: 200, method: "GET", url: "https://x/a", users: ["alice", "bob"],
        services: ["front"], annotations: ["order_id": [text("A-1")], "items": [number(3)]]),
    summary("c", start: 20, responseTime: 0.3, status: 404, method: "GET", users: ["bob"], error: true),
    summary("d", start: 30, responseTime: 0.4, status: 429, method: "POST", error: true, throttle: true),
    summary(
        "e", start: 40, responseTime: 0.5, status: 502, method: "POST", annotations: ["vip": [flag(true)]], fault: true),
    summary("f", start: 50, responseTime: 1.0, status: 502, fault: true),
    summary("g", start: 60),
    summary("h", start: 299, responseTime: 0.3, status: 200),
]

/// The ids of the summaries the filter matches, from the summary alone.
private func matched(_ filter: String, in summaries: [API.TraceSummary]) throws -> Set<String> {
    let expression = try FilterExpression(parsing: filter)
    #expect(!expression.needsTrace, "\(filter)")
    return Set(summaries.filter { expression.matches($0) { fatalError("the trace was asked for") } }.compactMap(\.Id))
}

private func ids(_ summaries: [API.TraceSummary]) -> Set<String> { Set(summaries.compactMap(\.Id)) }

@Suite struct FilterTermsTests {
    @Test func termsForEachField() {
        let (a, b, e, g) = (shop[0], shop[1], shop[4], shop[6])
        #expect(FilterTerms.term(.status, of: e) == "http.status = 502")
        #expect(FilterTerms.term(.clientIP, of: a) == #"http.clientip = "10.0.3.7""#)
        #expect(FilterTerms.term(.url, of: a) == #"http.url = "https://x/a""#)
        #expect(FilterTerms.term(.method, of: a) == #"http.method = "GET""#)
        #expect(FilterTerms.term(.userAgent, of: a) == #"http.useragent = "curl/8""#)
        #expect(FilterTerms.term(.user, of: b) == #"user = "alice""#)
        #expect(FilterTerms.term(.service, of: a) == #"service("front")"#)
        #expect(FilterTerms.term(.annotation("order_id"), of: b) == #"annotation.order_id = "A-1""#)
        #expect(FilterTerms.term(.annotation("items"), of: b) == "annotation.items = 3")
        #expect(FilterTerms.term(.annotation("vip"), of: e) == "annotation.vip = true")
        #expect(FilterTerms.negated(.status, of: e) == "!(http.status = 502)")
        #expect(FilterTerms.negated(.service, of: a) == #"!service("front")"#)
        for field in [FilterField.status, .clientIP, .url, .method, .userAgent, .user, .service, .annotation("vip")] {
            #expect(FilterTerms.term(field, of: g) == nil && FilterTerms.negated(field, of: g) == nil)
        }
        #expect(FilterTerms.term(.status, equalTo: .string("502")) == nil)
        #expect(FilterTerms.term(.url, equalTo: .number(1)) == nil)
        #expect(FilterTerms.term(.annotation("x"), equalTo: .number(.nan)) == nil)
        #expect(FilterTerms.values(.user, of: b) == [.string("alice"), .string("bob")])
        // A value listed twice is one value, so the trace counts once in its group.
        let twice = summary(
            "twice", users: ["alice", "alice"], services: ["back", "front"], annotations: ["k": [number(1), number(1)]])
        #expect(FilterTerms.values(.user, of: twice) == [.string("alice")])
        #expect(FilterTerms.values(.annotation("k"), of: twice) == [.number(1)])
        #expect(TraceAnalytics.groups([twice], by: .user).map(\.count) == [1])
        var entered = twice
        entered.EntryPoint = API.ServiceId(Name: "front")
        #expect(FilterTerms.term(.service, of: twice) == #"service("back")"#)
        #expect(FilterTerms.term(.service, of: entered) == #"service("front")"#)
    }

    @Test func annotationKeysAndNumbers() {
        let cases: [(String, FieldValue, String)] = [
            ("order.id", .string("o-1"), #"annotation.order.id = "o-1""#),
            ("order id", .string("o-1"), #"annotation["order id"] = "o-1""#),
            ("clé", .bool(false), #"annotation["clé"] = false"#),
            (#"a"b\c"#, .number(1), #"annotation["a\"b\\c"] = 1"#),
            ("price", .number(-1.5), "annotation.price = -1.5"),
            ("tiny", .number(0.00001), "annotation.tiny = 1e-05"),
            ("huge", .number(1e20), "annotation.huge = 1e+20"),
            ("zero", .number(-0.0), "annotation.zero = 0"),
        ]
        for (key, value, expected) in cases {
            #expect(FilterTerms.term(.annotation(key), equalTo: value) == expected)
        }
    }

    /// Each summary has its own value; the term matches exactly it, and the negated term every
    /// other summary, including those with no value.
    private func expectExact(_ field: FilterField, _ summaries: [API.TraceSummary]) throws {
        for summary in summaries {
            guard let term = FilterTerms.term(field, of: summary) else { continue }
            let negated = try #require(FilterTerms.negated(field, of: summary))
            #expect(try matched(term, in: summaries) == [summary.Id!], "\(term)")
            #expect(try matched(negated, in: summaries) == ids(summaries).subtracting([summary.Id!]), "\(negated)")
        }
    }

    static let trickyStrings = [
        #"say "hi""#, #"back\slash"#, #"\""#, #"trailing\"#, "café", "山田太郎", "😀 grin", "\u{301}leading mark",
        "prepend at the end \u{600}", "line\nbreak", "\n\u{301}", "tab\there", "cr\r\nlf", "esc \u{1b}[31m", "",
        "a OR b", #"x") OR ("y"#, "#[1]", "AND", "annotation.x", "   ", "\u{200D}",
    ]

    @Test func trickyStringsSelectExactlyTheirTrace() throws {
        let values = Self.trickyStrings
        #expect(Set(values).count == values.count)
        let none = summary("none", status: 200)
        let byUser = values.enumerated().map { summary("\($0)", users: [$1]) } + [none]
        let byURL = values.enumerated().map { summary("\($0)", url: $1) } + [none]
        let byAgent = values.enumerated().map { summary("\($0)", userAgent: $1) } + [none]
        let byAnnotation = values.enumerated().map { summary("\($0)", annotations: ["k": [text($1)]]) } + [none]
        try expectExact(.user, byUser)
        try expectExact(.url, byURL)
        try expectExact(.userAgent, byAgent)
        try expectExact(.annotation("k"), byAnnotation)
        for value in values where value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" }) {
            #expect(FilterTerms.term(.user, equalTo: .string(value))?.unicodeScalars.allSatisfy(\.isASCII) == true)
        }
    }

    @Test func trickyAnnotationKeysAndTypedValues() throws {
        for key in ["order.id", "order id", "clé", #"a"b\c"#, "a]b", "", "1", "_x", "🔑"] {
            let field = FilterField.annotation(key)
            let summaries = [
                summary("n", annotations: [key: [number(3)]]), summary("s", annotations: [key: [text("3")]]),
                summary("t", annotations: [key: [flag(true)]]), summary("f", annotations: [key: [flag(false)]]),
                summary("other", annotations: [key + "x": [number(3)]]), summary("none"),
            ]
            try expectExact(field, summaries)
        }
        let numbers: [Double] = [3, -1.5, 0.1, 0.00001, 1e20, 123_456_789.125, 1e15, Double.leastNonzeroMagnitude, -2]
        try expectExact(
            .annotation("n"), numbers.enumerated().map { summary("\($0)", annotations: ["n": [number($1)]]) })
    }

    @Test func httpFieldsAndServicesFromSummaries() throws {
        let summaries = [
            summary("1", status: 200, method: "GET", clientIP: "10.0.3.7"),
            summary("2", status: 502, method: "get", clientIP: "::1"),
            summary("3", status: 429, method: "DELETE", clientIP: "10.0.3.70"), summary("4"),
        ]
        try expectExact(.status, summaries)
        try expectExact(.method, summaries)
        try expectExact(.clientIP, summaries)
    }

    /// service() needs the trace: built from one segment per tricky name.
    @Test func servicesSelectExactlyTheirTraces() throws {
        let names = ["front", "Front", #"say "hi""#, #"back\slash"#, "山田太郎", "\u{301}mark", "end \u{600}"]
        let traces = names.enumerated().map { index, name in
            let traceID = "1-5f000000-" + String(format: "%024x", index + 1)
            let document = SegmentDocument(
                kind: .segment, id: String(format: "%016x", index + 1), traceID: traceID, name: name,
                startTime: 1000, endTime: 1001)
            return TraceDocuments(traceID: traceID, documents: [StoredDocument(encoding: document)]).assemble()
        }
        try expectServices(traces)
    }

    @Test func servicesOfTheSampleData() throws {
        try expectServices(ExplorerFixtures.traces)
        try expectServices(ExplorerFixtures.shopTraces)
    }

    /// Every service group's term matches exactly the traces that list the service.
    private func expectServices(_ traces: [Trace]) throws {
        let summaries = traces.map { API.TraceSummary(trace: $0) }
        let byID = Dictionary(uniqueKeysWithValues: traces.map { ($0.id, $0) })
        let groups = TraceAnalytics.groups(summaries, by: .service)
        #expect(groups.count > 1)
        for group in groups {
            let term = try #require(group.term)
            let expected = Set(
                summaries.filter { $0.ServiceIds?.contains { $0.Name.map(FieldValue.string) == group.value } == true }
                    .map(\.Id!))
            for filter in [term, FilterTerms.negated(.service, equalTo: group.value!)!] {
                let expression = try FilterExpression(parsing: filter)
                let matched = Set(
                    summaries.filter { summary in expression.matches(summary) { byID[summary.Id!]! } }.map(\.Id!))
                #expect(matched == (filter == term ? expected : ids(summaries).subtracting(expected)), "\(filter)")
            }
            #expect(expected.count == group.count)
        }
    }

    @Test func addingATerm() throws {
        let term = "http.status = 502"
        let cases: [(String, String)] = [
            ("", term), ("  \n", term),
            ("fault", "fault AND \(term)"),
            ("fault OR error", "(fault OR error) AND \(term)"),
            ("  fault or error ", "(fault or error) AND \(term)"),
            ("(fault OR error) AND ok", "(fault OR error) AND ok AND \(term)"),
            (#"service("a") { fault OR error }"#, #"service("a") { fault OR error } AND \#(term)"#),
            (#"user = "x OR y""#, #"user = "x OR y" AND \#(term)"#),
            (#"user = "a\" OR" OR fault"#, #"(user = "a\" OR" OR fault) AND \#(term)"#),
            ("annotation.or = 1 ok !partial", "annotation.or = 1 ok !partial AND \(term)"),
            ("!(ok OR error) fault", "!(ok OR error) fault AND \(term)"),
            (#"annotation["or"] = 1 Or error"#, #"(annotation["or"] = 1 Or error) AND \#(term)"#),
        ]
        for (filter, expected) in cases {
            let combined = FilterTerms.adding(term, to: filter)
            #expect(combined == expected)
            // It means (filter) AND term.
            guard !filter.contains("service") else { continue }
            var wanted = try matched(term, in: shop)
            if !filter.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                wanted.formIntersection(try matched(filter, in: shop))
            }
            #expect(try matched(combined, in: shop) == wanted, "\(combined)")
        }
        #expect(FilterTerms.adding("ok", to: "fault OR error") == "(fault OR error) AND ok")
    }
}

@Suite struct TraceAnalyticsTests {
    @Test func percentilesAreNearestRank() {
        let hundred = (1...100).map(Double.init)
        #expect(TraceAnalytics.percentile(50, ofSorted: hundred) == 50)
        #expect(TraceAnalytics.percentile(90, ofSorted: hundred) == 90)
        #expect(TraceAnalytics.percentile(99, ofSorted: hundred) == 99)
        let ten = (1...10).map(Double.init)
        #expect(TraceAnalytics.percentile(90, ofSorted: ten) == 9)
        #expect(TraceAnalytics.percentile(99, ofSorted: ten) == 10)
        #expect(TraceAnalytics.percentile(50, ofSorted: [1, 2, 3, 4]) == 2)
        #expect(TraceAnalytics.percentile(50, ofSorted: [1, 2, 3, 4, 5]) == 3)
        #expect(TraceAnalytics.percentile(0, ofSorted: [7, 8]) == 7)
        #expect(TraceAnalytics.percentile(100, ofSorted: [7, 8]) == 8)
        #expect(TraceAnalytics.percentile(50, ofSorted: []) == nil)
    }

    @Test func groupsByStatus() {
        let rows = TraceAnalytics.groups(shop, by: .status)
        #expect(rows.map(\.label) == ["200", "502", "(none)", "404", "429"])
        #expect(rows.map(\.count) == [3, 2, 1, 1, 1])
        #expect(rows.map(\.share) == [0.375, 0.25, 0.125, 0.125, 0.125])
        #expect(
            rows.map(\.term) == [
                "http.status = 200", "http.status = 502", nil, "http.status = 404", "http.status = 429",
            ])
        let ok = rows[0]
        #expect(abs(ok.averageResponseTime! - 0.2) < 1e-12)
        #expect(ok.p50 == 0.2 && ok.p90 == 0.3 && ok.p99 == 0.3)
        #expect(ok.errorRate == 0 && ok.throttleRate == 0 && ok.faultRate == 0)
        let bad = rows[1]
        #expect(bad.averageResponseTime == 0.75 && bad.p50 == 0.5 && bad.p90 == 1.0 && bad.p99 == 1.0)
        #expect(bad.faultRate == 1 && bad.errorRate == 0)
        let none = rows[2]
        #expect(none.value == nil && none.averageResponseTime == nil && none.p50 == nil && none.p99 == nil)
        let throttled = rows[4]
        #expect(throttled.errorRate == 1 && throttled.throttleRate == 1 && throttled.faultRate == 0)
    }

    @Test func groupsByMultiValuedFields() throws {
        let users = TraceAnalytics.groups(shop, by: .user)
        #expect(users.map(\.label) == ["(none)", "alice", "bob"])
        #expect(users.map(\.count) == [5, 2, 2])
        #expect(users.map(\.share).reduce(0, +) == 9.0 / 8)
        #expect(users[1].p50 == 0.1 && users[1].p90 == 0.2 && users[2].errorRate == 0.5)
        let methods = TraceAnalytics.groups(shop, by: .method)
        let post = try #require(methods.first { $0.label == "POST" })
        #expect(post.errorRate == 0.5 && post.throttleRate == 0.5 && post.faultRate == 0.5)
        // Every group's term selects exactly its traces.
        for field in [FilterField.status, .method, .url, .user, .annotation("items"), .annotation("vip")] {
            let rows = TraceAnalytics.groups(shop, by: field)
            #expect(rows.map(\.count).reduce(0, +) >= shop.count)
            for row in rows {
                guard let term = row.term else { continue }
                #expect(try matched(term, in: shop).count == row.count, "\(term)")
            }
            let none = rows.first { $0.term == nil }?.count ?? 0
            #expect(none == shop.filter { FilterTerms.values(field, of: $0).isEmpty }.count)
        }
    }

    /// Each rate counts its own flag: a trace can be throttled downstream without being an error,
    /// and an error (404) without being throttled.
    @Test func ratesCountEachFlag() {
        let summaries = [
            summary("throttled downstream", status: 200, throttle: true),
            summary("throttled too", status: 200, throttle: true),
            summary("not found", status: 200, error: true), summary("fault", status: 200, fault: true),
            summary("ok", status: 200),
        ]
        let row = TraceAnalytics.groups(summaries, by: .status)[0]
        #expect(row.count == 5 && row.errorRate == 0.2 && row.throttleRate == 0.4 && row.faultRate == 0.2)
        let buckets = TraceAnalytics.activity(
            summaries.map {
                var s = $0; s.StartTime = 5; return s
            }, from: 0, to: 10, buckets: 1)
        #expect(buckets.map(\.errors) == [1] && buckets.map(\.throttles) == [2] && buckets.map(\.faults) == [1])
    }

    @Test func annotationGroupsKeepTypesApart() {
        let summaries = [
            summary("1", annotations: ["k": [number(3)]]), summary("2", annotations: ["k": [text("3")]]),
            summary("3", annotations: ["k": [flag(true)]]), summary("4", annotations: ["k": [number(3), text("x")]]),
            summary("5"),
        ]
        let rows = TraceAnalytics.groups(summaries, by: .annotation("k"))
        #expect(rows.map(\.label) == ["3", "(none)", "3", "true", "x"])
        #expect(rows.map(\.count) == [2, 1, 1, 1, 1])
        #expect(rows[0].term == "annotation.k = 3" && rows[2].term == #"annotation.k = "3""#)
        let compared = TraceAnalytics.compare(a: rows, b: rows)
        #expect(compared.count == 5 && compared.allSatisfy { $0.shareDelta == 0 && $0.countDelta == 0 })
    }

    @Test func groupsOfTheSampleDataByStatus() throws {
        let summaries = ExplorerFixtures.traces.map { API.TraceSummary(trace: $0) }
        var counts: [String: Int] = [:]
        for summary in summaries {
            counts[summary.Http?.HttpStatus.map(String.init) ?? "(none)", default: 0] += 1
        }
        let rows = TraceAnalytics.groups(summaries, by: .status)
        #expect(rows.count > 2)
        #expect(Dictionary(uniqueKeysWithValues: rows.map { ($0.label, $0.count) }) == counts)
        #expect(rows.map(\.count) == rows.map(\.count).sorted(by: >))
        for row in rows {
            #expect(abs(row.share - Double(row.count) / Double(summaries.count)) < 1e-12)
            if let term = row.term { #expect(try matched(term, in: summaries).count == row.count) }
        }
        let distribution = TraceAnalytics.distribution(summaries, columns: 40)
        #expect(distribution.bins.reduce(0, +) == summaries.filter { $0.ResponseTime != nil }.count)
        let buckets = TraceAnalytics.activity(summaries, in: ExplorerFixtures.window, buckets: 5)
        #expect(buckets.map(\.traces).reduce(0, +) == summaries.count)
        #expect(buckets.map(\.faults).reduce(0, +) == summaries.filter { $0.HasFault == true }.count)
    }

    @Test func linearDistribution() {
        let times = [0.125, 0.25, 0.5, 0.75, 1.0]
        let summaries = times.map { summary("\($0)", responseTime: $0) } + [summary("none")]
        let distribution = TraceAnalytics.distribution(summaries, columns: 4)
        #expect(!distribution.logarithmic && distribution.axisStart == 0 && distribution.axisEnd == 1)
        #expect(distribution.bins == [1, 1, 1, 2] && distribution.count == 5)
        #expect(distribution.p50 == 0.5 && distribution.p90 == 1 && distribution.p99 == 1)
        #expect(distribution.p50Bin == 2 && distribution.p90Bin == 3 && distribution.p99Bin == 3)
    }

    @Test func logarithmicDistribution() {
        let summaries = [0.001, 0.003, 0.03, 1.0].map { (time: Double) in summary("\(time)", responseTime: time) }
        let distribution = TraceAnalytics.distribution(summaries, columns: 3)
        #expect(distribution.logarithmic && distribution.axisStart == 0.001 && distribution.axisEnd == 1)
        #expect(distribution.bins == [2, 1, 1])
        #expect(
            distribution.p50 == 0.003 && distribution.p90 == 1 && distribution.p50Bin == 0 && distribution.p90Bin == 2)
        #expect(distribution.bin(of: 0.0001) == 0 && distribution.bin(of: 50) == 2)
    }

    @Test func distributionOfNothing() {
        let empty = TraceAnalytics.distribution([], columns: 10)
        #expect(empty.bins == Array(repeating: 0, count: 10) && empty.count == 0)
        #expect(empty.p50 == nil && empty.p50Bin == nil && empty.axisStart == 0 && empty.axisEnd == 0)
        #expect(empty.bin(of: 1) == 0)
        let zeros = TraceAnalytics.distribution(
            [summary("1", responseTime: 0), summary("2", responseTime: 0)], columns: 3)
        #expect(zeros.bins == [2, 0, 0] && zeros.p99 == 0 && zeros.p99Bin == 0)
        let noColumns = TraceAnalytics.distribution(shop, columns: 0)
        #expect(noColumns.bins.isEmpty && noColumns.p50Bin == nil && noColumns.p50 == 0.3)
    }

    @Test func activityPerBucket() {
        let buckets = TraceAnalytics.activity(shop, from: 0, to: 300, buckets: 5)
        #expect(buckets.map(\.start) == [0, 60, 120, 180, 240])
        #expect(buckets.map(\.end) == [60, 120, 180, 240, 300])
        #expect(buckets.map(\.traces) == [6, 1, 0, 0, 1])
        #expect(buckets.map(\.errors) == [2, 0, 0, 0, 0])
        #expect(buckets.map(\.throttles) == [1, 0, 0, 0, 0])
        #expect(buckets.map(\.faults) == [2, 0, 0, 0, 0])
        let edges = [
            summary("end", start: 300), summary("before", start: -1), summary("after", start: 301), summary("no start"),
        ]
        #expect(TraceAnalytics.activity(edges, from: 0, to: 300, buckets: 3).map(\.traces) == [0, 0, 1])
        #expect(TraceAnalytics.activity([], from: 0, to: 300, buckets: 2).map(\.traces) == [0, 0])
        #expect(TraceAnalytics.activity(shop, from: 0, to: 300, buckets: 0).isEmpty)
        #expect(TraceAnalytics.activity(shop, from: 60, to: 60, buckets: 2).map(\.traces) == [0, 0])
    }

    /// Every bucket of the activity sparklines spans the whole minutes its label says.
    @Test func activityBucketsAreWholeMinutes() {
        let hour = TimeWindow(start: 0, end: 3600)
        let wide = TraceAnalytics.activityBuckets(for: hour, cells: 100)
        #expect(wide.minutesEach == 1 && wide.count == 60 && wide.start == 0)
        // 60 minutes in 44 cells: two minutes a bucket, 30 buckets, exactly the hour.
        let narrow = TraceAnalytics.activityBuckets(for: hour, cells: 44)
        #expect(narrow.minutesEach == 2 && narrow.count == 30 && narrow.start == 0)
        // 61 minutes in 20 cells: four minutes a bucket; 16 buckets reach back 3 minutes early.
        let odd = TraceAnalytics.activityBuckets(for: TimeWindow(start: 0, end: 3660), cells: 20)
        #expect(odd.minutesEach == 4 && odd.count == 16 && odd.start == 3660 - 16 * 240)
        let short = TraceAnalytics.activityBuckets(for: TimeWindow(start: 100, end: 130), cells: 10)
        #expect(short.minutesEach == 1 && short.count == 1 && short.start == 70)
    }

    @Test func compareTwoWindows() {
        func statuses(_ codes: [Int?]) -> [API.TraceSummary] {
            codes.enumerated().map { summary("\($0)", status: $1) }
        }
        let a = TraceAnalytics.groups(statuses([200, 200, 200, 200, 500, 500, nil, nil]), by: .status)
        let b = TraceAnalytics.groups(statuses([200, 500, 500, 500, 500, 500, 404, 404]), by: .status)
        let rows = TraceAnalytics.compare(a: a, b: b)
        #expect(rows.map(\.label) == ["200", "500", "(none)", "404"])
        #expect(rows.map(\.shareDelta) == [-37.5, 37.5, -25, 25])
        #expect(rows.map(\.countDelta) == [-3, 3, -2, 2])
        #expect(rows.map(\.countA) == [4, 2, 2, 0] && rows.map(\.countB) == [1, 5, 0, 2])
        #expect(rows.map(\.shareA) == [0.5, 0.25, 0.25, 0] && rows.map(\.shareB) == [0.125, 0.625, 0, 0.25])
        #expect(rows.map(\.term) == ["http.status = 200", "http.status = 500", nil, "http.status = 404"])
        #expect(TraceAnalytics.compare(a: [], b: []).isEmpty)
        #expect(TraceAnalytics.groups([], by: .status).isEmpty)
    }
}
