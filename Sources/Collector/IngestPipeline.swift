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

    /// Runs until the queue is closed and drained.
    func run() async {
        while let datagrams = await queue.next(limit: 512) {
            var documents: [StoredDocument] = []
            documents.reserveCapacity(datagrams.count)
            var rejections: [DocumentRejection] = []
            for datagram in datagrams {
                // The daemon reads 64 KiB; the socket hands us one byte more to see the excess.
                guard datagram.count <= DocumentLimits.maxDocumentBytes else {
                    rejections.append(DocumentRejection(reason: .tooLarge(bytes: datagram.count)))
                    continue
                }
                switch DaemonDatagram.parse(datagram) {
                case .success(let document): documents.append(document)
                case .failure(let rejection): rejections.append(rejection)
                }
            }
            Self.record(accepted: documents.count, rejections: rejections, source: "UDP", counters, log)
            if !documents.isEmpty { await store.ingest(documents) }
        }
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
