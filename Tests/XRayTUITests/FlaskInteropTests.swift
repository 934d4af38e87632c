import Foundation
import InteropSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Two Flask apps instrumented with the AWS X-Ray SDK for Python (the Flask middleware and
/// patched `requests`), the front calling the back, send to `xray-tui collect` as they would to
/// the X-Ray daemon; the AWS CLI then reads the traces back through the collector's X-Ray API.
/// The collector serves sampling rules that sample every `/api/*` request and nothing else, and
/// the apps' local fallback samples nothing, so every trace stored is there because the SDK
/// fetched and applied the collector's rules.
@Suite("Flask apps with the X-Ray SDK, read back with the AWS CLI", .serialized, .timeLimit(.minutes(5)))
struct FlaskInteropTests {
    static let front = "x-ray-sample-front-k8s"
    static let back = "x-ray-sample-back-k8s"
    static let ruleName = "flask-interop-api"
    static let script = CLI.packageRoot.appendingPathComponent("Tests/XRayTUITests/Fixtures/flask_apps.py").path

    @Test func frontCallsBackAndTheCLIReadsTheTracesBack() async throws {
        try await requireTools()
        let lab = FlaskLab()
        do {
            try await run(lab)
        } catch {
            let printed = lab.diagnostics()
            let logs = await onDedicatedThread { lab.stopAll() }
            let logged = logs.map { "\($0.0) app logged:\n\($0.1.suffix(3000))" }.joined(separator: "\n")
            throw InteropError.failed("\(error)\n\(printed)\n\(logged)")
        }
        let logs = await onDedicatedThread { lab.stopAll() }
        for (name, log) in logs {
            #expect(!log.contains("Encountered an issue"), "\(name) logged a sampling error:\n\(log.suffix(3000))")
            #expect(!log.contains("Traceback") || name == "back", "\(name) raised:\n\(log.suffix(3000))")
        }
    }

    private func run(_ lab: FlaskLab) async throws {
        let startTime = Int(Date().timeIntervalSince1970) - 60
        try await offPool { try lab.start() }

        // Both SDKs fetched the collector's rules when their first request came in (the
        // readiness probes, which their local fallback did not sample). Once the rules are in
        // effect, probe again so each matches a centralized rule and has statistics to report
        // with GetSamplingTargets.
        for app in [lab.backApp, lab.frontApp] {
            let rules = try await app.event("sampling-rules", timeout: 30)
            let names = (rules["rules"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(names == [Self.ruleName, "Default"], "\(app.role) understood the rules as \(rules)")
            let probe = try await offPool { try lab.get(app.port, "/healthz") }
            #expect(probe.status == 200)
        }

        // The requests: some the back answers, some it fails with an exception.
        var expected: [String: Int] = [:]  // trace id -> the front's status
        let paths = ["message", "fail", "message", "message", "fail", "message", "message", "fail"]
        for path in paths {
            let response = try await offPool { try lab.get(lab.frontApp.port, "/api/\(path)") }
            #expect(response.status == (path == "fail" ? 500 : 200), "\(path): \(response.body)")
            let root = try #require(response.traceID, "the front's response has no X-Amzn-Trace-Id Root")
            expected[root] = response.status
        }
        // An unsampled request would carry the SDK's no-op trace id, the same for all of them.
        #expect(expected.count == paths.count, "the requests' trace ids: \(expected)")
        let failing = Set(expected.filter { $0.value == 500 }.keys)
        let succeeding = Set(expected.keys).subtracting(failing)
        let ids = Set(expected.keys)
        try await offPool { try lab.waitForTraces(ids) }

        let window = ["--start-time", "\(startTime)", "--end-time", "\(Int(Date().timeIntervalSince1970) + 60)"]

        // GetTraceSummaries: one trace per request, and no other (the probes were not sampled).
        let all = try await lab.aws(["get-trace-summaries"] + window)
        let summaries = all["TraceSummaries"] as? [[String: Any]] ?? []
        #expect(Set(summaries.compactMap { $0["Id"] as? String }) == Set(expected.keys))
        #expect(summaries.count == expected.count)
        for summary in summaries {
            let id = summary["Id"] as? String ?? "?"
            let http = summary["Http"] as? [String: Any] ?? [:]
            #expect(http["HttpStatus"] as? Int == expected[id], "\(id): \(http)")
            #expect(http["ClientIp"] as? String == "127.0.0.1", "\(id): \(http)")
            #expect(http["HttpMethod"] as? String == "GET", "\(id): \(http)")
            #expect((http["HttpURL"] as? String)?.hasPrefix("http://127.0.0.1:\(lab.frontApp.port)/api/") == true)
            #expect(summary["HasFault"] as? Bool == failing.contains(id), "\(id): \(summary)")
            let entry = summary["EntryPoint"] as? [String: Any]
            #expect(entry?["Name"] as? String == Self.front, "\(id): \(summary)")
            let services = Set((summary["ServiceIds"] as? [[String: Any]] ?? []).compactMap { $0["Name"] as? String })
            #expect(services.isSuperset(of: [Self.front, Self.back]), "\(id): \(services)")
        }

        // Filter expressions, evaluated by the collector.
        let filters: [(String, Set<String>)] = [
            ("http.status = 500", failing),
            ("http.status = 200", succeeding),
            ("fault", failing),
            ("service(\"\(Self.back)\")", Set(expected.keys)),
            ("service(\"\(Self.back)\") { fault }", failing),
            ("edge(\"\(Self.front)\", \"\(Self.back)\")", Set(expected.keys)),
            ("http.url CONTAINS \"/api/message\"", succeeding),
            ("service(\"no-such-service\")", []),
        ]
        for (filter, ids) in filters {
            let page = try await lab.aws(["get-trace-summaries"] + window + ["--filter-expression", filter])
            let found = Set((page["TraceSummaries"] as? [[String: Any]] ?? []).compactMap { $0["Id"] as? String })
            #expect(found == ids, "--filter-expression '\(filter)'")
        }

        // BatchGetTraces (up to 5 ids a call): the front's segment, its `requests` subsegment to
        // the back, and the back's segment under that subsegment.
        let sample = Array(failing.sorted().prefix(2) + succeeding.sorted().prefix(3))
        let batch = try await lab.aws(["batch-get-traces", "--trace-ids"] + sample)
        let traces = batch["Traces"] as? [[String: Any]] ?? []
        #expect(Set(traces.compactMap { $0["Id"] as? String }) == Set(sample))
        #expect((batch["UnprocessedTraceIds"] as? [String] ?? []).isEmpty)
        for trace in traces {
            try checkTrace(trace, failing: failing.contains(trace["Id"] as? String ?? ""), lab: lab)
        }

        // GetServiceGraph: client -> front -> back, and nothing else (the back's segment stands
        // for the front's remote subsegment rather than an inferred node beside it).
        let graph = try await lab.aws(["get-service-graph"] + window)
        let services = graph["Services"] as? [[String: Any]] ?? []
        // The client node bears the root service's name (reference/xray.md §5).
        let client = services.first { $0["Type"] as? String == "client" }
        let named = services.filter { $0["Type"] as? String != "client" }
        let byName = Dictionary(named.map { ($0["Name"] as? String ?? "?", $0) }) { first, _ in first }
        let frontNode = try #require(byName[Self.front], "no front in \(services)")
        let backNode = try #require(byName[Self.back], "no back in \(services)")
        #expect(services.count == 3, "\(services.map { $0["Name"] ?? $0["Type"] ?? "?" })")
        func targets(_ node: [String: Any]?) -> [Int] {
            (node?["Edges"] as? [[String: Any]] ?? []).compactMap { $0["ReferenceId"] as? Int }
        }
        #expect(targets(client) == [frontNode["ReferenceId"] as? Int].compactMap { $0 })
        #expect(targets(frontNode) == [backNode["ReferenceId"] as? Int].compactMap { $0 })
        #expect(targets(backNode).isEmpty)
        #expect(frontNode["Root"] as? Bool == true)
        for node in [frontNode, backNode] {
            let statistics = node["SummaryStatistics"] as? [String: Any] ?? [:]
            let faults = statistics["FaultStatistics"] as? [String: Any] ?? [:]
            #expect(statistics["TotalCount"] as? Int == expected.count, "\(node["Name"] ?? "?"): \(statistics)")
            #expect(faults["TotalCount"] as? Int == failing.count, "\(node["Name"] ?? "?"): \(statistics)")
            #expect(statistics["OkCount"] as? Int == succeeding.count, "\(node["Name"] ?? "?"): \(statistics)")
        }
        let frontEdge = (frontNode["Edges"] as? [[String: Any]])?.first?["SummaryStatistics"] as? [String: Any]
        #expect(frontEdge?["TotalCount"] as? Int == expected.count, "front -> back: \(frontEdge ?? [:])")

        // The SDKs also reported their rules' statistics (GetSamplingTargets, every ~10 s) and
        // understood the answer.
        // A report made before any request matched the rule does not name it (a busy machine
        // can start the app that late): the first report that does, within a minute.
        _ = try await lab.frontApp.event("sampling-targets", timeout: 60)
        var frontTargets: [String: Any] = [:]
        for _ in 0..<120 {
            let named = lab.frontApp.events("sampling-targets").first {
                ($0["reported"] as? [String])?.contains(Self.ruleName) == true
            }
            if let named {
                frontTargets = named
                break
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect((frontTargets["reported"] as? [String])?.contains(Self.ruleName) == true, "\(frontTargets)")
        let target = (frontTargets["targets"] as? [String: Any])?[Self.ruleName] as? [String: Any]
        #expect(target?["rate"] as? Double == 1.0, "\(frontTargets)")
        #expect(target?["interval"] as? Int == 10, "\(frontTargets)")
        let backTargets = try await lab.backApp.event("sampling-targets", timeout: 60)
        #expect((backTargets["reported"] as? [String])?.contains("Default") == true, "\(backTargets)")
        for app in [lab.frontApp, lab.backApp] {
            #expect(app.events("sampling-error").isEmpty, "\(app.role): \(app.events("sampling-error"))")
        }

        let metrics = try await offPool { try lab.metrics() }
        #expect(metrics["xray_tui_documents_accepted_total"] == 2 * expected.count, "\(metrics)")
        #expect(metrics.filter { $0.key.hasPrefix("xray_tui_documents_rejected_total") }.values.allSatisfy { $0 == 0 })
    }

    /// One trace from BatchGetTraces: its segments' documents, as the SDK wrote them.
    private func checkTrace(_ trace: [String: Any], failing: Bool, lab: FlaskLab) throws {
        let id = trace["Id"] as? String ?? "?"
        let documents = try (trace["Segments"] as? [[String: Any]] ?? []).map { segment in
            let text = try #require(segment["Document"] as? String)
            return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        }
        let front = try #require(documents.first { $0["name"] as? String == Self.front }, "\(id): \(documents)")
        let back = try #require(documents.first { $0["name"] as? String == Self.back }, "\(id): \(documents)")
        #expect(documents.count == 2, "\(id): \(documents.map { $0["name"] ?? "?" })")
        #expect(front["trace_id"] as? String == id && back["trace_id"] as? String == id)
        #expect(front["parent_id"] == nil, "\(id): the front is the trace's root")

        // Sampled by the collector's rule, not by the SDK's local fallback.
        let xray = (front["aws"] as? [String: Any])?["xray"] as? [String: Any]
        #expect(xray?["sampling_rule_name"] as? String == Self.ruleName, "\(id): \(front["aws"] ?? "no aws")")
        #expect(xray?["sdk"] as? String == "X-Ray for Python", "\(id): \(xray ?? [:])")

        let call = try #require(
            (front["subsegments"] as? [[String: Any]])?.first { $0["namespace"] as? String == "remote" },
            "\(id): the front has no remote subsegment")
        #expect(call["name"] as? String == "127.0.0.1")
        let callHTTP = call["http"] as? [String: Any]
        let url = (callHTTP?["request"] as? [String: Any])?["url"] as? String
        #expect(url?.hasPrefix("http://127.0.0.1:\(lab.backApp.port)/api/") == true, "\(id): \(call)")
        #expect(back["parent_id"] as? String == call["id"] as? String, "\(id): the back hangs off the call")

        let status = ((back["http"] as? [String: Any])?["response"] as? [String: Any])?["status"] as? Int
        #expect(status == (failing ? 500 : 200), "\(id): \(back["http"] ?? "no http")")
        #expect((back["fault"] as? Bool ?? false) == failing)
        #expect((call["fault"] as? Bool ?? false) == failing)
        if failing {
            let exceptions = (back["cause"] as? [String: Any])?["exceptions"] as? [[String: Any]] ?? []
            #expect(exceptions.first?["type"] as? String == "RuntimeError", "\(id): \(back["cause"] ?? "no cause")")
        }
    }

    private func requireTools(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        guard case .failure(let error) = await PythonTools.shared() else { return }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            throw InteropError.unavailable("\(error)\n(CI=true, so this fails instead of being skipped)")
        }
        print("SKIPPED: Flask interop, because \(error)")
        try Test.cancel("\(error)", sourceLocation: sourceLocation)
    }
}

/// The collector and the two apps, as child processes. Methods block; call them off the pool.
private final class FlaskLab: @unchecked Sendable {
    struct Response: Sendable {
        var status: Int
        var body: String
        var traceID: String?
    }

    private let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "xray-flask-\(UUID().uuidString)")
    private let lock = NSLock()
    private var collector: Command?
    private var apps: [FlaskApp] = []
    private(set) var port = 0

    var backApp: FlaskApp { lock.withLock { apps[0] } }
    var frontApp: FlaskApp { lock.withLock { apps[1] } }

    /// Every `/api/*` request sampled, everything else (the probes) not.
    static let samplingRules = """
        {"version": 2,
         "rules": [{"description": "\(FlaskInteropTests.ruleName)", "host": "*", "http_method": "*",
                    "url_path": "/api/*", "fixed_target": 0, "rate": 1.0}],
         "default": {"fixed_target": 0, "rate": 0.0}}
        """

    func start() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let rules = directory.appendingPathComponent("sampling-rules.json")
        try Data(Self.samplingRules.utf8).write(to: rules)
        try startCollector(rules: rules.path)
        let environment = ["AWS_XRAY_DAEMON_ADDRESS": "127.0.0.1:\(port)"]
        let back = try FlaskApp(role: "back", arguments: [], environment: environment)
        lock.withLock { apps.append(back) }
        let backPort = try back.waitForPort()
        let front = try FlaskApp(
            role: "front", arguments: ["http://127.0.0.1:\(backPort)"], environment: environment)
        lock.withLock { apps.append(front) }
        _ = try front.waitForPort()
        for app in [back, front] { try waitUntilHealthy(app) }
    }

    /// `collect` on a port free for both UDP and TCP (the daemon's single address); another
    /// port if someone took it in between.
    private func startCollector(rules: String) throws {
        var failures: [String] = []
        for _ in 0..<3 {
            let candidate = try freePort()
            let command = try Command(
                try CLI.binary.path,
                [
                    "collect", "--udp", "127.0.0.1:\(candidate)", "--db", ":memory:", "--sampling-rules", rules,
                    "--otlp", "off", "--otlp-grpc", "off",
                ])
            let deadline = Date().addingTimeInterval(60)
            while command.isRunning, Date() < deadline {
                if (try? request(candidate, "GET", "/healthz"))?.body == "ok\n" {
                    lock.withLock {
                        collector = command
                        port = candidate
                    }
                    return
                }
                usleep(100_000)
            }
            command.stop()
            failures.append("port \(candidate): \(command.finish().outputTail)")
        }
        throw InteropError.failed("the collector did not start:\n" + failures.joined(separator: "\n"))
    }

    private func waitUntilHealthy(_ app: FlaskApp) throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, app.command.isRunning {
            if (try? get(app.port, "/healthz"))?.status == 200 { return }
            usleep(100_000)
        }
        throw InteropError.failed("the \(app.role) app did not answer /healthz")
    }

    func get(_ port: Int, _ path: String) throws -> Response {
        try request(port, "GET", path)
    }

    /// A blocking HTTP request to 127.0.0.1.
    func request(_ port: Int, _ method: String, _ path: String, body: Data? = nil) throws -> Response {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!, timeoutInterval: 15)
        request.httpMethod = method
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let done = DispatchSemaphore(value: 0)
        let box = ResponseBox()
        URLSession.shared.dataTask(with: request) { data, response, error in
            box.set(data: data, response: response as? HTTPURLResponse, error: error)
            done.signal()
        }.resume()
        done.wait()
        return try box.result()
    }

    /// Waits until the collector holds every one of `ids` with both services' segments.
    func waitForTraces(_ ids: Set<String>) throws {
        let deadline = Date().addingTimeInterval(60)
        var held: Set<String> = []
        var accepted = 0
        while Date() < deadline {
            accepted = (try? metrics())?["xray_tui_documents_accepted_total"] ?? 0
            if accepted >= 2 * ids.count {
                let body = try JSONSerialization.data(withJSONObject: ["StartTime": 0, "EndTime": 4_000_000_000])
                let page = try request(port, "POST", "/TraceSummaries", body: body)
                let object = try JSONSerialization.jsonObject(with: Data(page.body.utf8)) as? [String: Any]
                held = Set((object?["TraceSummaries"] as? [[String: Any]] ?? []).compactMap { $0["Id"] as? String })
                if held.isSuperset(of: ids) { return }
            }
            usleep(100_000)
        }
        throw InteropError.failed(
            "the collector accepted \(accepted) documents (2 a trace) and holds \(held.count) of the \(ids.count) traces"
        )
    }

    func metrics() throws -> [String: Int] {
        var values: [String: Int] = [:]
        for line in try get(port, "/metrics").body.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let value = Int(parts[1]) { values[String(parts[0])] = value }
        }
        return values
    }

    /// `aws xray ARGS` against the collector, parsed.
    func aws(_ arguments: [String]) async throws -> [String: Any] {
        try await awsXRay(port: port, arguments)
    }

    /// Stops every child; returns the apps' stderr (their loggers' output).
    @discardableResult
    func stopAll() -> [(String, String)] {
        let (apps, collector) = lock.withLock {
            let taken = (self.apps, self.collector)
            self.apps = []
            self.collector = nil
            return taken
        }
        var logs: [(String, String)] = []
        for app in apps {
            app.command.stop()
            logs.append((app.role, app.command.finish().stderr))
        }
        collector?.stop()
        _ = collector?.finish()
        try? FileManager.default.removeItem(at: directory)
        return logs
    }

    /// What the apps printed so far, for a failure message.
    func diagnostics() -> String {
        lock.withLock { apps }.map { "\($0.role) app printed:\n\($0.command.currentOutput ?? "")" }
            .joined(separator: "\n")
    }

    private func freePort() throws -> Int {
        #if canImport(Glibc)
            let (stream, datagram) = (Int32(SOCK_STREAM.rawValue), Int32(SOCK_DGRAM.rawValue))
        #else
            let (stream, datagram) = (SOCK_STREAM, SOCK_DGRAM)
        #endif
        for _ in 0..<20 {
            let tcp = socket(AF_INET, stream, 0)
            let udp = socket(AF_INET, datagram, 0)
            defer {
                close(tcp)
                close(udp)
            }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(tcp, $0, length) == 0 && getsockname(tcp, $0, &length) == 0 && bind(udp, $0, length) == 0
                }
            }
            if bound { return Int(UInt16(bigEndian: address.sin_port)) }
        }
        throw InteropError.failed("no port free for both UDP and TCP")
    }
}

