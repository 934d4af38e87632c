import Foundation
import InteropSupport
import Testing

/// Two Flask apps instrumented with the OpenTelemetry Python SDK (the Flask, requests and
/// sqlite3 instrumentations) export OTLP to `xray-tui collect`, once over HTTP/protobuf and once
/// over gRPC, with the SDK's own exporters; the AWS CLI then reads the traces back through the
/// collector's X-Ray API. The Python SDK has no OTLP/JSON exporter; JSON is tested with bodies
/// written here (CollectorTests) and with files.
@Suite("OpenTelemetry SDK apps, read back with the AWS CLI", .serialized, .timeLimit(.minutes(5)))
struct OTelInteropTests {
    static let script = CLI.packageRoot.appendingPathComponent("Tests/XRayTUITests/Fixtures/otel_apps.py").path

    /// Each protocol plain and gzip-compressed (the exporters' `OTEL_EXPORTER_OTLP_COMPRESSION`).
    @Test(arguments: [("http/protobuf", false), ("grpc", false), ("http/protobuf", true), ("grpc", true)])
    func frontCallsBackAndTheCLIReadsTheTracesBack(protocolName: String, gzip: Bool) async throws {
        try await requireTools()
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("otel-\(UUID()).db").path
        defer {
            for suffix in ["", "-wal", "-shm", ".lock"] {
                try? FileManager.default.removeItem(atPath: database + suffix)
            }
        }
        let (httpPort, grpcPort) = (try CollectorProcess.freePort(), try CollectorProcess.freePort())
        let collector = try CollectorProcess(
            database: database,
            extra: ["--otlp", "127.0.0.1:\(httpPort)", "--otlp-grpc", "127.0.0.1:\(grpcPort)"])
        defer { collector.command.stop() }
        try await offPool { try collector.waitUntilReady() }
        let startTime = Int(Date().timeIntervalSince1970) - 60

        let endpoint = "http://127.0.0.1:\(protocolName == "grpc" ? grpcPort : httpPort)"
        let apps = try await offPool {
            try Command.run(
                PythonTools.python, [Self.script, protocolName, endpoint], timeout: 120,
                extraEnvironment: gzip ? ["OTEL_EXPORTER_OTLP_COMPRESSION": "gzip"] : [:])
        }
        #expect(apps.status == 0, "the apps failed: \(apps.outputTail)")
        let report = try JSONSerialization.jsonObject(with: Data(apps.stdout.utf8)) as? [String: Any]
        #expect(report?["statuses"] as? [Int] == [200, 200, 502])
        // 3 front server spans, 3 calls to the back, 3 back server spans, 4 SQL statements.
        #expect(try collector.metric("xray_tui_otlp_spans_received_total") == 13)
        #expect(try collector.metric("xray_tui_otlp_spans_accepted_total") == 13)

        let window = ["--start-time", "\(startTime)", "--end-time", "\(startTime + 600)"]
        let all = try await aws(collector.port, ["get-trace-summaries"] + window)
        let summaries = all["TraceSummaries"] as? [[String: Any]] ?? []
        let http = summaries.map { $0["Http"] as? [String: Any] ?? [:] }
        #expect(http.compactMap { $0["HttpStatus"] as? Int }.sorted() == [200, 200, 502])
        #expect(Set(http.compactMap { $0["ClientIp"] as? String }) == ["127.0.0.1"])
        #expect(
            Set(summaries.compactMap { ($0["EntryPoint"] as? [String: Any])?["Name"] as? String }) == ["otel-front"])

        let failed = try await aws(
            collector.port, ["get-trace-summaries"] + window + ["--filter-expression", "http.status = 502"])
        let failedIDs = (failed["TraceSummaries"] as? [[String: Any]] ?? []).compactMap { $0["Id"] as? String }
        #expect(failedIDs.count == 1)

