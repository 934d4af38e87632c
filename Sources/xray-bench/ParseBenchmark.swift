import Dispatch
import Foundation
import SampleData
import XRayModel

// Parsing segment documents: `shop` documents written as NDJSON, each line parsed and checked
// by `DocumentParser.parse` (the decoder every ingest path uses), against Python's orjson and
// json parsing the same lines in the same run (only the parse loop is timed on either side,
// not start-up or reading the file). Foundation's JSONDecoder, the decoder used before, is
// timed on the same lines for context.

/// `profile`: only parse, over and over (for a profiler).
func runParseBenchmarks(documentCount: Int, profile: Bool = false) {
    let perHour = SampleGenerator(scenario: .shop, seed: 5, start: 1_795_680_000, duration: 600).documents().count * 6
    let hours = max(1.0 / 6, Double(documentCount) / Double(max(1, perHour)))
    let documents = SampleGenerator(scenario: .shop, seed: 5, start: 1_795_680_000, duration: hours * 3_600).documents()
    let lines = documents.prefix(documentCount).map { Data($0.bytes) }
    let bytes = lines.reduce(0) { $0 + $1.count }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("xray-parse-bench-\(getpid()).ndjson").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    var file = Data(capacity: bytes + lines.count)
    for line in lines {
        file.append(line)
        file.append(UInt8(ascii: "\n"))
    }
    FileManager.default.createFile(atPath: path, contents: file)
    print("parse: \(lines.count) shop documents, \(bytes / lines.count) bytes on average, \(bytes / 1_000_000) MB")

    func rate(_ seconds: Double) -> String {
        String(format: "%.0f docs/s, %.0f MB/s", Double(lines.count) / seconds, Double(bytes) / seconds / 1e6)
    }

    if profile {
        for _ in 0..<20 { for line in lines { _ = DocumentParser.parse(line) } }
        return
    }
    // Best of three, as for the Python side.
    var accepted = 0
    let ours = (0..<3).map { _ in
        timed {
            accepted = 0
            for line in lines { if case .success = DocumentParser.parse(line) { accepted += 1 } }
        }
    }.min()!
    precondition(accepted == lines.count, "the benchmark's documents must all be accepted")
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let oursParallel = (0..<3).map { _ in
        timed {
            DispatchQueue.concurrentPerform(iterations: cores * 4) { slice in
                let lower = lines.count * slice / (cores * 4)
                let upper = lines.count * (slice + 1) / (cores * 4)
                for index in lower..<upper { _ = DocumentParser.parse(lines[index]) }
            }
        }
    }.min()!
    let foundation =
        timed { for line in lines.prefix(lines.count / 10) { _ = DocumentParser.parseWithJSONDecoder(line) } } * 10

    func python(_ module: String) -> Double? {
        let script = """
            import sys, time
            import \(module) as parser
            lines = open(sys.argv[1], 'rb').read().split(b'\\n')[:-1]
            best = 9e9
            for _ in range(3):
                start = time.perf_counter()
                for line in lines: parser.loads(line)
                best = min(best, time.perf_counter() - start)
            print(best)
            """
        let output = run("/usr/bin/env", ["python3", "-c", script, path])
        return Double(output.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    print("  ours (DocumentParser, one core): \(rate(ours))")
    print("  ours on \(cores) cores: \(rate(oursParallel))")
    print("  Foundation JSONDecoder (the previous decoder, one core): \(rate(foundation))")
    if let orjson = python("orjson") {
        print(
            "  baseline Python orjson.loads (one core): \(rate(orjson)); ratio \(String(format: "%.2f", orjson / ours)) "
                + "(speed, one core against one core; higher is better)")
    } else {
        print("  baseline Python orjson: not installed (pip install orjson)")
    }
    if let json = python("json") {
        print("  baseline Python json.loads (one core): \(rate(json)); ratio \(String(format: "%.2f", json / ours))")
    }
}
