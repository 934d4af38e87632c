import ArgumentParser
import Explorer
import Foundation
import TraceStore
import XRayModel

struct TraceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace", abstract: "Show one trace as a waterfall or as BatchGetTraces JSON.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case waterfall, json }

    @Argument(help: "One or more trace ids (1-XXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXX), as batch-get-traces takes them.")
    var ids: [String]

    @OptionGroup var source: SourceOptions

    @Option(help: "waterfall (a text timeline) or json (the BatchGetTraces response).")
    var format: Format = .waterfall

    @Option(help: "Width of the waterfall in columns.")
    var width: Int = 120

    func run() async throws {
        for id in ids where !XRayID.isValidTraceID(id) {
            throw ValidationError("\"\(id)\" is not a trace id (expected 1-XXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXX in hex)")
        }
        let store = try await source.load()
        let traces = try await store.traces(ids: ids)
        let missing = ids.filter { id in !traces.contains { $0.id == id } }
        switch format {
        case .json:
            // Like BatchGetTraces, ids that are not found are listed, not an error in the output.
            let result = API.BatchGetTracesResult(Traces: traces.map(\.apiTrace), UnprocessedTraceIds: missing)
            print(try CLIJSONEncoder.encode(result))
        case .waterfall:
            // The explorer's own waterfall rows, drawn as text.
            let colour = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            // text() ends its last line itself; print's own newline would add a blank line.
            for trace in traces {
                print(WaterfallRows.text(trace, width: max(60, width), colour: colour), terminator: "")
            }
        }
        for id in missing { printError("trace \(id) is not in \(source.source)") }
        if !missing.isEmpty { throw ExitCode(1) }
    }
}
