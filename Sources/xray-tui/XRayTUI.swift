import ArgumentParser

/// The `xray-tui` command: the explorer by default; the collector (`collect`, `import`,
/// `send`); and commands that print what the explorer shows (`traces`, `trace`, `map`).
@main
struct XRayTUI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xray-tui",
        abstract: "Explore AWS X-Ray traces in the terminal.",
        subcommands: [
            ExploreCommand.self, TracesCommand.self, TraceCommand.self, MapCommand.self, SampleCommand.self,
            KeysCommand.self, CollectCommand.self, ImportCommand.self, SendCommand.self,
        ],
        defaultSubcommand: ExploreCommand.self
    )
}
