import Collector
import Foundation
import InteropSupport
import Testing

/// `xray-tui collect --forward aws`: what SDKs send over UDP is stored and relayed, signed, to
/// an X-Ray endpoint (here moto's mock on loopback, chosen with `--endpoint-url`), and the AWS
/// CLI then finds it there.
@Suite struct ForwardToAWSTests {
    @Test(.timeLimit(.minutes(4)))
    func documentsReachXRayThroughTheForwarder() async throws {
        if case .failure(let error) = await PythonTools.shared() {
            if ProcessInfo.processInfo.environment["CI"] == "true" { throw error }
            print("SKIPPED: forwarding to moto, because \(error)")
            try Test.cancel("\(error)")
        }
        let result = try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<(Command.Result, Set<String>, Set<String>), Error>) in
            Thread { continuation.resume(with: Result { try Self.drive() }) }.start()
        }
        let (collector, sent, found) = result
        #expect(collector.status == 0, "\(collector.outputTail)")
        #expect(collector.stderr.contains("forwarding to http://127.0.0.1:"), "\(collector.stderr)")
        #expect(collector.stderr.contains("forwarded 120"), "\(collector.stderr)")
        #expect(found == sent, "the AWS CLI finds every forwarded trace in the mock")
    }

    /// Until a TCP connection to the server's port is accepted on loopback.
    static func waitUntilListening(_ server: Command, port: Int, timeout: Double) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, server.isRunning {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            close(descriptor)
            if connected == 0 { return }
            usleep(100_000)
        }
        throw InteropError.failed("moto_server did not listen on port \(port)")
    }

    static func drive() throws -> (Command.Result, Set<String>, Set<String>) {
        let motoPort = try CollectorProcess.freePort()
        let moto = try Command(
            PythonTools.venv.appendingPathComponent("bin/moto_server").path, ["-p", "\(motoPort)", "-H", "127.0.0.1"])
        defer {
            moto.stop()
            _ = moto.finish()
        }
        // moto takes seconds to start on a busy machine; the forwarder's retries give up sooner.
        try waitUntilListening(moto, port: motoPort, timeout: 60)
        let credentials = [
            "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "not-a-secret", "AWS_REGION": "us-east-1",
            "AWS_EC2_METADATA_DISABLED": "true",
        ]
        let collector = try CollectorProcess(
            database: ":memory:", extra: ["--forward", "aws", "--endpoint-url", "http://127.0.0.1:\(motoPort)"],
            environment: credentials)
        try collector.waitUntilReady()
        let text = try String(contentsOfFile: CLI.sample("eks-workshop.ndjson"), encoding: .utf8)
        let documents = text.split(separator: "\n").prefix(120).map { Data($0.utf8) }
        let sender = try UDPSender(to: collector.address)
        for document in documents { sender.send(document: document) }
        let deadline = Date().addingTimeInterval(60)
        while try collector.metric("xray_tui_documents_accepted_total") < documents.count, Date() < deadline {
            usleep(50_000)
        }
        // Give the forwarder its idle second, then stop: SIGTERM sends what is left.
        sleep(2)
        collector.command.signal(SIGTERM)
        let result = collector.command.finish()

        let sent = Set(
            documents.compactMap {
                (try? JSONSerialization.jsonObject(with: $0) as? [String: Any])?["trace_id"] as? String
            })
        var found: Set<String> = []
        let ids = Array(sent)
        for start in stride(from: 0, to: ids.count, by: 5) {
            let chunk = Array(ids[start..<min(ids.count, start + 5)])
            let cli = try Command.run(
                PythonTools.aws,
                [
                    "xray", "batch-get-traces", "--trace-ids",
                ] + chunk + [
                    "--endpoint-url", "http://127.0.0.1:\(motoPort)", "--region", "us-east-1", "--output", "json",
                ], timeout: 60, extraEnvironment: credentials)
            guard cli.status == 0 else { throw InteropError.failed("aws xray batch-get-traces: \(cli.outputTail)") }
            let answer = try JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? [String: Any] ?? [:]
            for trace in answer["Traces"] as? [[String: Any]] ?? [] {
                if let id = trace["Id"] as? String { found.insert(id) }
            }
        }
        return (result, sent, found)
    }
}
