import Foundation
import SampleData
import Testing
import TraceStore
import XRayModel

@testable import Collector

/// The API's answers as botocore reads them: shapes, error codes in `x-amzn-errortype`, and
/// `{"Message": ...}` bodies.
@Suite struct XRayAPITests {
    let store = TraceStore()
    let start = 1_700_000_000.0

    func api(groups: [API.GroupSummary] = []) async -> XRayAPI {
        await store.setGroups(groups)
        let counters = CounterBox()
        return XRayAPI(
            store: store, counters: counters, sampling: SamplingRules(), log: .silent, metrics: { "" })
    }

    func post(_ api: XRayAPI, _ path: String, _ body: Any) async throws -> (APIResponse, [String: Any]) {
        let data = try JSONSerialization.data(withJSONObject: body)
        let response = await api.handle(method: "POST", path: path, body: data)
        let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any] ?? [:]
        return (response, object)
    }

    func errorType(_ response: APIResponse) -> String? {
        response.headers.first { $0.0 == "x-amzn-errortype" }?.1
    }

    func loadSample() async {
        await store.ingest(
            SampleGenerator(scenario: .eksWorkshop, seed: 7, start: start, duration: 120).documents())
    }

    @Test func putThenReadBackThroughSummariesTracesAndTheGraph() async throws {
        let api = await api()
        let documents = SampleGenerator(scenario: .eksWorkshop, seed: 3, start: start, duration: 10).documents()
        let (put, putBody) = try await post(
            api, "/TraceSegments", ["TraceSegmentDocuments": documents.map(\.raw) + ["{not json"]])
        #expect(put.status == 200)
        let unprocessed = try #require(putBody["UnprocessedTraceSegments"] as? [[String: Any]])
        #expect(unprocessed.count == 1)
        #expect(unprocessed.first?["ErrorCode"] as? String == "not_json")

        let (summaries, body) = try await post(
            api, "/TraceSummaries", ["StartTime": Int(start) - 1, "EndTime": Int(start) + 20])
        #expect(summaries.status == 200)
        let list = try #require(body["TraceSummaries"] as? [[String: Any]])
        let traceIDs = Set(documents.map(\.traceID))
        #expect(list.count == traceIDs.count)
        #expect(body["TracesProcessedCount"] as? Int == traceIDs.count)
        let starts = list.compactMap { $0["StartTime"] as? Double }
        #expect(starts == starts.sorted(by: >), "newest first")

        let ids = Array(list.prefix(5).compactMap { $0["Id"] as? String })
        let (traces, tracesBody) = try await post(api, "/Traces", ["TraceIds": ids])
        #expect(traces.status == 200)
        let returned = try #require(tracesBody["Traces"] as? [[String: Any]])
        #expect(Set(returned.compactMap { $0["Id"] as? String }) == Set(ids))
        let segments = try #require(returned.first?["Segments"] as? [[String: Any]])
        #expect(segments.allSatisfy { $0["Document"] is String }, "documents are JSON strings, as X-Ray sends them")

        let (graph, graphBody) = try await post(
            api, "/ServiceGraph", ["StartTime": Int(start) - 1, "EndTime": Int(start) + 20])
        #expect(graph.status == 200)
        let names = Set((graphBody["Services"] as? [[String: Any]] ?? []).compactMap { $0["Name"] as? String })
        #expect(names.contains("x-ray-sample-front-k8s") && names.contains("x-ray-sample-back-k8s"))
    }

    @Test func pagesWithNextTokenNewestFirst() async throws {
        let paged = TraceStore(pageSize: 7)
        await paged.ingest(SampleGenerator(scenario: .eksWorkshop, seed: 9, start: start, duration: 30).documents())
        let api = XRayAPI(store: paged, counters: CounterBox(), sampling: SamplingRules(), log: .silent) { "" }
        var token: String?
        var seen: [String] = []
        var pages = 0
        repeat {
            var body: [String: Any] = ["StartTime": start - 1, "EndTime": start + 40]
            if let token { body["NextToken"] = token }
            let (_, page) = try await post(api, "/TraceSummaries", body)
            seen += (page["TraceSummaries"] as? [[String: Any]] ?? []).compactMap { $0["Id"] as? String }
            token = page["NextToken"] as? String
            pages += 1
        } while token != nil && pages < 100
        #expect(pages > 1)
        #expect(seen.count == Set(seen).count, "no trace twice")
        #expect(seen.count == (await paged.traceCount))
    }

    @Test func errorsCarryTheCodeBotocoreReads() async throws {
        await loadSample()
        let api = await api()
        let (missing, missingBody) = try await post(api, "/TraceSummaries", ["StartTime": start])
        #expect(missing.status == 400 && errorType(missing) == "InvalidRequestException")
        #expect((missingBody["Message"] as? String)?.contains("EndTime") == true)

        let (badFilter, badBody) = try await post(
            api, "/TraceSummaries", ["StartTime": start, "EndTime": start + 60, "FilterExpression": "http.status = "])
        #expect(badFilter.status == 400 && errorType(badFilter) == "InvalidRequestException")
        #expect((badBody["Message"] as? String)?.contains("FilterExpression") == true)

        let sixIDs = (0..<6).map { "1-5f000000-00000000000000000000000\($0)" }
        let (tooMany, tooManyBody) = try await post(api, "/Traces", ["TraceIds": sixIDs])
        #expect(tooMany.status == 400 && (tooManyBody["Message"] as? String)?.contains("at most 5") == true)

        let (wrongType, wrongBody) = try await post(api, "/TraceSummaries", ["StartTime": "yesterday", "EndTime": 1])
        #expect(wrongType.status == 400 && (wrongBody["Message"] as? String)?.contains("StartTime") == true)

        let (group, groupBody) = try await post(api, "/GetGroup", ["GroupName": "nope"])
        #expect(group.status == 404 && errorType(group) == "ResourceNotFoundException")
        #expect(groupBody["ResourceName"] as? String == "nope")

        let unknown = await api.handle(method: "POST", path: "/DeleteEverything", body: Data())
        #expect(unknown.status == 404 && errorType(unknown) == "UnknownOperationException")
    }

    @Test func groupsFilterTheServiceGraphAndAreListed() async throws {
        await loadSample()
        var faults = API.GroupSummary()
        faults.GroupName = "faults"
        faults.GroupARN = "arn:aws:xray:local:000000000000:group/faults"
        faults.FilterExpression = "fault"
        let api = await api(groups: [faults])
        let (_, listed) = try await post(api, "/Groups", [:])
        #expect((listed["Groups"] as? [[String: Any]])?.first?["GroupName"] as? String == "faults")
        let (_, one) = try await post(api, "/GetGroup", ["GroupARN": faults.GroupARN!])
        #expect((one["Group"] as? [String: Any])?["FilterExpression"] as? String == "fault")

        let window: [String: Any] = ["StartTime": start - 1, "EndTime": start + 200]
        let (_, all) = try await post(api, "/ServiceGraph", window)
        var grouped = window
        grouped["GroupName"] = "faults"
        let (_, onlyFaults) = try await post(api, "/ServiceGraph", grouped)
        func clientRequests(_ graph: [String: Any]) -> Int {
            let services = graph["Services"] as? [[String: Any]] ?? []
            let client = services.first { $0["Type"] as? String == "client" }
            let edge = (client?["Edges"] as? [[String: Any]])?.first
            return (edge?["SummaryStatistics"] as? [String: Any])?["TotalCount"] as? Int ?? 0
        }
        // Through the group filter, the client edge counts only the traces that faulted.
        let page = try await store.summaries(
            SummaryQuery(window: TimeWindow(start: start - 1, end: start + 200), filter: "fault"))
        #expect(clientRequests(onlyFaults) == page.summaries.count)
        #expect(clientRequests(onlyFaults) < clientRequests(all))
        #expect(clientRequests(onlyFaults) > 0)
    }

    @Test func samplingRulesAndTargetsShareTheReservoir() async throws {
        let api = await api()
        let (_, rules) = try await post(api, "/GetSamplingRules", [:])
        let record = try #require((rules["SamplingRuleRecords"] as? [[String: Any]])?.first)
        let rule = try #require(record["SamplingRule"] as? [String: Any])
        #expect(rule["RuleName"] as? String == "Default")
        #expect(rule["FixedRate"] as? Double == 0.05 && rule["ReservoirSize"] as? Int == 1)
        #expect(rule["Version"] as? Int == 1 && rule["ResourceARN"] as? String == "*")

        func report(_ client: String) async throws -> [String: Any] {
            let statistics: [String: Any] = [
                "RuleName": "Default", "ClientID": client, "Timestamp": Int(Date().timeIntervalSince1970),
                "RequestCount": 10, "SampledCount": 2, "BorrowCount": 0,
            ]
            let (response, body) = try await post(
                api, "/SamplingTargets", ["SamplingStatisticsDocuments": [statistics]])
            #expect(response.status == 200)
            return try #require((body["SamplingTargetDocuments"] as? [[String: Any]])?.first)
        }
        let first = try await report(String(repeating: "a", count: 24))
        #expect(first["ReservoirQuota"] as? Int == 1 && first["Interval"] as? Int == 10)
        // A second process of the same service: one request a second between them, not two.
        let second = try await report(String(repeating: "b", count: 24))
        let again = try await report(String(repeating: "a", count: 24))
        #expect((second["ReservoirQuota"] as? Int ?? 0) + (again["ReservoirQuota"] as? Int ?? 0) == 1)

        let (_, unknown) = try await post(
            api, "/SamplingTargets",
            [
                "SamplingStatisticsDocuments": [
                    ["RuleName": "nope", "ClientID": "c", "Timestamp": 0, "RequestCount": 0, "SampledCount": 0]
                ]
            ])
        #expect((unknown["UnprocessedStatistics"] as? [[String: Any]])?.first?["RuleName"] as? String == "nope")
    }

    @Test func samplingRulesFromEitherFileFormat() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let local = directory.appendingPathComponent("local.json")
        try Data(
            #"{"version":2,"rules":[{"description":"health","host":"*","http_method":"GET","url_path":"/healthz","fixed_target":0,"rate":0.0}],"default":{"fixed_target":2,"rate":0.1}}"#
                .utf8
        ).write(to: local)
        let rules = try SamplingRules.load(path: local.path).rules
        #expect(rules.map(\.RuleName) == ["health", "Default"])
        #expect(rules[0].URLPath == "/healthz" && rules[0].FixedRate == 0 && rules[1].ReservoirSize == 2)

        let broken = directory.appendingPathComponent("broken.json")
        try Data(#"{"rules":[{"description":"x"}]}"#.utf8).write(to: broken)
        #expect(throws: SamplingRules.FileProblem.self) { try SamplingRules.load(path: broken.path) }
        do {
            _ = try SamplingRules.load(path: broken.path)
        } catch {
            #expect("\(error)".contains(broken.path) && "\(error)".contains("fixed_target"))
        }
    }
}

