import Collector
import Foundation
import InteropSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `xray-tui collect` as a child process, on a port free for both UDP and TCP, talked to as
/// an SDK (UDP) and the AWS CLI (HTTP) would.
/// Used from one thread at a time (a test's own thread).
final class CollectorProcess: @unchecked Sendable {
    let port: Int
    let command: Command
    var address: HostAndPort { HostAndPort(host: "127.0.0.1", port: port) }

    /// The tests feed it recordings (`sample-data/` starts on 2026-11-26), which the default
    /// retention of 30 days would prune one day: it keeps everything unless `extra` says.
    init(database: String, port: Int? = nil, extra: [String] = [], environment: [String: String] = [:]) throws {
        self.port = try port ?? Self.freePort()
        let retention = extra.contains("--retention") ? [] : ["--retention", "off"]
        // OTLP only where a test asks for it: its default ports would be shared by every test.
        let otlp = extra.contains("--otlp") ? [] : ["--otlp", "off", "--otlp-grpc", "off"]
        command = try Command(
            try CLI.binary.path,
            ["collect", "--udp", "127.0.0.1:\(self.port)", "--db", database] + retention + otlp + extra,
            extraEnvironment: environment)
    }

    /// A port nobody holds for UDP or TCP right now.
    static func freePort() throws -> Int {
        for _ in 0..<50 {
            // Below Linux's ephemeral range (32768 and up), which the clients of tests running
            // meanwhile (a thousand at once in HTTPLimitsTests) take ports from.
            let port = Int.random(in: 20_000..<32_768)
            if isFree(port, type: Int32(SOCK_DGRAM.rawValue)) && isFree(port, type: Int32(SOCK_STREAM.rawValue)) {
                return port
            }
        }
        throw InteropError.failed("no free port found")
    }

    private static func isFree(_ port: Int, type: Int32) -> Bool {
        let descriptor = socket(AF_INET, type, 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Waits until `/healthz` answers; fails if the process exits first.
    func waitUntilReady(timeout: Double = 60) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard command.isRunning else {
                let result = command.finish()
                throw InteropError.failed("the collector exited with \(result.status): \(result.outputTail)")
            }
            if (try? request("GET", "/healthz")) == "ok\n" { return }
            usleep(100_000)
        }
        throw InteropError.failed("the collector did not answer /healthz within \(Int(timeout)) s")
    }

    /// A blocking HTTP request (the tests run these on their own threads).
    func request(_ method: String, _ path: String, body: [String: Any]? = nil) throws -> String {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!, timeoutInterval: 10)
        request.httpMethod = method
        if let body { request.httpBody = try JSONSerialization.data(withJSONObject: body) }
        let done = DispatchSemaphore(value: 0)
        let result = LockedData()
        let failed = LockedData()
        URLSession.shared.dataTask(with: request) { data, _, error in
            if let error { failed.set(Data("\(error)".utf8)) }
            result.set(data ?? Data())
            done.signal()
        }.resume()
        done.wait()
        if failed.isSet { throw InteropError.failed(String(decoding: failed.value, as: UTF8.self)) }
        return String(decoding: result.value, as: UTF8.self)
    }

    /// A number from `/metrics`, such as `xray_tui_documents_accepted_total`.
    func metric(_ name: String) throws -> Int {
        let text = try request("GET", "/metrics")
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Int(line.split(separator: " ").last!) ?? -1
        }
        return -1
    }

    /// Every trace id the collector holds (in a window of trace starts), through
    /// GetTraceSummaries paged with NextToken.
    func traceIDs(from start: Double = 0, to end: Double = 4_000_000_000) throws -> Set<String> {
        var ids: Set<String> = []
        var token: String?
        repeat {
            var body: [String: Any] = ["StartTime": start, "EndTime": end]
            if let token { body["NextToken"] = token }
            let text = try request("POST", "/TraceSummaries", body: body)
            let page = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
            for summary in page["TraceSummaries"] as? [[String: Any]] ?? [] {
                if let id = summary["Id"] as? String { ids.insert(id) }
            }
            token = page["NextToken"] as? String
        } while token != nil
        return ids
    }

    func kill9() {
        kill(command.processID, SIGKILL)
        _ = command.finish()
    }
}
