import ArgumentParser
import Collector
import CursesTerminal
import Explorer
import Foundation
import TerminalKit
import TraceStore
import XRayModel

/// `xray-tui` with no subcommand: the interactive explorer.
struct ExploreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore", abstract: "The interactive explorer (the default command).")

    @Option(
        help:
            "What to explore: NDJSON segment documents, a BatchGetTraces response, a directory, http://HOST:PORT (a collector) or aws (AWS X-Ray)."
    )
    var source: String?

    @Flag(help: "Show the eks-workshop app live: generated in-process and sent to an embedded collector.")
    var demo = false

    @OptionGroup(title: "Collector (without --source: receive live from X-Ray SDKs)")
    var collectorOptions: CollectorOptions

    @OptionGroup(title: "AWS (with --source aws)")
    var aws: AWSOptions

    @Option(help: "A theme name (default, light, high-contrast, solarized-dark, mono) or a theme file.")
    var theme: String?

    @Option(help: "The time window: 5m, 15m, 1h, 6h, 24h, ... or whole.")
    var window: String?

    @Option(help: "The config file (default: $XDG_CONFIG_HOME/xray-tui/config.toml).")
    var config: String?

    @Option(
        help: ArgumentHelp(
            "Start on this trace's timeline: an X-Ray trace id, or the 32-hex W3C id OpenTelemetry logs print.",
            valueName: "id"))
    var open: String?

    func validate() throws {
        if let open, Explorer.traceID(from: open) == nil {
            throw ValidationError(
                "--open: \"\(open)\" is not a trace id (give 1-5f2b3c4d-00112233445566778899aabb or 32 hex digits)")
        }
    }

    func run() async throws {
        let settings: ExplorerConfig
        do {
            settings = try ExplorerConfig.load(path: config ?? ExplorerConfig.defaultPath)
        } catch {
            throw Failure("\(error)")
        }
        let chosenTheme = try loadTheme(theme ?? settings.theme ?? "default")
        // Before any source opens: a collector must not start only to find there is no screen.
        guard CursesTerminal.isTerminal else {
            throw Failure(
                "the explorer needs a terminal; in a pipe or a script use `xray-tui traces`, `trace` or `map`")
        }
        // The log would be drawn over by the screen, and scribble on it.
        if aws.debug && isatty(STDERR_FILENO) == 1 {
            throw ValidationError(
                "--debug writes to standard error, which is the explorer's terminal; send it to a file: 2> xray-debug.log"
            )
        }
        var windowChoice = settings.window
        if let window {
            if window == "whole" {
                windowChoice = .whole
            } else if let seconds = TimeFormat.duration(window), seconds > 0 {
                windowChoice = .last(seconds)
            } else {
                throw ValidationError("--window: cannot read \"\(window)\" (try 15m, 1h or whole)")
            }
        }
        let opened = try await openSource(settings)
        let (source, isLive) = (opened.source, opened.isLive)
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(theme: chosenTheme)
        } catch {
            await opened.close()
            throw error
        }
        var state = AppState(
            sourceName: source.name, isLive: isLive, window: windowChoice ?? (isLive ? .last(900) : .whole),
            width: 0, height: 0,
            now: Date().timeIntervalSince1970, bindings: KeyTable.bindings(overriding: settings.keys))
        state.table = TableState(names: settings.columns)
        state.monochrome = chosenTheme.isMonochrome
        var effects: [Effect] = []
        if let open, let id = Explorer.traceID(from: open) { effects = Explorer.openTrace(id, in: &state) }
        let runner = ExplorerRunner(
            backend: terminal, source: source, theme: chosenTheme, state: state, themes: themeCatalog(),
            history: .standard())
        await runner.run(startingWith: effects)
        await opened.close()
        if let problem = runner.historyProblem { printError("xray-tui: " + problem) }
    }

    private static var themeSearchPath: [String] {
        [ExplorerConfig.directory + "/themes", FileManager.default.currentDirectoryPath + "/themes"]
    }

    private func loadTheme(_ name: String) throws -> Theme {
        do {
            return try Theme.named(name, searchPath: Self.themeSearchPath).honoringNoColor(
                in: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError("--theme: \(error)")
        }
    }

    /// What `:theme` offers: the built-in themes and theme files found where `--theme` looks.
    private func themeCatalog() -> ThemeCatalog {
        let searchPath = Self.themeSearchPath
        return ThemeCatalog(names: Theme.availableNames(searchPath: searchPath)) { name in
            try Theme.named(name, searchPath: searchPath).honoringNoColor(in: ProcessInfo.processInfo.environment)
        }
    }

    /// What the explorer reads, and how to let go of it when it quits.
    struct OpenedSource {
        var source: TraceSource
        var isLive: Bool
        var close: @Sendable () async -> Void = {}
    }

    private func openSource(_ settings: ExplorerConfig) async throws -> OpenedSource {
        if let path = source ?? (demo ? nil : settings.source) {
            return OpenedSource(
                source: try await SourceOptions.open(path, aws: aws), isLive: SourceOptions.isRemote(path))
        }
        if demo {
            // Its own ports and no database: the demo never disturbs a real collector or its data.
            let store = TraceStore(name: "demo")
            let configuration = Collector.Configuration(udp: HostAndPort(host: "127.0.0.1", port: 0))
            let collector = try await startCollector(store: store, configuration: configuration)
            let feed = try DemoFeed(target: collector.udpAddress).start()
            let source = CollectorSource(collector: collector, name: "demo: eks-workshop → \(collector.udpAddress)")
            return OpenedSource(source: source, isLive: true) {
                feed.cancel()
                await collector.stop()
            }
        }
        // The log would scribble on the screen; a notice is printed before the screen is taken,
        // and is there again in the terminal after quitting.
        let configuration = try collectorOptions.configuration(log: .silent, notify: { printError("xray-tui: " + $0) })
        do {
            let store = try await collectorOptions.openStore(groups: settings.groups, quiet: true)
            let collector: Collector
            do {
                collector = try await Collector.start(store: store, configuration: configuration)
            } catch {
                await store.close()
                throw error
            }
            return OpenedSource(source: CollectorSource(collector: collector), isLive: true) {
                await collector.stop()
                await store.close()
            }
        } catch {
            // The usual cause: `xray-tui collect` already runs, holding the port and the database.
            let heldByAnother =
                (error as? CollectorError)?.isAddressInUse == true || (error as? StoreError)?.kind == .locked
            guard heldByAnother else { throw Failure("\(error)") }
            if await XRayAPIProbe.answers(at: configuration.api) {
                let endpoint = "http://\(configuration.api)"
                if Self.ask("\(error)\nIt answers the X-Ray API at \(endpoint). Read from it instead? [Y/n] ") {
                    return OpenedSource(source: try await SourceOptions.open(endpoint, aws: aws), isLive: true)
                }
                throw Failure("not reading from \(endpoint); stop the other collector, or choose --udp and --db")
            }
            throw Failure(
                "\(error)\nStop it, or run this one elsewhere (--udp 127.0.0.1:2001 --otlp 127.0.0.1:4319 "
                    + "--otlp-grpc 127.0.0.1:4316 --db FILE), "
                    + "or explore a file with --source FILE, or try --demo.")
        }
    }

    /// A start-up question on the terminal, before the explorer takes the screen. Enter means yes.
    static func ask(_ question: String) -> Bool {
        FileHandle.standardError.write(Data(question.utf8))
        guard let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        return answer.isEmpty || answer == "y" || answer == "yes"
    }

    /// Starts a collector with nothing to fall back on (the demo's, on ports of its own).
    private func startCollector(store: TraceStore, configuration: Collector.Configuration) async throws -> Collector {
        do {
            return try await Collector.start(store: store, configuration: configuration)
        } catch {
            throw Failure("\(error)")
        }
    }
}
