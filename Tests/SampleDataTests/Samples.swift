import SampleData
import XRayModel

/// Generated once and shared by the tests, which run in parallel: the windows are long enough
/// to contain the rare cases (faults, bulk checkouts) for seed 1.
enum Samples {
    /// 2024-05-01T00:00:00Z.
    static let start: Double = 1_714_521_600

    static let workshopMinute = SampleGenerator(scenario: .eksWorkshop, start: start, duration: 60).documents()
    static let workshopLong = SampleGenerator(scenario: .eksWorkshop, start: start, duration: 1200).documents()
    static let shop = SampleGenerator(scenario: .shop, start: start, duration: 300).documents()

    static func traces(_ documents: [StoredDocument]) -> [Trace] {
        Dictionary(grouping: documents, by: \.traceID)
            .map { TraceDocuments(traceID: $0.key, documents: $0.value).assemble() }
            .sorted { $0.startTime < $1.startTime }
    }

    static let workshopMinuteTraces = traces(workshopMinute)
    static let workshopLongTraces = traces(workshopLong)
    static let shopTraces = traces(shop)
}

extension SegmentDocument {
    /// This document and every subsegment embedded in it.
    var flattened: [SegmentDocument] {
        [self] + subsegments.flatMap(\.flattened)
    }
}
