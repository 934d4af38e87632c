import AWSXRay
import Foundation
import SampleData
import Testing
import TraceStore
import XRayModel

@testable import Collector

/// `--source http://HOST:PORT`: the API client reading a collector gives what the collector's
/// store gives, across pages and BatchGetTraces' five-id limit.
@Suite struct RemoteSourceTests {
    let start = 1_700_000_000.0

    func served() async throws -> (Collector, TraceStore, XRayAPIClient) {
        let store = TraceStore(pageSize: 50)
        await store.ingest(SampleGenerator(scenario: .shop, seed: 2, start: start, duration: 60).documents())
        let collector = try await Collector.start(
            store: store, configuration: Collector.Configuration(udp: HostAndPort(host: "127.0.0.1", port: 0)))
        let client = XRayAPIClient(endpoint: URL(string: "http://127.0.0.1:\(collector.apiAddress.port)")!)
        return (collector, store, client)
    }

    @Test func summariesTracesAndTheGraphMatchTheStore() async throws {
        let (collector, store, client) = try await served()
        let window = TimeWindow(start: start - 1, end: start + 120)
        func all(_ source: TraceSource, filter: String? = nil) async throws -> [API.TraceSummary] {
            var query = SummaryQuery(window: window, filter: filter)
            var summaries: [API.TraceSummary] = []
            repeat {
                let page = try await source.summaries(query)
                summaries += page.summaries
                query.nextToken = page.nextToken
            } while query.nextToken != nil
            return summaries
        }
        let remote = try await all(client)
        #expect(remote.count > 50, "more than one page")
        #expect(remote == (try await all(store)))
        #expect(try await all(client, filter: "fault") == (try await all(store, filter: "fault")))

        let ids = Array(remote.prefix(12).compactMap(\.Id))
        let fetched = try await client.traces(ids: ids)
        #expect(fetched.map(\.id) == ids, "three calls of at most five ids, in order")
        let local = try await store.traces(ids: ids)
        #expect(fetched.map { $0.documents.count } == local.map { $0.documents.count })
        #expect(fetched.map(\.summaryForComparison) == local.map(\.summaryForComparison))

        #expect(try await client.serviceGraph(window: window) == (try await store.serviceGraph(window: window)))
        await collector.stop()
    }

    @Test func theServiceErrorIsReportedWithItsCode() async throws {
        let (collector, _, client) = try await served()
        do {
            _ = try await client.summaries(
                SummaryQuery(window: TimeWindow(start: start, end: start + 1), filter: "responsetime >"))
            Issue.record("a bad filter was accepted")
        } catch let error as XRayAPIError {
            guard case .service(let status, let code, let message, let operation) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(status == 400 && code == "InvalidRequestException" && operation == "GetTraceSummaries")
            #expect(message.contains("FilterExpression"))
        }
        await collector.stop()
    }
}

extension Trace {
    /// What a reader sees of a trace: its summary as the API gives it.
    var summaryForComparison: API.TraceSummary { API.TraceSummary(trace: self) }
}