/// One of the two Flask apps (Fixtures/flask_apps.py), which prints JSON events on stdout.
private final class FlaskApp: @unchecked Sendable {
    let role: String
    let command: Command
    private(set) var port = 0

    init(role: String, arguments: [String], environment: [String: String]) throws {
        self.role = role
        command = try Command(
            PythonTools.python, [FlaskInteropTests.script, role] + arguments,
            extraEnvironment: environment.merging(["NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"]) { $1 })
    }

    /// The events called `name` printed so far.
    func events(_ name: String) -> [[String: Any]] {
        (command.currentOutput ?? "").split(separator: "\n").compactMap(Self.parse)
            .filter { $0["event"] as? String == name }
    }

    private static func parse(_ line: Substring) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }

    /// The first event called `name`, waited for.
    func event(_ name: String, timeout: TimeInterval) async throws -> [String: Any] {
        let line = try await offPool { try self.waitForEvent(name, timeout: timeout) }
        return Self.parse(line[...]) ?? [:]
    }

    /// Blocks until the app prints an event called `name`; returns its line.
    private func waitForEvent(_ name: String, timeout: TimeInterval) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            for line in (command.currentOutput ?? "").split(separator: "\n") {
                if Self.parse(line)?["event"] as? String == name { return String(line) }
            }
            if let error = events("sampling-error").first {
                throw InteropError.failed("the \(role) app's sampling call failed: \(error)")
            }
            guard command.isRunning else { break }
            usleep(100_000)
        }
        throw InteropError.failed("the \(role) app printed no \(name) within \(Int(timeout)) s")
    }

    func waitForPort() throws -> Int {
        let line = try waitForEvent("listening", timeout: 60)
        guard let port = Self.parse(line[...])?["port"] as? Int else {
            throw InteropError.failed("the \(role) app printed \(line)")
        }
        self.port = port
        return port
    }
}

private final class ResponseBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    private var response: HTTPURLResponse?
    private var error: Error?

    func set(data: Data?, response: HTTPURLResponse?, error: Error?) {
        lock.withLock {
            self.data = data
            self.response = response
            self.error = error
        }
    }

    func result() throws -> FlaskLab.Response {
        try lock.withLock {
            if let error { throw error }
            guard let response else { throw InteropError.failed("no HTTP response") }
            let header =
                response.allHeaderFields.first {
                    ($0.key as? String)?.lowercased() == "x-amzn-trace-id"
                }?.value as? String
            let root = header?.split(separator: ";").first { $0.hasPrefix("Root=") }?.dropFirst(5)
            return FlaskLab.Response(
                status: response.statusCode, body: String(decoding: data ?? Data(), as: UTF8.self),
                traceID: root.map(String.init))
        }
    }
}
