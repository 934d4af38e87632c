import Foundation
import InteropSupport
import Testing
import TraceStore
import XRayModel

@testable import Collector

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// OTLP/HTTP on a real socket: what the specification says a receiver answers to good and bad
/// requests, counted by reason, and nothing accepted before a bad request is lost.
@Suite struct OTLPHTTPTests {
    static let traceID = "5b8efff798038103d269b633813fc60c"

    func startCollector(store: TraceStore) async throws -> Collector {
        try await Collector.start(
            store: store,
            configuration: Collector.Configuration(
                udp: HostAndPort(host: "127.0.0.1", port: 0), otlpHTTP: HostAndPort(host: "127.0.0.1", port: 0)))
    }

    /// An OTLP/JSON request with `count` server spans of one service, ids and times as the
    /// specification writes them (hex ids, nanoseconds as strings). Without a status the spans
    /// have no attributes, so 20,000 of them fit under the size limit.
    static func jsonRequest(spans count: Int, status: Int? = 200, traceID: String = traceID) -> Data {
        let now = UInt64(Date().timeIntervalSince1970) * 1_000_000_000
        let attributes = status.map { status in
            #","attributes":[{"key":"http.request.method","value":{"stringValue":"GET"}},"#
                + #"{"key":"http.response.status_code","value":{"intValue":"\#(status)"}}]"#
        }
        let spans = (0..<count).map { index in
            #"{"traceId":"\#(traceID)","spanId":"\#(String(format: "%016x", index + 1))","name":"GET /api","#
                + #""kind":2,"startTimeUnixNano":"\#(now)","endTimeUnixNano":"\#(now + 25_000_000)""#
                + (attributes ?? "") + "}"
        }
        let resource = #"{"attributes":[{"key":"service.name","value":{"stringValue":"json-front"}}]}"#
        return Data(
            (#"{"resourceSpans":[{"resource":\#(resource),"scopeSpans":[{"scope":{"name":"test"},"spans":["#
                + spans.joined(separator: ",") + "]}]}]}").utf8)
    }

    func post(
        _ collector: Collector, _ body: Data, type: String = "application/json", encoding: String? = nil,
        method: String = "POST", path: String = "/v1/traces"
    ) async throws -> (status: Int, body: String) {
        let address = try #require(collector.otlpHTTPAddress)
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(address.port)\(path)")!, timeoutInterval: 30)
        request.httpMethod = method
        request.setValue(type, forHTTPHeaderField: "Content-Type")
        if let encoding { request.setValue(encoding, forHTTPHeaderField: "Content-Encoding") }
        if method != "GET" { request.httpBody = body }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// `gzip -c` of `data`: the request bodies an exporter compresses.
    static func gzip(_ data: Data) throws -> Data {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("otlp-\(UUID()).bin")
        try data.write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-c", input.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let compressed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return compressed
    }

    @Test func goodRequestsAreStoredAndBadOnesGetTheirStatusAndReason() async throws {
        let store = TraceStore()
        let collector = try await startCollector(store: store)
        defer { Task { await collector.stop() } }

        let first = try await post(collector, Self.jsonRequest(spans: 2))
        #expect(first.status == 200)
        #expect(first.body == "{}")

        // A protobuf body whose first field claims 10 bytes and has 3.
        let truncated = try await post(collector, Data([0x0A, 0x0A, 0x12, 0x01, 0x00]), type: "application/x-protobuf")
        #expect(truncated.status == 400)
        #expect(truncated.body.contains("a field of 10 bytes runs past the end"), "\(truncated.body)")

        let notJSON = try await post(collector, Data("{\"resourceSpans\": [".utf8))
        #expect(notJSON.status == 400)
        #expect(notJSON.body.contains("not JSON"), "\(notJSON.body)")

        let badID = try await post(collector, Self.jsonRequest(spans: 1, traceID: "xyz"))
        #expect(badID.status == 400)
        #expect(badID.body.contains("resourceSpans[0].scopeSpans[0].spans[0]"), "\(badID.body)")

        let wrongType = try await post(collector, Self.jsonRequest(spans: 1), type: "text/plain")
        #expect(wrongType.status == 415)
        let wrongMethod = try await post(collector, Data(), method: "GET")
        #expect(wrongMethod.status == 405)
        let wrongPath = try await post(collector, Self.jsonRequest(spans: 1), path: "/v1/metrics")
        #expect(wrongPath.status == 404)

        let huge = try await post(collector, Data(count: 6_000_000), type: "application/x-protobuf")
        #expect(huge.status == 413)
        let bomb = try Self.gzip(Data(count: 50_000_000))
        #expect(bomb.count < 100_000)
        let bombed = try await post(collector, bomb, type: "application/x-protobuf", encoding: "gzip")
        #expect(bombed.status == 413)
        #expect(bombed.body.contains("inflates to more than"), "\(bombed.body)")
        let tooMany = try await post(collector, Self.jsonRequest(spans: 20_000, status: nil))
        #expect(tooMany.status == 413)
        #expect(tooMany.body.contains("more than 10000 spans"), "\(tooMany.body)")

        // Still serving: a gzip-compressed request with a fault, and the first two spans kept.
        let compressed = try await post(
            collector,
            try Self.gzip(Self.jsonRequest(spans: 1, status: 503, traceID: "6b8efff798038103d269b633813fc60c")),
            encoding: "gzip")
        #expect(compressed.status == 200)
        let counters = collector.counters.value
        #expect(counters.otlpSpansReceived == 3)
        #expect(counters.otlpSpansAccepted == 3)
        #expect(
            counters.otlpRequestsRefused == [
                "bad_protobuf": 1, "bad_json": 2, "wrong_content_type": 1, "wrong_method": 1, "not_found": 1,
                "too_large": 2, "too_many_spans": 1,
            ])
        #expect(await store.traceCount == 2)
        let trace = try #require(await store.traces(ids: ["1-6b8efff7-98038103d269b633813fc60c"]).first)
        #expect(trace.documents.first?.document.fault == true)
    }

