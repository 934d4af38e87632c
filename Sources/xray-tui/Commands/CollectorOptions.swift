import ArgumentParser
import Collector
import Foundation
import TraceStore
import XRayModel

/// The collector's settings, shared by `collect` and the explorer (which runs the same
/// collector in-process when no `--source` is given).
struct CollectorOptions: ParsableArguments {
    @Option(
        help: "Where to receive segments over UDP, as the X-Ray daemon (0.0.0.0:2000 to take them from other hosts).")
    var udp: String = "127.0.0.1:2000"

    @Option(help: "Where to serve the X-Ray API over HTTP (default: the UDP address, as the daemon does).")
    var api: String?

    @Option(help: "Where to take OTLP/HTTP (POST /v1/traces) from OpenTelemetry SDKs; off does not listen.")
    var otlp: String = "127.0.0.1:4318"

    @Option(
        name: .customLong("otlp-grpc"), help: "Where to take OTLP/gRPC from OpenTelemetry SDKs; off does not listen.")
    var otlpGRPC: String = "127.0.0.1:4317"

    @Option(
        name: .customLong("otlp-annotations"),
        help:
            "Span attributes that become X-Ray annotations (KEY,KEY,...), besides those a span lists in aws.xray.annotations."
    )
    var otlpAnnotations: String = ""

    @Option(
        name: .customLong("api-token"),
        help: ArgumentHelp(
            "The token the query API asks for when it is bound beyond loopback (default: XRAY_TUI_API_TOKEN, or one generated and written to $XDG_STATE_HOME/xray-tui/api-token).",
            valueName: "token"))
    var apiToken: String?

    @Flag(name: .customLong("api-open"), help: "Serve the query API without a token even when bound beyond loopback.")
    var apiOpen = false

    @Option(help: "The SQLite database (default: $XDG_DATA_HOME/xray-tui/traces.db; :memory: keeps nothing).")
    var db: String?

    @Option(help: "Prune traces older than this (24h, 7d; off keeps everything), as X-Ray does after 30 days.")
    var retention: String = "30d"

    @Option(
        name: .customLong("max-db-size"),
        help: "Prune the oldest traces while the database uses more than this (500MB, 2GB; off: no limit).")
    var maxDatabaseSize: String = "2GB"

    @Option(
        name: .customLong("queue-size"),
        help:
            "Memory for datagrams waiting to be parsed; a burst that fills it goes to the spool, or without one drops the oldest, counted (64MB, 1GB)."
    )
    var queueSize: String = "256MB"

    @Option(
        help: ArgumentHelp(
            "Where datagrams wait on disk when the memory queue is full, to be stored in order later (default: the database's path with .spool; off drops the oldest instead).",
            valueName: "folder"))
    var spool: String?

    @Option(
        name: .customLong("spool-size"),
        help: "Disk for the spool; a burst that fills it drops the oldest, counted (500MB, 2GB).")
    var spoolSize: String = "2GB"

    @Option(help: "Sampling rules for the SDKs: `aws xray get-sampling-rules` output or an SDK rules file.")
    var samplingRules: String?

