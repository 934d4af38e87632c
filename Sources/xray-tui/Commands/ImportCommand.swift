import ArgumentParser
import Foundation
import OTLP
import TraceStore
import XRayModel

/// `xray-tui import FILE...`: loads recordings into the collector's database.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load segment documents (NDJSON, BatchGetTraces JSON, or a directory) into the store.")

    @Argument(help: "Files or directories to load.")
    var files: [String]

    @Option(help: "The SQLite database (default: $XDG_DATA_HOME/xray-tui/traces.db).")
    var db: String?

    func run() async throws {
        let path = db ?? CollectorOptions.defaultDatabase
        // Recordings are often older than the collector's retention: import keeps them all.
        let store = try await CollectorOptions.openStore(path: path, retention: nil, maxBytes: nil, groups: [])
        // Nothing reads while importing: assembled traces need not be kept.
        await store.setCachesPlacedTraces(false)
        let before = await store.counters
        var problems = 0
        for file in files {
            do {
                // A block at a time: memory stays bounded whatever the size of the file. A
                // block is written while the next one is read, parsed and placed; the next
                // write waits for it.
                try await SegmentFileReader.stream(
                    path: file, blockBytes: 32 << 20, translator: OTLPFileLines.translator()
                ) { contents in
                    for problem in contents.problems.prefix(max(0, 20 - problems)) { printError(problem.description) }
                    problems += contents.problems.count
                    await store.ingest(contents.documents)
                    try await store.startFlush()
                }
                try await store.flush()
            } catch {
                await store.close()
                throw Failure("\(error)")
            }
        }
        // Minutes whose traces straddled two blocks get their map aggregates now, not when a
        // map first needs them.
        await store.repairGraphAggregates()
        await store.close()
        let after = await store.counters
        print(
            "imported into \(path): \(after.added - before.added) new documents, "
                + "\(after.replaced - before.replaced) replaced, \(after.unchanged - before.unchanged) already there"
                + (problems > 0 ? ", \(problems) problems" : ""))
        if problems > 0 && after.accepted == before.accepted { throw ExitCode(1) }
    }
}
