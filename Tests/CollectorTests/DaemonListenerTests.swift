import Foundation
import SampleData
import Testing
import TraceStore
import XRayModel

@testable import Collector

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The collector on real sockets (ports chosen by the system): what an SDK sends over UDP
/// arrives in the store, bad datagrams are counted by reason and never stop it, and the HTTP
/// side answers on the same port number.
@Suite struct DaemonListenerTests {
    func startCollector(store: TraceStore = TraceStore()) async throws -> Collector {
        try await Collector.start(
            store: store, configuration: Collector.Configuration(udp: HostAndPort(host: "127.0.0.1", port: 0)))
    }

    /// Polls until `condition` holds: datagrams are handled asynchronously.
    func eventually(_ condition: () async -> Bool) async -> Bool {
        for _ in 0..<200 {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return await condition()
    }

    @Test func documentsSentOverUDPReachTheStore() async throws {
        let store = TraceStore()
        let collector = try await startCollector(store: store)
        let documents = SampleGenerator(scenario: .eksWorkshop, seed: 4, start: 1_700_000_000, duration: 20)
            .documents()
        let sender = try UDPSender(to: collector.udpAddress)
        for document in documents { sender.send(document: Data(document.raw.utf8)) }
        let arrived = await eventually { collector.counters.value.accepted == documents.count }
        #expect(arrived, "accepted \(collector.counters.value.accepted) of \(documents.count)")
        #expect(await store.traceCount == Set(documents.map(\.traceID)).count)
        #expect(collector.counters.value.rejectedTotal == 0 && collector.counters.value.dropped == 0)
        // The API listens on the same port number as the UDP socket, as the daemon does.
        #expect(collector.apiAddress.port == collector.udpAddress.port)
        await collector.stop()
    }

    /// A TCP port another process holds is an error that names the port and the system's
    /// reason; the collector does not start half-bound.
    @Test func aTakenAPIPortIsAClearError() async throws {
        let holder = try await startCollector()
        let taken = holder.apiAddress
        do {
            let collector = try await Collector.start(
                store: TraceStore(),
                configuration: Collector.Configuration(udp: HostAndPort(host: "127.0.0.1", port: 0), api: taken))
            Issue.record("started on a taken port: \(collector.apiAddress)")
            await collector.stop()
        } catch {
            let text = error.description
            #expect(text.contains("cannot listen on TCP 127.0.0.1:\(taken.port)"), "\(text)")
            #expect(text.contains("Address already in use"), "\(text)")
        }
        await holder.stop()
    }

    @Test func malformedDatagramsAreCountedByReasonAndNeverStopIt() async throws {
        let collector = try await startCollector()
        let sender = try UDPSender(to: collector.udpAddress)
        let good = SampleGenerator(scenario: .eksWorkshop, seed: 5, start: 1_700_000_000, duration: 2).documents()[0]
        let header = Data((DaemonDatagram.header + "\n").utf8)
        let malformed: [(String, Data)] = [
            ("missing_header", Data(good.raw.utf8)),
            ("invalid_header", Data(#"{"format":"xml","version":1}"#.utf8) + Data("\n".utf8) + Data(good.raw.utf8)),
            ("invalid_header", Data("format=json\n".utf8) + Data(good.raw.utf8)),
            ("not_json", header + Data(#"{"trace_id": "1-5f00"#.utf8)),
            ("not_json", header + Data([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D])),  // invalid UTF-8
            ("missing_header", header),
        ]
        for (_, bytes) in malformed { sender.send(bytes: bytes) }
        sender.send(document: Data(good.raw.utf8))
        let settled = await eventually {
            collector.counters.value.received == malformed.count + 1 && collector.counters.value.accepted == 1
        }
        #expect(settled, "\(collector.counters.value)")
        var expected: [String: Int] = [:]
        for (reason, _) in malformed { expected[reason, default: 0] += 1 }
        #expect(collector.counters.value.rejected == expected)
        #expect(await collector.store.traceCount == 1)

        // Over 64 KiB: IPv4 cannot carry such a datagram, so it goes straight into the queue,
        // as the socket would hand over one read of 65,537 bytes.
        collector.queue.push(header + Data(repeating: UInt8(ascii: " "), count: 70_000))
        #expect(await eventually { collector.counters.value.rejected["too_large"] == 1 })
        await collector.stop()
    }

    @Test func aFullQueueDropsTheOldestAndCountsThem() async throws {
        let counters = CounterBox()
        let queue = IngestQueue(capacityBytes: 2 * (1 + IngestQueue.entryBytes), counters: counters)
        for byte in UInt8(1)...5 { queue.push(Data([byte])) }
        #expect(counters.value.received == 5 && counters.value.dropped == 3)
        queue.close()
        let left = await queue.next(limit: 10)
        #expect(left == [Data([4]), Data([5])])
        #expect(await queue.next(limit: 10) == nil)
    }

    /// A read's datagrams go in together: the oldest are dropped as they would be one by one,
    /// the newest of the read among them when the read alone is larger than the queue.
    @Test func aReadPushedAtOnceDropsAsOneByOne() async throws {
        let counters = CounterBox()
        let queue = IngestQueue(capacityBytes: 2 * (1 + IngestQueue.entryBytes), counters: counters)
        queue.push(Data([1]))
        queue.push(contentsOf: (UInt8(2)...5).map { Data([$0]) })
        #expect(counters.value.received == 5 && counters.value.dropped == 3)
        queue.push(contentsOf: [Data]())
        #expect(counters.value.received == 5)
        let left = await queue.next(limit: 10)
        #expect(left == [Data([4]), Data([5])])
    }

    @Test func theQueueIsBoundedInBytes() async throws {
        let counters = CounterBox()
        let entry = IngestQueue.entryBytes
        let capacity = 2 * (4 + entry) + 2
        let queue = IngestQueue(capacityBytes: capacity, counters: counters)
        for byte in UInt8(1)...3 { queue.push(Data(repeating: byte, count: 4)) }
        // Three do not fit where two do: the first datagram made room for the third.
        #expect(counters.value.dropped == 1 && queue.queuedBytes == 2 * (4 + entry) && queue.depth == 2)
        // Larger than the whole queue: it gets in alone.
        queue.push(Data(repeating: 9, count: capacity))
        #expect(counters.value.dropped == 3 && queue.queuedBytes == capacity + entry && queue.depth == 1)
        queue.push(Data([7]))
        #expect(counters.value.dropped == 4 && queue.queuedBytes == 1 + entry)
        let taken = await queue.next(limit: 10)
        #expect(taken == [Data([7])] && queue.queuedBytes == 0)
        #expect(counters.value.received == 5)
    }

    @Test func emptyDatagramsCountAgainstTheQueueToo() {
        let counters = CounterBox()
        let queue = IngestQueue(capacityBytes: 10 * IngestQueue.entryBytes, counters: counters)
        for _ in 0..<1_000 { queue.push(Data()) }
        #expect(queue.depth == 10 && counters.value.dropped == 990)
    }

    @Test func healthzAndMetricsOverHTTP() async throws {
        let collector = try await startCollector()
        let sender = try UDPSender(to: collector.udpAddress)
        sender.send(bytes: Data("no header here".utf8))
        #expect(await eventually { collector.counters.value.rejectedTotal == 1 })

        let base = "http://127.0.0.1:\(collector.apiAddress.port)"
        let (health, healthResponse) = try await URLSession.shared.data(from: URL(string: base + "/healthz")!)
        #expect((healthResponse as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: health, as: UTF8.self) == "ok\n")
        let (metrics, _) = try await URLSession.shared.data(from: URL(string: base + "/metrics")!)
        let text = String(decoding: metrics, as: UTF8.self)
        #expect(text.contains("xray_tui_datagrams_received_total 1"))
        #expect(text.contains(#"xray_tui_documents_rejected_total{reason="missing_header"} 1"#))
        #expect(text.contains("# TYPE xray_tui_datagrams_dropped_total counter"))
        await collector.stop()
    }

    @Test func aPortInUseIsReportedWithItsOwner() async throws {
        let first = try await startCollector()
        let taken = first.udpAddress
        do {
            _ = try await Collector.start(store: TraceStore(), configuration: Collector.Configuration(udp: taken))
            Issue.record("a second collector bound \(taken)")
        } catch {
            #expect(error.isAddressInUse)
            #expect(error.description.contains("UDP \(taken)"))
            // This test process holds it.
            #expect(error.description.contains("pid \(getpid())"), "\(error)")
        }
        await first.stop()
    }
}
