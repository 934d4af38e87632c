import ArgumentParser
import TraceStore
import XRayModel

struct MapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map", abstract: "Show the service map of a window (GetServiceGraph).")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, dot }

    @OptionGroup var source: SourceOptions
    @OptionGroup var window: WindowOptions

    @Option(help: "text, json (the GetServiceGraph response) or dot (Graphviz).")
    var format: Format = .text

    func run() async throws {
        let store = try await source.load()
        let timeWindow = try await window.window(for: store)
        let graph = try await store.serviceGraph(window: timeWindow)
        switch format {
        case .text: print(ServiceMapText.render(graph, window: timeWindow), terminator: "")
        case .json: print(try CLIJSONEncoder.encode(ServiceGraphOutput(graph)))
        case .dot: print(DotGraph.render(graph, window: timeWindow), terminator: "")
        }
    }
}
