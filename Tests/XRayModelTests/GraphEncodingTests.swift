import Foundation
import SampleData
import Testing

@testable import XRayModel

/// The binary form of a service-graph builder, which the store keeps a minute at a time.
@Suite struct GraphEncodingTests {
    static func builder() -> ServiceGraphBuilder {
        let documents = SampleGenerator(scenario: .shop, seed: 8, start: 1_700_000_000, duration: 120).documents()
        var byTrace: [String: TraceDocuments] = [:]
        for document in documents {
            byTrace[document.traceID, default: TraceDocuments(traceID: document.traceID)].insert(document)
        }
        return ServiceGraphBuilder(traces: byTrace.values.map { $0.assemble() })
    }

    @Test func aBuilderReadBackGivesTheSameGraph() throws {
        let builder = Self.builder()
        let decoded = try #require(ServiceGraphBuilder(encoded: builder.encoded()))
        #expect(decoded.result(start: 0, end: 1) == builder.result(start: 0, end: 1))
        // And it keeps adding as the original does.
        var merged = decoded
        merged.merge(builder)
        var twice = builder
        twice.merge(builder)
        #expect(merged.result(start: 0, end: 1) == twice.result(start: 0, end: 1))
    }

    @Test func cutOrPaddedBytesAreRefused() {
        let bytes = Self.builder().encoded()
        #expect(ServiceGraphBuilder(encoded: bytes.prefix(bytes.count - 3)) == nil)
        #expect(ServiceGraphBuilder(encoded: bytes + Data([0])) == nil)
        #expect(ServiceGraphBuilder(encoded: Data()) == nil)
        #expect(ServiceGraphBuilder(encoded: ServiceGraphBuilder().encoded())?.isEmpty == true)
    }
}
