import Testing
import XRayFilter
import XRayModel

/// Which expressions need the assembled trace, and that the others never ask for it.
@Suite struct NeedsTraceTests {
    /// Forms a trace summary answers on its own, root causes and groups included.
    static let summaryOnly = [
        "ok", "!fault AND partial", "responsetime > 1 OR duration < 2", "http.status = 500",
        #"http.url CONTAINS "api""#, #"user = "alice""#, #"name = "back""#, #"type = "AWS::Lambda""#,
        "availabilityzone", "instance.id", "resource.arn", #"annotation.customer = "c-100""#, "!annotation.vip",
        "rootcause.fault.service { inferred }", #"rootcause.fault.exception { message = "boom" }"#,
        #"rootcause.json = #[{ "Services": [] }]"#, #"group.name = "errors""#,
    ]

    /// Forms only the trace answers: the graph, inferred nodes, exception messages.
    static let traceNeeding = [
        "service()", #"service("back") { fault }"#, #"!service("payments")"#, #"edge("a", "b")"#, "inferred",
        "!inferred", #"message CONTAINS "x""#, "message", "ok OR !inferred", "fault AND (error OR message)",
        #"group.name = "graph""#,
    ]

    static let groups = TestGroups.all + [TestGroups.group("graph", #"service("back")"#)]

    @Test(arguments: summaryOnly)
    func summaryOnlyExpressionsNeverLoadTheTrace(_ source: String) throws {
        let expression = try FilterExpression(parsing: source, groups: Self.groups)
        #expect(!expression.needsTrace)
        for (name, trace) in FilterFixtures.traces {
            var loads = 0
            let viaSummary = expression.matches(API.TraceSummary(trace: trace)) {
                loads += 1
                return trace
            }
            #expect(loads == 0, "\(name)")
            #expect(viaSummary == expression.matches(trace), "\(name)")
        }
    }

    @Test(arguments: traceNeeding)
    func traceNeedingExpressionsSayTheyNeedIt(_ source: String) throws {
        let expression = try FilterExpression(parsing: source, groups: Self.groups)
        #expect(expression.needsTrace)
        for (name, trace) in FilterFixtures.traces {
            let viaSummary = expression.matches(API.TraceSummary(trace: trace)) { trace }
            #expect(viaSummary == expression.matches(trace), "\(name)")
        }
    }

    /// A summary-only expression can be evaluated with no trace at all.
    @Test func aSummaryAloneIsEnough() throws {
        var summary = API.TraceSummary()
        summary.HasFault = true
        summary.Http = API.Http()
        summary.Http?.HttpStatus = 503
        let expression = try FilterExpression(parsing: "fault AND http.status >= 500 AND !partial")
        #expect(expression.matches(summary) { fatalError("the trace was asked for") })
    }
}
