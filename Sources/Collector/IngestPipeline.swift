import Foundation
import TraceStore
import XRayModel

/// Takes datagrams off the queue, parses them (on the task pool, off the socket's event loop)
/// and hands the documents to the store in batches.
struct IngestPipeline: Sendable {
    let queue: IngestQueue
    let store: TraceStore
    let counters: CounterBox
    let log: RateLimitedLog
    let forward: (@Sendable ([StoredDocument]) -> Void)?

    /// Parsing JSON is most of the collector's work, so a batch is parsed on every core.
    static let parsers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// A batch smaller than this means the socket is quiet: the pipeline then waits
    /// `gatheringPause` before taking the next, so that at a few thousand datagrams a second it
    /// wakes (and wakes the store) for dozens of documents at a time, not for a few. With the
    /// socket's reads pushed whole (`DatagramHandler`), the collector's CPU at 10,000 a second
    /// fell by about 7 % (README, "Collector ingest").
    static let smallBatch = 64
    static let gatheringPause = Duration.milliseconds(5)

    /// Runs until the queue is closed and drained.
    func run() async {
        while let datagrams = await queue.next(limit: 1024) {
            var documents: [StoredDocument] = []
            documents.reserveCapacity(datagrams.count)
            var rejections: [DocumentRejection] = []
            for result in await Self.parse(datagrams) {
                switch result {
                case .success(let document): documents.append(document)
                case .failure(let rejection): rejections.append(rejection)
                }
            }
            Self.record(accepted: documents.count, rejections: rejections, source: "UDP", counters, log)
            if !documents.isEmpty {
                forward?(documents)
                await store.ingest(documents)
            }
            if datagrams.count < Self.smallBatch { try? await Task.sleep(for: Self.gatheringPause) }
        }
    }

    /// The datagrams parsed in slices side by side, the results in the datagrams' order.
    static func parse(_ datagrams: [Data]) async -> [Result<StoredDocument, DocumentRejection>] {
        let sliceSize = max(64, (datagrams.count + parsers - 1) / parsers)
        guard datagrams.count > sliceSize else { return datagrams.map(parse) }
        return await withTaskGroup(of: (Int, [Result<StoredDocument, DocumentRejection>]).self) { group in
            for start in stride(from: 0, to: datagrams.count, by: sliceSize) {
                let slice = datagrams[start..<min(datagrams.count, start + sliceSize)]
                group.addTask { (start, slice.map(parse)) }
            }
            var slices: [(Int, [Result<StoredDocument, DocumentRejection>])] = []
            for await slice in group { slices.append(slice) }
            return slices.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }

    static func parse(_ datagram: Data) -> Result<StoredDocument, DocumentRejection> {
        // The daemon reads 64 KiB; the socket hands us one byte more to see the excess.
        guard datagram.count <= DocumentLimits.maxDocumentBytes else {
            return .failure(DocumentRejection(reason: .tooLarge(bytes: datagram.count)))
        }
        return DaemonDatagram.parse(datagram)
    }

    static func record(
        accepted: Int, rejections: [DocumentRejection], source: String, _ counters: CounterBox, _ log: RateLimitedLog
    ) {
        counters.update { counters in
            counters.accepted += accepted
            for rejection in rejections { counters.rejected[rejection.reason.label, default: 0] += 1 }
        }
        for rejection in rejections {
            log.write("rejected a document from \(source): \(rejection)", key: rejection.reason.label)
        }
    }
}
