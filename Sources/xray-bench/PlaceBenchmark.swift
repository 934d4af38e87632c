import Foundation
import SampleData
import TraceStore
import XRayModel

// Placing traces: parsed `shop` documents handed to an in-memory store, which assembles each
// trace and makes its row, summary, terms and map aggregate (what the collector does for every
// trace after parsing, before anything is written). The baseline is the least any store does
// with the same documents: group them by trace and take each trace's time span.

/// `profile`: only ingest and place, over and over (for perf; valgrind crashes here once the
/// program starts threads).
func runPlaceBenchmarks(documentCount: Int, profile: Bool) async {
    let perHour = SampleGenerator(scenario: .shop, seed: 5, start: 1_795_680_000, duration: 600).documents().count * 6
    let hours = max(1.0 / 6, Double(documentCount) / Double(max(1, perHour)))
    let documents = Array(
        SampleGenerator(scenario: .shop, seed: 5, start: 1_795_680_000, duration: hours * 3_600).documents()
            .prefix(documentCount))
    let traceCount = Set(documents.map(\.traceID)).count
    print("place: \(documents.count) shop documents in \(traceCount) traces")

    func place() async -> Int {
        let store = TraceStore()
        await store.ingest(documents)
        return await store.traceCount
    }
    if profile {
        for _ in 0..<5 { _ = await place() }
        return
    }
    var placed = 0
    let ours = await fastestAwaiting(3) { placed = await place() }
    precondition(placed == traceCount, "every trace must be placed")
    var spans: [String: (start: Double, end: Double)] = [:]
    let baseline = fastest(3) {
        spans = [:]
        for (traceID, group) in Dictionary(grouping: documents, by: \.traceID) {
            let start = group.map(\.document.startTime).min() ?? 0
            let end = group.map { $0.document.endTime ?? $0.document.startTime }.max() ?? 0
            spans[traceID] = (start, end)
        }
    }
    precondition(spans.count == traceCount)
    let perDocument = { (seconds: Double) in
        String(format: "%.2f µs a document", seconds / Double(documents.count) * 1e6)
    }
    print(
        "  ingest and place (rows, summaries, terms, map aggregates): \(seconds(ours)), \(perDocument(ours)); "
            + "baseline grouping by trace: \(seconds(baseline)), \(perDocument(baseline)); ratio \(ratio(ours, baseline))"
    )
}