    static var defaultDatabase: String {
        let environment = ProcessInfo.processInfo.environment
        let base =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() + "/.local/share")
        return base + "/xray-tui/traces.db"
    }

    var databasePath: String { db ?? Self.defaultDatabase }

    /// `notify` hears what the user must know once (where the API token is); by default the log.
    func configuration(log: RateLimitedLog, notify: ((String) -> Void)? = nil) throws -> Collector.Configuration {
        guard let udpAddress = HostAndPort(parsing: udp) else {
            throw ValidationError("--udp: expected HOST:PORT, such as 127.0.0.1:2000, not \"\(udp)\"")
        }
        var apiAddress: HostAndPort?
        if let api {
            guard let parsed = HostAndPort(parsing: api) else {
                throw ValidationError("--api: expected HOST:PORT, such as 127.0.0.1:2000, not \"\(api)\"")
            }
            apiAddress = parsed
        }
        var sampling = SamplingRules()
        if let samplingRules {
            do {
                sampling = try SamplingRules.load(path: samplingRules)
            } catch {
                throw ValidationError("--sampling-rules: \(error)")
            }
        }
        guard let queueBytes = ByteSize.parse(queueSize), queueBytes >= 1_000_000 else {
            throw ValidationError(
                "--queue-size: cannot read \"\(queueSize)\" as a size of at least 1MB (try 64MB or 1GB)")
        }
        let spoolSettings = try spoolChoice()
        let annotations = otlpAnnotations.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let (token, notice) = try apiTokenChoice(api: apiAddress ?? udpAddress)
        if let notice { (notify ?? log.always)(notice) }
        return Collector.Configuration(
            udp: udpAddress, api: apiAddress,
            otlpHTTP: try Self.optionalAddress(otlp, option: "--otlp", example: "4318"),
            otlpGRPC: try Self.optionalAddress(otlpGRPC, option: "--otlp-grpc", example: "4317"),
            otlpAnnotations: Set(annotations.filter { !$0.isEmpty }), apiToken: token, queueBytes: queueBytes,
            spool: spoolSettings, sampling: sampling, log: log)
    }

    /// The spool's folder and size: beside the database unless told otherwise, none for a
    /// database in memory (which keeps nothing either) or with `--spool off`.
    func spoolChoice() throws -> IngestSpool.Settings? {
        guard let capacity = ByteSize.parse(spoolSize), capacity >= 1_000_000 else {
            throw ValidationError(
                "--spool-size: cannot read \"\(spoolSize)\" as a size of at least 1MB (try 500MB or 2GB)")
        }
        if let spool {
            if spool.lowercased() == "off" { return nil }
            guard !spool.isEmpty else { throw ValidationError("--spool: expected a folder or off, not an empty path") }
            return IngestSpool.Settings(directory: spool, capacityBytes: capacity)
        }
        guard databasePath != ":memory:" else { return nil }
        return IngestSpool.Settings.beside(database: databasePath, capacityBytes: capacity)
    }

    /// The query API's token: none on loopback (unless one is given) or with `--api-open`;
    /// beyond loopback the one given, or a new one written to a file only the user can read.
    /// The notice says where it is, never what it is.
    func apiTokenChoice(api: HostAndPort) throws -> (token: APIToken?, notice: String?) {
        if apiOpen {
            return (
                nil, api.isLoopback ? nil : "the X-Ray API on \(api) is open to anyone who can reach it (--api-open)"
            )
        }
        if let apiToken {
            guard let token = APIToken(apiToken) else { throw ValidationError("--api-token: the token is empty") }
            return (token, nil)
        }
        // An empty variable counts as unset.
        if let token = ProcessInfo.processInfo.environment["XRAY_TUI_API_TOKEN"].flatMap(APIToken.init) {
            return (token, nil)
        }
        guard !api.isLoopback else { return (nil, nil) }
        let token = APIToken.generate()
        let path = Self.tokenPath
        do {
            try token.write(to: path)
        } catch {
            throw ValidationError(
                "cannot write the API token to \(path): \(error.localizedDescription); give one with --api-token")
        }
        return (
            token,
            "the X-Ray API on \(api) asks for the token in \(path) (readable by you only; readers pass it with --token or XRAY_TUI_API_TOKEN)"
        )
    }

    static var tokenPath: String {
        let environment = ProcessInfo.processInfo.environment
        let base =
            environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() + "/.local/state")
        return base + "/xray-tui/api-token"
    }

    /// `HOST:PORT`, or `off` for a listener the user does not want.
    static func optionalAddress(_ text: String, option: String, example: String) throws -> HostAndPort? {
        if text.lowercased() == "off" { return nil }
        guard let address = HostAndPort(parsing: text) else {
            throw ValidationError(
                "\(option): expected HOST:PORT, such as 127.0.0.1:\(example), or off, not \"\(text)\"")
        }
        return address
    }

    func retentionSeconds() throws -> Double? {
        if ["off", "0", "none"].contains(retention.lowercased()) { return nil }
        guard let seconds = TimeFormat.duration(retention), seconds > 0 else {
            throw ValidationError("--retention: cannot read \"\(retention)\" as a duration (try 24h, 7d or off)")
        }
        return seconds
    }

    func maxDatabaseBytes() throws -> Int? {
        if ["off", "0", "none"].contains(maxDatabaseSize.lowercased()) { return nil }
        guard let bytes = ByteSize.parse(maxDatabaseSize), bytes >= 1_000_000 else {
            throw ValidationError(
                "--max-db-size: cannot read \"\(maxDatabaseSize)\" as a size of at least 1MB (try 500MB, 2GB or off)")
        }
        return bytes
    }

    /// What the log's first line says of pruning.
    var limitsDescription: String {
        let age = (try? retentionSeconds()) == nil ? "kept forever" : "kept \(retention)"
        let size = (try? maxDatabaseBytes()) == nil ? "no size limit" : "at most \(maxDatabaseSize)"
        return "\(age), \(size)"
    }

    func openStore(groups: [API.GroupSummary], quiet: Bool = false) async throws -> TraceStore {
        try await Self.openStore(
            path: databasePath, retention: try retentionSeconds(), maxBytes: try maxDatabaseBytes(), groups: groups,
            quiet: quiet)
    }

    /// Opens the store, creating the database's folder if needed. `quiet` keeps write failures
    /// off stderr (the explorer shows them in the status bar).
    static func openStore(
        path: String, retention: Double?, maxBytes: Int?, groups: [API.GroupSummary], quiet: Bool = false
    ) async throws -> TraceStore {
        if path != ":memory:" {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
        }
        let silent: @Sendable (String) -> Void = { _ in }
        let log = quiet ? silent : TraceStore.standardErrorLog
        // A StoreError's message names the file and what to do; callers may look at its kind.
        let store = try await TraceStore.open(
            path: path, name: "collector", retention: retention, maxBytes: maxBytes, log: log)
        await store.setGroups(groups)
        return store
    }
}