/// A collector bound beyond loopback asks for its token on the query operations, and only there:
/// SDKs (sampling, PutTraceSegments) and probes send none.
@Suite struct APITokenTests {
    static let token = APIToken("s3cret-token")!

    func api() -> XRayAPI {
        var api = XRayAPI(store: TraceStore(), counters: CounterBox(), sampling: SamplingRules(), log: .silent) { "" }
        api.token = Self.token
        return api
    }

    @Test(arguments: [
        "/TraceSummaries", "/Traces", "/TraceGraph", "/ServiceGraph", "/TimeSeriesServiceStatistics", "/Groups",
        "/GetGroup",
    ])
    func queriesNeedTheToken(path: String) async throws {
        let body = Data(#"{"StartTime":0,"EndTime":1,"TraceIds":["1-5f2b3c4d-00112233445566778899aabb"]}"#.utf8)
        let missing = await api().handle(method: "POST", path: path, body: body)
        #expect(missing.status == 401)
        #expect(missing.headers.contains { $0 == ("WWW-Authenticate", "Bearer") })
        #expect(String(decoding: missing.body, as: UTF8.self).contains("needs the collector's API token"))
        let wrong = await api().handle(method: "POST", path: path, body: body, authorization: "Bearer s3cret-tokem")
        #expect(wrong.status == 401)
        let shorter = await api().handle(method: "POST", path: path, body: body, authorization: "Bearer s3cret")
        #expect(shorter.status == 401)
        let right = await api().handle(method: "POST", path: path, body: body, authorization: "Bearer s3cret-token")
        #expect(right.status != 401, "\(String(decoding: right.body, as: UTF8.self))")
    }

    @Test func whatSDKsAndProbesCallStaysOpen() async throws {
        let api = api()
        #expect(await api.handle(method: "GET", path: "/healthz", body: Data()).status == 200)
        #expect(await api.handle(method: "GET", path: "/metrics", body: Data()).status == 200)
        #expect(await api.handle(method: "POST", path: "/GetSamplingRules", body: Data("{}".utf8)).status == 200)
        let segments = #"{"TraceSegmentDocuments":[]}"#
        #expect(await api.handle(method: "POST", path: "/TraceSegments", body: Data(segments.utf8)).status == 200)
    }

    @Test(arguments: [
        ("127.0.0.1", true), ("127.0.0.2", true), ("::1", true), ("localhost", true), ("0.0.0.0", false),
        ("10.0.0.1", false), ("127.corp.example", false), ("::", false),
    ])
    func loopbackMeansAnAddressNotAPrefix(host: String, loopback: Bool) {
        #expect(HostAndPort(host: host, port: 2000).isLoopback == loopback)
    }

    @Test func theTokenNeverShowsInItsDescription() {
        #expect("\(Self.token)" == "<API token>")
        #expect(!String(reflecting: Self.token).contains("s3cret"))
        #expect(APIToken("   ") == nil)
        #expect(APIToken.generate().header.count == "Bearer ".count + 64)
    }
}
