import Foundation
import TraceStore

/// `GET /metrics` in Prometheus' text format, so a cluster's scraper sees the same counters
/// the status bar shows.
enum Metrics {
    static func text(counters: CollectorCounters, queue: IngestQueue, store: TraceStore) async -> String {
        let stored = await store.counters
        let traces = await store.traceCount
        var lines: [String] = []
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: Int)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            for sample in samples { lines.append("\(name)\(sample.labels) \(sample.value)") }
        }
        metric(
            "xray_tui_datagrams_received_total", "counter", "UDP datagrams read from the socket.",
            [("", counters.received)])
        metric(
            "xray_tui_documents_accepted_total", "counter", "Documents handed to the store (UDP and PutTraceSegments).",
            [("", counters.accepted)])
        metric(
            "xray_tui_documents_rejected_total", "counter", "Documents refused, by reason.",
            counters.rejected.keys.sorted().map { ("{reason=\"\($0)\"}", counters.rejected[$0]!) })
        metric(
            "xray_tui_datagrams_dropped_total", "counter",
            "Datagrams dropped because the ingest queue was full (its spool too, when it has one).",
            [("", counters.dropped)])
        metric(
            "xray_tui_datagrams_spooled_total", "counter",
            "Datagrams written to the spool on disk because the memory queue was full.", [("", counters.spooled)])
        metric(
            "xray_tui_datagrams_recovered_total", "counter",
            "Datagrams an earlier run left in the spool, found at start.", [("", counters.recovered)])
        metric(
            "xray_tui_datagrams_dropped_by_kernel_total", "counter",
            "Datagrams the kernel dropped because the socket's receive buffer was full.",
            [("", counters.droppedByKernel)])
        metric(
            "xray_tui_otlp_spans_received_total", "counter", "Spans received over OTLP (HTTP and gRPC).",
            [("", counters.otlpSpansReceived)])
        metric(
            "xray_tui_otlp_spans_accepted_total", "counter", "OTLP spans stored as segment documents.",
            [("", counters.otlpSpansAccepted)])
        metric(
            "xray_tui_otlp_spans_rejected_total", "counter", "OTLP spans refused, by reason.",
            counters.otlpSpansRejected.keys.sorted().map { ("{reason=\"\($0)\"}", counters.otlpSpansRejected[$0]!) })
        metric(
            "xray_tui_otlp_requests_refused_total", "counter", "OTLP requests refused whole, by reason.",
            counters.otlpRequestsRefused.keys.sorted().map {
                ("{reason=\"\($0)\"}", counters.otlpRequestsRefused[$0]!)
            })
        metric(
            "xray_tui_store_documents_total", "counter", "What the store did with accepted documents.",
            [
                ("{outcome=\"added\"}", stored.added), ("{outcome=\"replaced\"}", stored.replaced),
                ("{outcome=\"unchanged\"}", stored.unchanged),
            ])
        metric(
            "xray_tui_ingest_queue_depth", "gauge", "Datagrams waiting to be parsed, in memory and in the spool.",
            [("", queue.depth)])
        metric(
            "xray_tui_ingest_queue_bytes", "gauge", "Memory the datagrams waiting to be parsed take.",
            [("", queue.queuedBytes)])
        metric(
            "xray_tui_ingest_spool_bytes", "gauge", "What the spool's files take on disk.",
            [("", queue.spool?.diskBytes ?? 0)])
        let persistence = await store.persistence
        metric(
            "xray_tui_database_documents_written_total", "counter", "Documents written to the database.",
            [("", persistence.written)])
        metric(
            "xray_tui_database_documents_pending", "gauge", "Documents waiting for the next batch write.",
            [("", persistence.pending)])
        metric(
            "xray_tui_database_write_errors_total", "counter", "Batch writes that failed (and will be retried).",
            [("", persistence.writeErrors)])
        metric("xray_tui_traces", "gauge", "Traces in the store.", [("", traces)])
        metric(
            "xray_tui_traces_pruned_total", "counter", "Traces pruned, for retention (age) or the size limit (size).",
            [("{reason=\"age\"}", stored.prunedByAge), ("{reason=\"size\"}", stored.prunedBySize)])
        return lines.joined(separator: "\n") + "\n"
    }
}
