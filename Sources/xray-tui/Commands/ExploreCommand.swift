import ArgumentParser
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

    @Option(help: "Segment documents to explore: NDJSON, a BatchGetTraces response, or a directory.")
    var source: String?

    @Flag(help: "Show the eks-workshop app live, generated in-process.")
    var demo = false

    @Option(help: "A theme name (default, light, high-contrast, solarized-dark, mono) or a theme file.")
    var theme: String?

    @Option(help: "The time window: 5m, 15m, 1h, 6h, 24h, ... or whole.")
    var window: String?

    @Option(help: "The config file (default: $XDG_CONFIG_HOME/xray-tui/config.toml).")
    var config: String?

    func run() async throws {
        let settings: ExplorerConfig
        do {
            settings = try ExplorerConfig.load(path: config ?? ExplorerConfig.defaultPath)
        } catch {
            throw ValidationError("\(error)")
        }
        let chosenTheme = try loadTheme(theme ?? settings.theme ?? "default")
        let (source, isLive, feed) = try await openSource(settings)
        defer { feed?.cancel() }

        var windowChoice = settings.window ?? (isLive ? .last(900) : .whole)
        if let window {
            if window == "whole" {
                windowChoice = .whole
            } else if let seconds = TimeFormat.duration(window), seconds > 0 {
                windowChoice = .last(seconds)
            } else {
                throw ValidationError("--window: cannot read \"\(window)\" (try 15m, 1h or whole)")
            }
        }
        guard CursesTerminal.isTerminal else {
            throw ValidationError(
                "the explorer needs a terminal; in a pipe or a script use `xray-tui traces`, `trace` or `map`")
        }
        let terminal = try CursesTerminal(theme: chosenTheme)
        var state = AppState(
            sourceName: source.name, isLive: isLive, window: windowChoice, width: 0, height: 0,
            now: Date().timeIntervalSince1970, bindings: KeyTable.bindings(overriding: settings.keys))
        state.table = TableState(names: settings.columns)
        state.monochrome = chosenTheme.isMonochrome
        await ExplorerRunner(backend: terminal, source: source, theme: chosenTheme, state: state).run()
    }

    private func loadTheme(_ name: String) throws -> Theme {
        let searchPath = [ExplorerConfig.directory + "/themes", FileManager.default.currentDirectoryPath + "/themes"]
        do {
            return try Theme.named(name, searchPath: searchPath).honoringNoColor(
                in: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError("--theme: \(error)")
        }
    }

    private func openSource(_ settings: ExplorerConfig) async throws -> (TraceSource, Bool, Task<Void, Never>?) {
        if demo {
            let store = TraceStore(name: "demo: eks-workshop")
            return (store, true, DemoFeed(store: store).start())
        }
        guard let path = source ?? settings.source else {
            throw ValidationError("choose what to explore: --source FILE, or --demo")
        }
        let store = try await SourceOptions.load(path)
        return (store, false, nil)
    }
}
