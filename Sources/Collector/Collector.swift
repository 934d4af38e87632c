import Foundation
import NIOCore
import NIOPosix
import OTLP
import TraceStore
import XRayModel

/// The embedded collector: a drop-in for the X-Ray daemon (segments over UDP) that keeps what
/// it receives in a `TraceStore` and serves the X-Ray API over HTTP on the same port number.
/// `xray-tui collect` runs it headless; the explorer runs it in-process.
public final class Collector: Sendable {
    public struct Configuration: Sendable {
        public var udp: HostAndPort
        public var api: HostAndPort
        /// OTLP/HTTP and OTLP/gRPC; nil does not listen.
        public var otlpHTTP: HostAndPort?
        public var otlpGRPC: HostAndPort?
        /// Span attributes that become annotations (besides those `aws.xray.annotations` lists).
        public var otlpAnnotations: Set<String>
        /// When set, the query API asks for it (`APIToken`); nil leaves the API open.
        public var apiToken: APIToken?
        public var httpLimits: HTTPLimits
        /// Memory for datagrams waiting for the parser: beyond it they go to the spool, or
        /// without one the oldest are dropped.
        public var queueBytes: Int
        /// Where datagrams wait on disk when the memory queue is full; nil drops the oldest instead.
        public var spool: IngestSpool.Settings?
        public var sampling: SamplingRules
        public var log: RateLimitedLog
        /// Also handed every document accepted over UDP (`collect --forward aws`); must not block.
        public var forward: (@Sendable ([StoredDocument]) -> Void)?

        /// 256 MB: a 10-second burst of 100,000 segments of 760 bytes a second outruns the
        /// store by about that much.
        public static let defaultQueueBytes = 256_000_000

        public init(
            udp: HostAndPort = .daemonDefault, api: HostAndPort? = nil,
            otlpHTTP: HostAndPort? = nil, otlpGRPC: HostAndPort? = nil, otlpAnnotations: Set<String> = [],
            apiToken: APIToken? = nil, httpLimits: HTTPLimits = .standard,
            queueBytes: Int = Configuration.defaultQueueBytes, spool: IngestSpool.Settings? = nil,
            sampling: SamplingRules = SamplingRules(), log: RateLimitedLog = .silent,
            forward: (@Sendable ([StoredDocument]) -> Void)? = nil
        ) {
            self.udp = udp
            self.api = api ?? udp
            self.otlpHTTP = otlpHTTP
            self.otlpGRPC = otlpGRPC
            self.otlpAnnotations = otlpAnnotations
            self.apiToken = apiToken
            self.httpLimits = httpLimits
            self.queueBytes = queueBytes
            self.spool = spool
            self.sampling = sampling
            self.log = log
            self.forward = forward
        }
    }

    public let store: TraceStore
    public let counters: CounterBox
    public let queue: IngestQueue
    /// Where the sockets are bound (the ports differ from the configuration's when it asked for 0).
    public let udpAddress: HostAndPort
    public let apiAddress: HostAndPort
    public let otlpHTTPAddress: HostAndPort?
    public let otlpGRPCAddress: HostAndPort?
    private let listener: DaemonListener
    private let pipeline: Task<Void, Never>
    private let server: Task<Void, Error>
    private let otlpHTTPServer: Task<Void, Error>?
    private let otlpGRPCServer: OTLPGRPCServer?

    private init(
        store: TraceStore, counters: CounterBox, queue: IngestQueue, udpAddress: HostAndPort,
        apiAddress: HostAndPort, listener: DaemonListener, pipeline: Task<Void, Never>, server: Task<Void, Error>,
        otlp: OTLPServers
    ) {
        self.otlpHTTPAddress = otlp.httpAddress
        self.otlpGRPCAddress = otlp.grpcAddress
        self.otlpHTTPServer = otlp.http
        self.otlpGRPCServer = otlp.grpc
        self.store = store
        self.counters = counters
        self.queue = queue
        self.udpAddress = udpAddress
        self.apiAddress = apiAddress
        self.listener = listener
        self.pipeline = pipeline
        self.server = server
    }

    /// Binds both sockets and starts receiving. A port in use is a `CollectorError` that says
    /// which port and, when it can tell, which process holds it.
    public static func start(store: TraceStore, configuration: Configuration) async throws(CollectorError)
        -> Collector
    {
        let counters = CounterBox()
        var spool: IngestSpool?
        if let settings = configuration.spool {
            do {
                spool = try IngestSpool.open(settings, counters: counters, log: configuration.log)
            } catch {
                throw .cannotOpenSpool(error)
            }
        }
        let queue = IngestQueue(capacityBytes: configuration.queueBytes, counters: counters, spool: spool)
        let pipeline = IngestPipeline(
            queue: queue, store: store, counters: counters, log: configuration.log, forward: configuration.forward)
        // Parsing, and the store taking the documents, on the ingest threads (their comment
        // says why).
        let pipelineTask = Task(executorPreference: IngestExecutor.shared) { await pipeline.run() }
        let sockets: BoundSockets
        do {
            sockets = try await bindSockets(configuration, queue: queue, counters: counters, store: store)
        } catch {
            queue.close()
            await pipelineTask.value
            queue.closeSpool()
            throw error
        }
        let (listener, udpAddress, server, api) = (sockets.listener, sockets.udp, sockets.server, sockets.api)
        let receiver = OTLPReceiver(
            store: store, counters: counters, log: configuration.log,
            converter: SpanConverter(annotationKeys: configuration.otlpAnnotations))
        let otlp: OTLPServers
        do {
            otlp = try await OTLPServers.start(
                receiver: receiver, http: configuration.otlpHTTP, grpc: configuration.otlpGRPC,
                limits: configuration.httpLimits)
        } catch {
            server.task.cancel()
            await listener.close()
            queue.close()
            await pipelineTask.value
            queue.closeSpool()
            throw error
        }
        return Collector(
            store: store, counters: counters, queue: queue, udpAddress: udpAddress,
            apiAddress: HostAndPort(host: api.host, port: server.port), listener: listener,
            pipeline: pipelineTask, server: server.task, otlp: otlp)
    }

