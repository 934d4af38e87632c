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

    /// Reads one HTTP response's status line from a raw socket (the server answers small bodies
    /// in one segment), waiting up to 5 s.
    ///
    /// The wait is a blocking read, so it runs on a thread of its own: on a thread of Swift's
    /// task pool (two on this machine) it held up the server's own handlers on that pool, and
    /// the read timed out with no answer when tests beside it did the same.
    static func readStatus(_ descriptor: Int32) async -> String? {
        await onThreadOfItsOwn { blockingReadStatus(descriptor) }
    }

    /// Runs `body` on a new thread, off Swift's task pool, and waits for it.
    static func onThreadOfItsOwn<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: body()) }.start()
        }
    }

    private static func blockingReadStatus(_ descriptor: Int32) -> String? {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self).split(separator: "\r\n").first.map(String.init)
    }

    /// True once the server has closed the connection (a read gives end of file or a reset);
    /// anything it answered first is read and dropped.
    static func isClosed(_ descriptor: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count > 0 { continue }
            return count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)
        }
    }

    /// Sends `text` whole, without SIGPIPE when the server has closed.
    static func sendText(_ text: String, to descriptor: Int32) {
        _ = text.withCString { Glibc.send(descriptor, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
    }

    /// Sends `bytes` one every 250 ms; true as soon as the server has closed the connection.
    /// On a thread of its own, as the pauses between requests below are: on Swift's task pool,
    /// busy beside other tests, a sleep can outlast the server's 2 s idle timeout, and the
    /// connection is then closed as idle (a CI run saw one closed 2.25 s in, before the 3 s
    /// deadline).
    static func trickleUntilClosed(_ descriptor: Int32, _ bytes: [UInt8]) async -> Bool {
        await onThreadOfItsOwn {
            for byte in bytes {
                var byte = byte
                _ = Glibc.send(descriptor, &byte, 1, Int32(MSG_NOSIGNAL))
                usleep(250_000)
                if isClosed(descriptor) { return true }
            }
            return false
        }
    }

    /// Waits off Swift's task pool (see `trickleUntilClosed`).
    static func pause(seconds: Double) async {
        await onThreadOfItsOwn { usleep(UInt32(seconds * 1_000_000)) }
    }

    /// A client that sends its headers and then a byte of body every quarter second is never
    /// idle (each byte is a body part), so only the request deadline stops it; one that
    /// trickles its headers is idle as far as the server can tell (nothing is decoded) and is
    /// closed too. A client that finishes its requests keeps its connection past the deadline,
    /// because each response restarts the clock.
    @Test func aTricklingClientIsCutOffAndAPromptOneIsNot() async throws {
        let limits = HTTPLimits(idleTimeout: .seconds(2), requestDeadline: .seconds(3))
        let collector = try await Collector.start(
            store: TraceStore(),
            configuration: Collector.Configuration(
                udp: HostAndPort(host: "127.0.0.1", port: 0), otlpHTTP: HostAndPort(host: "127.0.0.1", port: 0),
                httpLimits: limits))
        defer { Task { await collector.stop() } }

        for port in [collector.apiAddress.port, try #require(collector.otlpHTTPAddress).port] {
            let trickle = Self.connect(port)
            defer { close(trickle) }
            let head = "POST /TraceSegments HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n"
            Self.sendText(head, to: trickle)
            let started = Date()
            let closed = await Self.trickleUntilClosed(trickle, Array(String(repeating: "x", count: 60).utf8))
            #expect(closed, "port \(port): still open after 15 s of a byte every 250 ms")
            #expect(Date().timeIntervalSince(started) >= 2.5, "port \(port): closed before the deadline")

            let headerTrickle = Self.connect(port)
            defer { close(headerTrickle) }
            let headerClosed = await Self.trickleUntilClosed(headerTrickle, Array(Array(head.utf8).prefix(60)))
            #expect(headerClosed, "port \(port): a client trickling its headers was still connected after 15 s")
        }

        // Answered before its body arrived (405 on OTLP/HTTP), then a second request trickled:
        // the early answer must not leave the connection without a clock.
        let early = Self.connect(try #require(collector.otlpHTTPAddress).port)
        defer { close(early) }
        Self.sendText("GET /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n", to: early)
        #expect(await Self.readStatus(early)?.hasPrefix("HTTP/1.1 405") == true)
        Self.sendText("x", to: early)
        Self.sendText("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n", to: early)
        let earlyClosed = await Self.trickleUntilClosed(early, Array(repeating: UInt8(ascii: "x"), count: 60))
        #expect(earlyClosed, "a connection answered early kept a trickled request for 15 s")

        let prompt = Self.connect(collector.apiAddress.port)
        defer { close(prompt) }
        for _ in 0..<3 {
            Self.sendText("POST /GetSamplingRules HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}", to: prompt)
            #expect(await Self.readStatus(prompt) == "HTTP/1.1 200 OK")
            await Self.pause(seconds: 1.5)
        }
    }
}
