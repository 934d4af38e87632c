import AWSXRay
import ArgumentParser
import TraceStore
import XRayFilter
import XRayModel

struct TracesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "traces", abstract: "List trace summaries, newest first (GetTraceSummaries).")

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, ndjson }

    @OptionGroup var source: SourceOptions
    @OptionGroup var window: WindowOptions

    @Option(help: "An X-Ray filter expression, e.g. 'http.status = 500'.")
    var filter: String?

    @Option(help: "Print at most N traces.")
    var limit: Int?

    @Option(help: "table, json (the GetTraceSummaries response) or ndjson (one summary a line).")
    var format: Format = .table

    func run() async throws {
        let store = try await source.load()
        let timeWindow = try await window.window(for: store)
        // A remote source gets the expression unchanged, after the same check a file gets
        // here, with its groups, so a typo is shown with a caret instead of a service error.
        if let client = store as? XRayAPIClient, let filter, !filter.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                _ = try FilterExpression(parsing: filter, groups: try await client.groups())
            } catch let error as FilterError {
                printError("xray-tui: invalid --filter expression\n" + error.pointing(into: filter) + "\n\(error)")
                throw ExitCode(2)
            }
        }
        var summaries: [API.TraceSummary] = []
        var processed = 0
        var query = SummaryQuery(window: timeWindow, filter: filter)
        repeat {
            let page: SummaryPage
            do {
                page = try await store.summaries(query)
            } catch let error as FilterError {
                printError(
                    "xray-tui: invalid --filter expression\n" + error.pointing(into: filter ?? "") + "\n\(error)")
                throw ExitCode(2)
            }
            summaries += page.summaries
            processed += page.tracesProcessed
            query.nextToken = page.nextToken
        } while query.nextToken != nil && summaries.count < (limit ?? .max)
        if let limit { summaries = Array(summaries.prefix(limit)) }

        switch format {
        case .table:
            print(TraceTable.render(summaries), terminator: "")
            if summaries.isEmpty, let range = await store.timeRange(),
                !timeWindow.overlaps(start: range.start, end: range.end)
            {
                printError("no traces in \(timeWindow); \(source.source) covers \(range)")
            }
        case .json:
            let output = TraceSummariesOutput(
                TraceSummaries: summaries, TracesProcessedCount: processed,
                ApproximateTime: summaries.last?.StartTime ?? timeWindow.start)
            print(try CLIJSONEncoder.encode(output))
        case .ndjson:
            for summary in summaries { print(try DocumentParser.compactJSON(summary)) }
        }
    }
}