    private struct BoundSockets {
        let listener: DaemonListener
        let udp: HostAndPort
        let server: (task: Task<Void, Error>, port: Int)
        let api: HostAndPort
    }

    /// Binds UDP, then the API's TCP port. The daemon's TCP port follows its UDP one: when
    /// both are the same address with port 0, TCP takes the port the system gave UDP, and that
    /// number may be in use for TCP by another process (tests running side by side met it).
    /// Then both are bound again on a new number, a few times, before giving up.
    private static func bindSockets(
        _ configuration: Configuration, queue: IngestQueue, counters: CounterBox, store: TraceStore
    ) async throws(CollectorError) -> BoundSockets {
        let udp = configuration.udp
        let followsUDP = configuration.api == udp
        let attempts = followsUDP && udp.port == 0 ? 8 : 1
        var attempt = 1
        while true {
            let listener: DaemonListener
            do {
                listener = try await DaemonListener.bind(
                    host: udp.host, port: udp.port, queue: queue, group: MultiThreadedEventLoopGroup.singleton)
            } catch {
                throw CollectorError.cannotBind(udp, protocol: "UDP", reason: Self.reason(error))
            }
            let udpAddress = HostAndPort(host: udp.host, port: listener.localAddress?.port ?? udp.port)
            var api = configuration.api
            if followsUDP { api.port = udpAddress.port }
            var xrayAPI = XRayAPI(
                store: store, counters: counters, sampling: configuration.sampling, log: configuration.log,
                metrics: {
                    await Metrics.text(
                        counters: snapshot(counters, port: udpAddress.port), queue: queue, store: store)
                })
            xrayAPI.token = configuration.apiToken
            do {
                let server = try await APIServer.start(
                    api: xrayAPI, host: api.host, port: api.port, limits: configuration.httpLimits)
                return BoundSockets(listener: listener, udp: udpAddress, server: server, api: api)
            } catch {
                await listener.close()
                let inUse = (error as? IOError)?.errnoCode == EADDRINUSE
                guard inUse, attempt < attempts else {
                    throw CollectorError.cannotBind(api, protocol: "TCP", reason: Self.reason(error))
                }
                attempt += 1
            }
        }
    }

    /// The system's words for a socket error ("Address already in use"), without NIO's call site.
    static func reason(_ error: Error) -> String {
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)) }
        return "\(error)"
    }

    /// The counters, with the kernel's drops for our socket added.
    public var snapshot: CollectorCounters { Self.snapshot(counters, port: udpAddress.port) }

    private static func snapshot(_ counters: CounterBox, port: Int) -> CollectorCounters {
        var value = counters.value
        value.droppedByKernel = PortOwner.udpDrops(port: port)
        return value
    }

    /// Stops taking datagrams, hands everything queued to the store, stops the HTTP server
    /// and flushes the store (SIGTERM's path: nothing accepted is lost).
    public func stop() async {
        await listener.close()
        queue.close()
        await pipeline.value
        queue.closeSpool()
        otlpHTTPServer?.cancel()
        _ = try? await otlpHTTPServer?.value
        await otlpGRPCServer?.close()
        server.cancel()
        _ = try? await server.value
    }
}

/// `HOST:PORT` as the command line and `AWS_XRAY_DAEMON_ADDRESS` write it.
public struct HostAndPort: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public static let daemonDefault = HostAndPort(host: "127.0.0.1", port: 2000)

    /// `127.0.0.1:2000`, `0.0.0.0:2000`, `[::1]:2000`, or `:2000` (loopback).
    public init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65_535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.init(host: host.isEmpty ? "127.0.0.1" : host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Reachable from this machine only: an address in 127.0.0.0/8, ::1, or `localhost`. A
    /// name like `127.example.com` is not: it resolves to whatever it resolves to.
    public var isLoopback: Bool {
        if host == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 { return host == "::1" || host == "0:0:0:0:0:0:0:1" }
        return false
    }
}

public enum CollectorError: Error, Sendable, CustomStringConvertible {
    case cannotBind(HostAndPort, protocol: String, reason: String)
    case cannotOpenSpool(SpoolError)

    public var description: String {
        switch self {
        case .cannotOpenSpool(let error): return error.description
        case .cannotBind(let address, let proto, let reason):
            var text = "cannot listen on \(proto) \(address): \(reason)"
            if let owner = PortOwner.describe(port: address.port, protocol: proto) {
                text += "; it is held by \(owner)"
            }
            return text
        }
    }

    /// True when the port is taken, rather than the address being wrong.
    public var isAddressInUse: Bool {
        guard case .cannotBind(_, _, let reason) = self else { return false }
        return reason == String(cString: strerror(EADDRINUSE))
    }
}
