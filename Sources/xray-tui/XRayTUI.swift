import ArgumentParser

/// The `xray-tui` command. The explorer UI is being built; until then these read-only
/// commands print what it will show.
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
