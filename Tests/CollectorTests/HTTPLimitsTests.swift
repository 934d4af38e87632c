import Foundation
import Testing
import TraceStore

@testable import Collector

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The HTTP side under abuse: a thousand idle connections and a client sending a byte at a
/// time do not stop the SDKs' sampling calls; oversized bodies, wrong methods and paths and a
/// huge NextToken get clear errors.
@Suite struct HTTPLimitsTests {
    func post(_ port: Int, _ path: String, _ body: Data, method: String = "POST") async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!, timeoutInterval: 30)
        request.httpMethod = method
        if method != "GET" { request.httpBody = body }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// A TCP connection that says nothing (or a little); closed when the test ends.
    static func connect(_ port: Int) -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return descriptor
    }

    @Test func abuseGetsClearErrorsAndSamplingIsStillServed() async throws {
        let collector = try await Collector.start(
            store: TraceStore(), configuration: Collector.Configuration(udp: HostAndPort(host: "127.0.0.1", port: 0)))
        defer { Task { await collector.stop() } }
        let port = collector.apiAddress.port

        let idle = (0..<1000).map { _ in Self.connect(port) }
        defer { for descriptor in idle { close(descriptor) } }
        #expect(idle.allSatisfy { $0 >= 0 })
        // A client that has sent half a request line and stops.
        let slow = Self.connect(port)
        defer { close(slow) }
        _ = "POST /GetSampl".withCString { send(slow, $0, 14, 0) }

        let (status, body) = try await post(port, "/GetSamplingRules", Data("{}".utf8))
        #expect(status == 200)
        #expect(body.contains("SamplingRuleRecords"))

        let huge = Data(count: 9 << 20)
        let (tooLarge, message) = try await post(port, "/TraceSegments", huge)
        #expect(tooLarge == 400)
        #expect(message.contains("larger than"), "\(message)")

        let (unknown, unknownMessage) = try await post(port, "/DeleteTraces", Data("{}".utf8))
        #expect(unknown == 404)
        #expect(unknownMessage.contains("does not serve POST /DeleteTraces"), "\(unknownMessage)")
        let (wrongMethod, _) = try await post(port, "/TraceSummaries", Data(), method: "GET")
        #expect(wrongMethod == 404)

        let token = String(repeating: "A", count: 1 << 20)
        let request = try JSONSerialization.data(withJSONObject: ["StartTime": 0, "EndTime": 1, "NextToken": token])
        let (badToken, tokenMessage) = try await post(port, "/TraceSummaries", request)
        #expect(badToken == 400)
        #expect(tokenMessage.contains("NextToken"), "\(tokenMessage)")
    }
}
