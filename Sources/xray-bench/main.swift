// Benchmarks. Each case is timed against a baseline measured in the same run, and the ratio is
// the figure to watch; seconds are printed for context and depend on the machine.
//
//     swift run -c release xray-bench [filter|map|table|timeline|ingest|store|parse|place] [--traces N]
//         [--only CASE] [--rates R1,R2]

import MemoryAllocator

print("xray-bench: memory allocator \(MemoryAllocator.name)")
let arguments = CommandLine.arguments
let traceCount = arguments.firstIndex(of: "--traces").flatMap { Int(arguments[$0 + 1]) } ?? 1_000_000
/// `--only simple` or `--only service` runs one filter case, `--only store` or `--only rows` one
/// table case (for profiling).
let only = arguments.firstIndex(of: "--only").map { arguments[$0 + 1] }
let suiteNames = ["filter", "map", "table", "timeline", "ingest", "store", "parse", "place"]
let suites = Set(arguments.dropFirst().filter { suiteNames.contains($0) })

if suites.isEmpty || suites.contains("map") { runMapBenchmarks(sizes: [50, 500, 2000]) }
if suites.isEmpty || suites.contains("timeline") { runTimelineBenchmarks(sizes: [1000, 10000, 100_000]) }
if suites.isEmpty || suites.contains("filter") { runFilterBenchmarks(traceCount: traceCount, only: only) }
if suites.isEmpty || suites.contains("table") {
    // The store first, so that its resident memory is not mixed with the freed rows of the other.
    // `--only store` or `--only rows` runs one of the two.
    if only != "rows" { await runStoreTableBenchmarks(traceCount: traceCount) }
    if only != "store" { runTableBenchmarks(traceCount: traceCount) }
}
if suites.isEmpty || suites.contains("parse") {
    // `--documents N` (default 200,000); `--only profile` parses and nothing else.
    runParseBenchmarks(
        documentCount: arguments.firstIndex(of: "--documents").flatMap { Int(arguments[$0 + 1]) } ?? 200_000,
        profile: only == "profile")
}
if suites.isEmpty || suites.contains("place") {
    // `--documents N` (default 200,000); `--only profile` ingests and places, nothing else.
    await runPlaceBenchmarks(
        documentCount: arguments.firstIndex(of: "--documents").flatMap { Int(arguments[$0 + 1]) } ?? 200_000,
        profile: only == "profile")
}
if suites.isEmpty || suites.contains("store") {
    // `--keep DIR` keeps the generated files there and uses them again on the next run.
    await runStoreBenchmarks(traceCount: traceCount, keep: arguments.firstIndex(of: "--keep").map { arguments[$0 + 1] })
}
if suites.isEmpty || suites.contains("ingest") {
    // Ten seconds a rate (issue 18's bursts). A rate the store does not keep up with shows as
    // a stored rate below it, and as loss once the backlog outgrows the queue (256 MB).
    // `--rates 20000,30000` runs just those (for profiling); `--seconds 60 --rates 50000` is
    // issue 18's sustained case.
    let rates = arguments.firstIndex(of: "--rates").map {
        arguments[$0 + 1].split(separator: ",").compactMap { Int($0) }
    }
    let seconds = arguments.firstIndex(of: "--seconds").flatMap { Double(arguments[$0 + 1]) }
    await runIngestBenchmarks(
        rates: rates ?? [5_000, 10_000, 20_000, 30_000, 40_000, 50_000, 70_000, 100_000], seconds: seconds ?? 10)
}
