import Foundation
import InteropSupport
import Testing
import TraceStore
import XRayModel

@testable import Collector

/// What a stranger can send (`HostileCorpus`): the valid documents are stored and every
/// reader of them (summaries, filters, traces, the map) copes; the invalid ones are refused
/// with their reason and counted, over UDP and PutTraceSegments alike.
@Suite struct HostileInputTests {
    static let crowd = 2_000

    @Test func everyDocumentIsAcceptedOrRefusedForItsReason() {
        for document in HostileCorpus.accepted(crowd: 3) {
            if case .failure(let rejection) = DocumentParser.parse(document) {
                Issue.record("refused \(document.prefix(120)): \(rejection)")
            }
        }
        for (document, reason) in HostileCorpus.refused {
            switch DocumentParser.parse(document) {
            case .success: Issue.record("accepted \(String(decoding: document.prefix(120), as: UTF8.self))")
            case .failure(let rejection):
                #expect(
                    rejection.reason.label == reason,
                    "\(String(decoding: document.prefix(80), as: UTF8.self)): \(rejection)")
            }
        }
    }

    @Test func everyReaderCopesWithWhatWasAccepted() async throws {
        let store = TraceStore()
        let documents = HostileCorpus.accepted(crowd: Self.crowd).compactMap { try? DocumentParser.parse($0).get() }
        await store.ingest(documents)
        let all = TimeWindow(start: 0, end: 10_000_000_000)
        for filter in [
            nil, "fault", "http.status = 500", #"service("svc") { fault }"#, "responsetime > 0",
            "rootcause.fault.service { name CONTAINS \"db\" }",
        ] {
            _ = try await store.summaries(SummaryQuery(window: all, filter: filter))
        }
        let page = try await store.summaries(SummaryQuery(window: all))
        let ids = page.summaries.compactMap(\.Id)
        #expect(Set(ids).isSuperset(of: [HostileCorpus.traceID, HostileCorpus.cycleTrace, HostileCorpus.crowdTrace]))
        let traces = try await store.traces(ids: ids)
        #expect(traces.count == ids.count)
        let crowd = try #require(traces.first { $0.id == HostileCorpus.crowdTrace })
        #expect(crowd.documents.count == Self.crowd + 1)
        _ = try await store.serviceGraph(window: all)
        // Text that reaches a summary was cleaned at ingestion: no escape survives.
        let hostile = try #require(page.summaries.first { $0.Id == HostileCorpus.traceID })
        let names = hostile.EntryPoint?.Names ?? []
        #expect(!names.isEmpty)
        for name in names { #expect(HostileCorpus.firstUnsafe(in: Data(name.utf8)) == nil, "\(name.debugDescription)") }
    }

    @Test func overUDPEveryRefusalIsCountedByReason() async throws {
        let store = TraceStore()
        let collector = try await Collector.start(
            store: store, configuration: Collector.Configuration(udp: HostAndPort(host: "127.0.0.1", port: 0)))
        defer { Task { await collector.stop() } }
        let sender = try UDPSender(to: collector.udpAddress)
        let header = Data(#"{"format": "json", "version": 1}"#.utf8 + [0x0A])
        let accepted = HostileCorpus.accepted(crowd: Self.crowd)
        // Over 64 KiB a document cannot be one datagram; it is refused as the daemon does.
        let fits = accepted.filter { $0.utf8.count + header.count <= 65_000 }
        for document in fits { sender.send(document: Data(document.utf8)) }
        let refused = HostileCorpus.refused.filter { $0.document.count + header.count <= 65_000 }
        for (document, _) in refused { sender.send(document: document) }
        var expected: [String: Int] = [:]
        // A header with nothing after it is "missing header or segment", as the daemon counts it.
        for (_, reason) in refused { expected[reason == "empty_document" ? "missing_header" : reason, default: 0] += 1 }
        var counters = collector.counters.value
        for _ in 0..<400 where counters.accepted + counters.rejectedTotal < fits.count + refused.count {
            try await Task.sleep(for: .milliseconds(25))
            counters = collector.counters.value
        }
        #expect(counters.accepted == fits.count)
        #expect(counters.rejected == expected)
        #expect(counters.dropped == 0)
    }

    @Test func overPutTraceSegmentsEachRefusalIsReportedWithItsReason() async throws {
        let api = XRayAPI(store: TraceStore(), counters: CounterBox(), sampling: SamplingRules(), log: .silent) { "" }
        // A JSON string cannot carry invalid UTF-8: those two are UDP's alone.
        let refused = HostileCorpus.refused.compactMap { entry in
            String(validating: entry.document, as: UTF8.self).map { ($0, entry.reason) }
        }
        let documents = HostileCorpus.accepted(crowd: 40) + refused.map(\.0)
        let body = try JSONSerialization.data(withJSONObject: ["TraceSegmentDocuments": documents])
        let response = await api.handle(method: "POST", path: "/TraceSegments", body: body)
        #expect(response.status == 200)
        let result = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        let unprocessed = result?["UnprocessedTraceSegments"] as? [[String: Any]] ?? []
        #expect(unprocessed.compactMap { $0["ErrorCode"] as? String }.sorted() == refused.map(\.1).sorted())
    }
}