    @Test func spansThatCannotBeDocumentsAreAPartialSuccess() async throws {
        let store = TraceStore()
        let collector = try await startCollector(store: store)
        defer { Task { await collector.stop() } }
        var body = String(decoding: Self.jsonRequest(spans: 3), as: UTF8.self)
        // The second span's id is all zeros, which no document may have.
        body = body.replacingOccurrences(of: "\"spanId\":\"0000000000000002\"", with: "\"spanId\":\"0000000000000000\"")
        let answer = try await post(collector, Data(body.utf8))
        #expect(answer.status == 200)
        let response = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
        let partial = response?["partialSuccess"] as? [String: Any]
        #expect(partial?["rejectedSpans"] as? String == "1")
        #expect((partial?["errorMessage"] as? String)?.contains("span id") == true, "\(answer.body)")
        #expect(collector.counters.value.otlpSpansRejected == ["bad_span": 1])
        #expect(collector.counters.value.otlpSpansAccepted == 2)
    }
}

/// Hostile text in OTLP spans (`HostileCorpus.nasty`) in the span name, the service name and
/// HTTP and exception attributes: stored, and cleaned wherever it is read.
@Suite struct OTLPHostileTextTests {
    @Test func hostileTextInSpansIsStoredAndReadClean() async throws {
        let store = TraceStore()
        let collector = try await Collector.start(
            store: store,
            configuration: Collector.Configuration(
                udp: HostAndPort(host: "127.0.0.1", port: 0), otlpHTTP: HostAndPort(host: "127.0.0.1", port: 0)))
        defer { Task { await collector.stop() } }
        let nasty = HostileCorpus.nasty
        func attribute(_ key: String, _ value: String) -> String {
            #"{"key":"\#(key)\#(nasty)","value":{"stringValue":"\#(value)\#(nasty)"}}"#
        }
        let now = UInt64(Date().timeIntervalSince1970) * 1_000_000_000
        let attributes = [
            #"{"key":"http.request.method","value":{"stringValue":"GET\#(nasty)"}}"#,
            #"{"key":"url.full","value":{"stringValue":"http://h/\#(nasty)"}}"#,
            #"{"key":"client.address","value":{"stringValue":"10.0.0.1\#(nasty)"}}"#,
            #"{"key":"http.response.status_code","value":{"intValue":"500"}}"#,
            #"{"key":"enduser.id","value":{"stringValue":"\#(nasty)"}}"#, attribute("note", "x"),
        ].joined(separator: ",")
        let event =
            #"{"name":"exception","timeUnixNano":"\#(now)","attributes":[\#(attribute("exception.message", "m")),\#(attribute("exception.type", "T"))]}"#
        let body = #"""
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc\#(nasty)"}}]},
            "scopeSpans":[{"spans":[{"traceId":"7b8efff798038103d269b633813fc60c","spanId":"00000000000000a1","name":"GET\#(nasty)",
            "kind":2,"startTimeUnixNano":"\#(now)","endTimeUnixNano":"\#(now + 1_000_000)","attributes":[\#(attributes)],
            "events":[\#(event)],"status":{"code":2,"message":"\#(nasty)"}}]}]}]}
            """#
        let address = try #require(collector.otlpHTTPAddress)
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(address.port)/v1/traces")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        let (answer, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200, "\(String(decoding: answer, as: UTF8.self))")
        #expect(collector.counters.value.otlpSpansAccepted == 1)

        let page = try await store.summaries(
            SummaryQuery(window: TimeWindow(start: 0, end: 10_000_000_000), filter: nil))
        let summary = try #require(page.summaries.first)
        let shown =
            [summary.EntryPoint?.Name, summary.Http?.HttpURL, summary.Http?.ClientIp, summary.Http?.HttpMethod]
            + (summary.Users ?? []).map(\.UserName)
        #expect(shown.compactMap { $0 }.count >= 4, "\(shown)")
        for text in shown.compactMap({ $0 }) {
            #expect(HostileCorpus.firstUnsafe(in: Data(text.utf8)) == nil, "\(text.debugDescription)")
        }
    }
}
