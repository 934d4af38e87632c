import Foundation
import XRayFilter
import XRayModel

/// A seeded generator (SplitMix64), so random windows are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// A directory under the system's temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("xray-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Collects what the store reports, for tests that check a failure is reported once.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    var lines: [String] { lock.withLock { stored } }

    var sink: @Sendable (String) -> Void { { line in self.lock.withLock { self.stored.append(line) } } }
}

/// What the store answered before it had indexes: every trace checked, then sorted. The
/// indexed store must agree with it exactly.
enum FullScan {
    static func traces(_ documents: [StoredDocument]) -> [Trace] {
        var byTrace: [String: TraceDocuments] = [:]
        for document in documents {
            byTrace[document.traceID, default: TraceDocuments(traceID: document.traceID)].insert(document)
        }
        return byTrace.values.map { $0.assemble() }
    }

    static func summaries(
        _ traces: [(trace: Trace, summary: API.TraceSummary)], _ query: SummaryQuery, filter: FilterExpression?
    ) -> (ids: [String], processed: Int) {
        var processed = 0
        let matching = traces.compactMap { trace, summary -> API.TraceSummary? in
            guard selects(trace, query.window, query.timeRangeType) else { return nil }
            processed += 1
            guard let filter else { return summary }
            return filter.matches(summary) { trace } ? summary : nil
        }
        .sorted { ($0.StartTime ?? 0, $0.Id ?? "") > ($1.StartTime ?? 0, $1.Id ?? "") }
        return (matching.compactMap(\.Id), processed)
    }

    static func selects(_ trace: Trace, _ window: TimeWindow, _ type: TimeRangeType) -> Bool {
        switch type {
        case .traceID: return window.contains(trace.startTime)
        case .event: return window.overlaps(start: trace.startTime, end: trace.endTime)
        case .service: return trace.segments.contains { window.contains($0.document.endTime ?? .nan) }
        }
    }
}

extension TraceSource {
    /// Every page of a query, with the first page's processed count.
    func allSummaries(_ query: SummaryQuery) async throws -> (summaries: [API.TraceSummary], processed: Int) {
        var query = query
        var summaries: [API.TraceSummary] = []
        var processed: Int?
        repeat {
            let page = try await self.summaries(query)
            processed = processed ?? page.tracesProcessed
            summaries += page.summaries
            query.nextToken = page.nextToken
        } while query.nextToken != nil
        return (summaries, processed ?? 0)
    }
}
