import AWSXRay
import ArgumentParser
import Foundation
import OTLP
import TraceStore
import XRayModel

/// `--source FILE`: segment documents in NDJSON, a BatchGetTraces response, or a directory;
/// `--source http://HOST:PORT`: a running collector, through the X-Ray API;
/// `--source aws`: AWS X-Ray, signed with the credentials the AWS CLI would use.
struct SourceOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "NDJSON segment documents, a BatchGetTraces JSON response, a directory of them, http://HOST:PORT (a collector) or aws."
    )
    var source: String

    @OptionGroup var aws: AWSOptions

    /// Opens the source. Bad lines in files are reported on stderr as `file:line: reason` and
    /// the rest still loads.
    func load() async throws -> TraceSource {
        try await Self.open(source, aws: aws)
    }

    static func isRemote(_ source: String) -> Bool {
        source == "aws" || source.hasPrefix("http://") || source.hasPrefix("https://")
    }

    static func open(_ source: String, aws: AWSOptions) async throws -> TraceSource {
        if source == "aws" { return try aws.client() }
        guard isRemote(source) else { return try await load(source) }
        guard let url = URL(string: source), url.host != nil else {
            throw ValidationError("--source: cannot read \"\(source)\" as a URL (try http://127.0.0.1:2000)")
        }
        return XRayAPIClient(
            endpoint: url, name: "collector \(url.host!):\(url.port ?? 80)",
            transport: AWSOptions.transport(timeout: AWSOptions.apiTimeout, log: aws.debugLog),
            bearerToken: aws.collectorToken)
    }

    static func load(_ source: String) async throws -> TraceStore {
        let contents: SegmentFileReader.Contents
        do {
            contents = try SegmentFileReader.read(path: source, translator: OTLPFileLines.translator())
        } catch {
            throw Failure("\(error)")
        }
        let shown = 20
        for problem in contents.problems.prefix(shown) { printError(problem.description) }
        if contents.problems.count > shown {
            printError("... and \(contents.problems.count - shown) more problems")
        }
        if contents.documents.isEmpty && !contents.problems.isEmpty {
            throw Failure("\(source): no valid segment documents")
        }
        let store = TraceStore(name: source)
        await store.ingest(contents.documents)
        return store
    }
}

/// The time window: `--start/--end`, or `--since`; over a file with neither, its whole range.
struct WindowOptions: ParsableArguments {
    @Option(help: "Window start: ISO 8601, epoch seconds, or a duration ago (15m, 2h).")
    var start: String?

    @Option(help: "Window end (default: now).")
    var end: String?

    @Option(help: "The last DURATION up to now (15m, 2h, 1d).")
    var since: String?

    func window(for store: TraceSource, now: Double = Date().timeIntervalSince1970) async throws -> TimeWindow {
        if let since {
            guard start == nil, end == nil else {
                throw ValidationError("--since cannot be combined with --start/--end")
            }
            guard let seconds = TimeFormat.duration(since) else {
                throw ValidationError("--since: cannot read \"\(since)\" as a duration (try 15m, 2h, 1d)")
            }
            return TimeWindow(start: now - seconds, end: now)
        }
        if start == nil && end == nil {
            return await store.timeRange() ?? TimeWindow(start: now - 3600, end: now)
        }
        let startTime = try start.map { try parse($0, "--start", now) } ?? 0
        let endTime = try end.map { try parse($0, "--end", now) } ?? now
        guard startTime <= endTime else { throw ValidationError("--start is after --end") }
        return TimeWindow(start: startTime, end: endTime)
    }

    private func parse(_ text: String, _ option: String, _ now: Double) throws -> Double {
        guard let time = TimeFormat.time(text, now: now) else {
            throw ValidationError(
                "\(option): cannot read \"\(text)\" as a time (ISO 8601, epoch seconds, or 15m/2h ago)")
        }
        return time
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// A failure at run time (a port in use, a database held by another process): printed as
/// `Error: ...` without the usage text that ArgumentParser adds to a `ValidationError`.
struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