        let graph = try await aws(collector.port, ["get-service-graph"] + window)
        let services = graph["Services"] as? [[String: Any]] ?? []
        func node(_ name: String, type: String? = nil) -> [String: Any]? {
            services.first { $0["Name"] as? String == name && $0["Type"] as? String == type }
        }
        func calls(_ from: [String: Any]?, _ to: [String: Any]?) -> Bool {
            guard let from, let id = to?["ReferenceId"] as? Int else { return false }
            return (from["Edges"] as? [[String: Any]] ?? []).contains { $0["ReferenceId"] as? Int == id }
        }
        let client = node("otel-front", type: "client")
        let front = node("otel-front")
        let back = node("otel-back")
        let sqlite = node("sqlite", type: "Database::SQL")
        #expect(calls(client, front), "client -> front missing: \(services)")
        #expect(calls(front, back), "front -> back missing: \(services)")
        #expect(calls(back, sqlite), "back -> sqlite missing: \(services)")

        let traces = try await aws(collector.port, ["batch-get-traces", "--trace-ids"] + failedIDs)
        let documents = ((traces["Traces"] as? [[String: Any]])?.first?["Segments"] as? [[String: Any]] ?? [])
            .compactMap {
                ($0["Document"] as? String).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) }
                    as? [String: Any]
            }
        let backDocument = documents.first { $0["name"] as? String == "otel-back" }
        let exceptions = ((backDocument?["cause"] as? [String: Any])?["exceptions"] as? [[String: Any]]) ?? []
        #expect(exceptions.first?["type"] as? String == "ValueError", "back: \(backDocument ?? [:])")
        #expect(exceptions.first?["message"] as? String == "the order book is closed")
        let frames = exceptions.first?["stack"] as? [[String: Any]] ?? []
        #expect(frames.first?["label"] as? String == "fail", "innermost frame first: \(frames.prefix(2))")
    }

    /// grpcio's own client sends calls that cannot be exports: each gets a gRPC status that
    /// says why, and the collector keeps serving.
    @Test func badGRPCCallsGetAStatusThatSaysWhy() async throws {
        try await requireTools()
        let grpcPort = try CollectorProcess.freePort()
        let collector = try CollectorProcess(
            database: ":memory:", extra: ["--otlp", "off", "--otlp-grpc", "127.0.0.1:\(grpcPort)"])
        defer { collector.command.stop() }
        try await offPool { try collector.waitUntilReady() }
        let script = CLI.packageRoot.appendingPathComponent("Tests/XRayTUITests/Fixtures/grpc_bad_input.py").path
        let run = try await offPool {
            try Command.run(PythonTools.python, [script, "127.0.0.1:\(grpcPort)"], timeout: 60)
        }
        #expect(run.status == 0, "\(run.outputTail)")
        let parsed = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: [String: Any]]
        let results = try #require(parsed, "\(run.outputTail)")
        func code(_ call: String) -> String? { results[call]?["code"] as? String }
        let truncated = results["truncated"]?["details"] as? String ?? ""
        #expect(code("truncated") == "INVALID_ARGUMENT")
        #expect(truncated.contains("runs past the end"), "\(truncated)")
        #expect(code("bad_wire_type") == "INVALID_ARGUMENT")
        #expect(code("unknown_method") == "UNIMPLEMENTED")
        // An empty request is a success with nothing in it, as the specification says.
        #expect(code("empty") == "OK")
        #expect(try collector.metric("xray_tui_otlp_spans_received_total") == 0)
        #expect(try collector.request("GET", "/healthz") == "ok\n")
    }

    private func aws(_ port: Int, _ arguments: [String]) async throws -> [String: Any] {
        try await awsXRay(port: port, arguments)
    }

    private func requireTools(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        guard case .failure(let error) = await PythonTools.shared() else { return }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            throw InteropError.unavailable("\(error)\n(CI=true, so this fails instead of being skipped)")
        }
        print("SKIPPED: OpenTelemetry interop, because \(error)")
        try Test.cancel("\(error)", sourceLocation: sourceLocation)
    }
}
