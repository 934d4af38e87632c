import AWSXRay
import ArgumentParser
import Collector
import Explorer
import Foundation
import MemoryAllocator
import TraceStore
import XRayModel

/// `xray-tui collect`: the headless collector, a drop-in for the X-Ray daemon.
struct CollectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Receive segments as the X-Ray daemon does, store them, and serve the X-Ray API.",
        discussion: """
            SDKs send to UDP 127.0.0.1:2000 by default (AWS_XRAY_DAEMON_ADDRESS changes it). The API \
            answers POST /TraceSegments, /TraceSummaries, /Traces, /TraceGraph, /ServiceGraph, \
            /TimeSeriesServiceStatistics, /Groups, /GetGroup, /GetSamplingRules and /SamplingTargets, \
            plus GET /healthz and GET /metrics. SIGTERM drains the queue and closes the database.
            """)

    @OptionGroup var options: CollectorOptions

    @Option(help: "The config file, for [groups] (default: $XDG_CONFIG_HOME/xray-tui/config.toml).")
    var config: String?

    @Option(help: "Also relay what arrives over UDP to X-Ray (`aws`), signed, as the daemon does.")
    var forward: String?

    @OptionGroup(title: "AWS (with --forward aws)")
    var aws: AWSOptions

    func run() async throws {
        let settings: ExplorerConfig
        do {
            settings = try ExplorerConfig.load(path: config ?? ExplorerConfig.defaultPath)
        } catch {
            throw Failure("\(error)")
        }
        let log = RateLimitedLog { printError("xray-tui collect: " + $0) }
        var configuration = try options.configuration(log: log)
        let forwarder = try makeForwarder()
        if let forwarder { configuration.forward = { documents in forwarder.enqueue(documents.map(\.raw)) } }
        let signals = SignalWatcher(signals: [SIGTERM, SIGINT])
        let store = try await options.openStore(groups: settings.groups)
        let collector: Collector
        do {
            collector = try await Collector.start(store: store, configuration: configuration)
        } catch {
            await store.close()
            throw Failure("\(error)")
        }
        let traces = await store.traceCount
        log.always(
            "receiving segments on UDP \(collector.udpAddress), X-Ray API on http://\(collector.apiAddress), "
                + (collector.otlpHTTPAddress.map { "OTLP/HTTP on http://\($0)/v1/traces, " } ?? "")
                + (collector.otlpGRPCAddress.map { "OTLP/gRPC on \($0), " } ?? "")
                + "database \(options.databasePath) (\(traces) traces; \(options.limitsDescription))"
                + (configuration.spool.map { ", spool \($0.directory) (at most \(options.spoolSize))" } ?? ", no spool")
                + (forwarder.map { ", forwarding to \($0.client.endpoint.absoluteString)" } ?? "")
                + "; memory allocator \(MemoryAllocator.name)")
        forwarder?.start()

        let reporter = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(60))
                if Task.isCancelled { break }
                log.always(
                    "so far: " + collector.snapshot.summary + (await store.counters).prunedSummary
                        + (forwarder.map { Self.describe($0.snapshot) } ?? ""))
            }
        }
        let signal = await signals.next()
        reporter.cancel()
        log.always("\(signal == SIGTERM ? "SIGTERM" : "SIGINT"): draining the queue and closing the database")
        await collector.stop()
        await forwarder?.stop()
        await store.close()
        log.always(
            "stopped: " + collector.snapshot.summary + (await store.counters).prunedSummary
                + (forwarder.map { Self.describe($0.snapshot) } ?? ""))
    }

    private func makeForwarder() throws -> SegmentForwarder? {
        guard let forward else { return nil }
        guard forward == "aws" else { throw ValidationError("--forward: only aws is supported, not \"\(forward)\"") }
        return SegmentForwarder(client: try aws.client())
    }

    static func describe(_ counters: SegmentForwarder.Counters) -> String {
        var text = "; forwarded \(counters.forwarded)"
        if counters.unprocessed > 0 { text += ", refused by X-Ray \(counters.unprocessed)" }
        if counters.failed + counters.dropped > 0 { text += ", lost \(counters.failed + counters.dropped)" }
        if let error = counters.lastError { text += " (last error: \(error))" }
        return text
    }
}
