import Explorer
import Foundation
import SampleData
import TraceStore
import XRayModel

// The store at the size users reach: a million eks-workshop traces (two million documents),
// written as NDJSON, imported with `xray-tui import`, served by `xray-tui collect` and opened by
// the explorer, as a user meets them. Each figure is printed beside a baseline measured in the
// same run on the same files: Python's `json` parsing the NDJSON, SQLite (Python's sqlite3
// module) reading every stored document or running the equivalent SQL over the trace table.

private let rate = 100.0
private let chunkSeconds = 600.0

/// `keep`: a folder to work in and keep; when it holds the files of an earlier run of the same
/// size, they are used again and the import is not measured (for profiling the rest).
func runStoreBenchmarks(traceCount: Int, keep: String?) async {
    let folder =
        keep ?? FileManager.default.temporaryDirectory.appendingPathComponent("xray-store-bench-\(getpid())").path
    try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { if keep == nil { try? FileManager.default.removeItem(atPath: folder) } }
    let ndjson = folder + "/traces.ndjson"
    let database = folder + "/traces.db"
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
        "xray-tui"
    ).path
    // The traffic ends a minute ago, so the explorer's default window (the last 15 minutes) is full.
    let reuse = keep != nil && fileBytes(database) > 0
    let end =
        reuse
        ? Double(try! String(contentsOfFile: folder + "/end", encoding: .utf8))!
        : (Date().timeIntervalSince1970 - 60).rounded(.down)
    let start = end - Double(traceCount) / rate
    let generated = reuse ? traceCount * 2 : writeTraffic(to: ndjson, traces: traceCount, start: start)
    try! String(end).write(toFile: folder + "/end", atomically: true, encoding: .utf8)
    let ndjsonBytes = fileBytes(ndjson)
    print(
        "store benchmark: \(traceCount) traces, \(generated) documents, \(ndjsonBytes / 1_000_000) MB of NDJSON "
            + "in \(folder)")

    var rows: [(String, String, String, String)] = []
    func report(_ measure: String, _ ours: String, _ baseline: String, _ ratio: String) {
        rows.append((measure, ours, baseline, ratio))
        print("  \(measure): \(ours); baseline \(baseline); ratio \(ratio)")
    }

    // Import, against Python's json parsing the same file.
    if !reuse {
        await measureImport()
        // The import leaves up to a gigabyte of written pages for the kernel to flush; start-up
        // timed while it does was half a second slower. Flushed first, as after any pause.
        sync()
    }
    func measureImport() async {
        let pythonParse = timed {
            _ = run(
                "/usr/bin/env",
                ["python3", "-c", "import json,sys\nfor l in open(sys.argv[1],'rb'): json.loads(l)", ndjson])
        }
        let importTime = timed { _ = run(binary, ["import", ndjson, "--db", database]) }
        report(
            "import", "\(Int(Double(generated) / importTime)) docs/s (\(seconds(importTime)))",
            "Python json.loads of every line: \(Int(Double(generated) / pythonParse)) docs/s (\(seconds(pythonParse)))",
            ratio(pythonParse, importTime) + " (speed, higher is better)")
    }
    let databaseBytes = fileBytes(database) + fileBytes(database + "-wal")
    report(
        "database size", "\(databaseBytes / 1_000_000) MB", "NDJSON \(ndjsonBytes / 1_000_000) MB",
        String(format: "%.2f", Double(databaseBytes) / Double(ndjsonBytes)))

    // SQLite reading every stored document: the floor for anything that parses them all.
    let sqliteRead = timed {
        _ = run(
            "/usr/bin/env",
            [
                "python3", "-c",
                "import sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\nn=0\n"
                    + "for (b,) in c.execute('SELECT body FROM document'): n+=len(b)\nprint(n)", database,
            ])
    }

    // `collect` over the database: start to /healthz and to the first GetTraceSummaries page.
    let collect = measureCollect(binary: binary, database: database, window: (start - 60, end + 60))
    report(
        "collect: start to /healthz, to the first page", "\(seconds(collect.health)), \(seconds(collect.page))",
        "sqlite reading every document \(seconds(sqliteRead))", ratio(collect.page, sqliteRead))
    report(
        "collect: resident memory after the first page",
        "\(collect.residentKB / 1024) MB, \(collect.residentKB * 1024 / traceCount) bytes a trace", "1 KB a trace",
        String(format: "%.2f", Double(collect.residentKB * 1024 / traceCount) / 1024))

    // The explorer over the database: start to the first frame of the map.
    // Its default window, the last 15 minutes, ends now: for files made earlier, a window
    // reaching back to their last 15 minutes.
    let minutes = Int((Date().timeIntervalSince1970 - end) / 60) + 15
    let explorerFrame = measureExplorerStart(binary: binary, database: database, window: "\(minutes)m")
    report(
        "explorer: start to the first frame of the map", seconds(explorerFrame),
        "sqlite reading every document \(seconds(sqliteRead))", ratio(explorerFrame, sqliteRead))

    // In this process: filters, the graph and a typed filter over the opened store.
    // The explorer's tmux pane is gone, but its process may still be closing the database.
    var opened: TraceStore?
    for _ in 0..<100 where opened == nil {
        opened = try? await TraceStore.open(
            path: database, name: "bench", retention: nil, log: { print("  store: \($0)") })
        if opened == nil { usleep(100_000) }
    }
    guard let store = opened else { fatalError("\(database) stayed locked") }
    await measureQueries(store, database: database, end: end, report: report)
    await store.close()

    print("\n| measure | ours | baseline (same run) | ratio |\n|---|---|---|---|")
    for row in rows { print("| \(row.0) | \(row.1) | \(row.2) | \(row.3) |") }
}

private func measureQueries(
    _ store: TraceStore, database: String, end: Double, report: (String, String, String, String) -> Void
) async {
    for (filter, sql) in [
        ("http.status >= 500", "SELECT count(*) FROM trace WHERE http_status >= 500"),
        (#"service("x-ray-sample-back-k8s") { fault }"#, "SELECT count(*) FROM trace WHERE has_fault"),
    ] {
        var count = 0
        let time = await fastestAwaiting(3) { count = try! await store.count(matching: filter) }
        let baseline = sqlTime(database, sql)
        report(
            "`\(filter)` over the whole store", "\(count) traces in \(milliseconds(time))",
            "SQL `\(sql)` \(milliseconds(baseline))", ratio(time, baseline))
    }

    let day = TimeWindow(start: end - 86_400, end: end)
    var services = 0
    let cold = await fastestAwaiting(1) { services = try! await store.serviceGraph(window: day).Services?.count ?? 0 }
    let warm = await fastestAwaiting(3) { _ = try! await store.serviceGraph(window: day) }
    // What SQL takes for the numbers of one edge (client to the entry service) over the day.
    let graphBaseline = sqlTime(
        database,
        "SELECT has_fault, has_error, count(*), sum(root_duration) FROM trace WHERE trace_start >= \(day.start) "
            + "AND trace_start <= \(day.end) GROUP BY has_fault, has_error")
    report(
        "service graph, 24 hours (\(services) nodes)", "\(milliseconds(cold)) first, \(milliseconds(warm)) again",
        "SQL for the entry edge's counts and times over the day \(milliseconds(graphBaseline))",
        ratio(cold, graphBaseline))

    // A filter typed in the explorer: the load of the table's rows and the first frame.
    let typed = "http.status = 502"
    var loaded: [API.TraceSummary] = []
    let load = await fastestAwaiting(2) {
        loaded = await ExplorerRunner.load(store, window: .last(900), filter: typed, now: end).summaries
    }
    var state = AppState(sourceName: "bench", isLive: false, window: .last(900), width: 120, height: 40, now: end)
    state.tab = .traces
    state.filter = typed
    state.summaries = loaded
    let frame = fastest(3) { _ = render(state) }
    let tableBaseline = sqlTime(
        database,
        "SELECT id FROM trace WHERE http_status = 502 AND start_time >= \(end - 900) ORDER BY start_time DESC LIMIT 20000"
    )
    report(
        "explorer: `\(typed)` typed to the new table (\(loaded.count) rows, last 15 minutes)",
        "\(milliseconds(load + frame))", "SQL for the same rows \(milliseconds(tableBaseline))",
        ratio(load + frame, tableBaseline))
}

/// Writes `traces` eks-workshop traces at `rate` a second from `start`, ten minutes at a time.
private func writeTraffic(to path: String, traces: Int, start: Double) -> Int {
    FileManager.default.createFile(atPath: path, contents: nil)
    let handle = FileHandle(forWritingAtPath: path)!
    defer { try? handle.close() }
    let perChunk = Int(chunkSeconds * rate)
    var written = 0
    for (chunk, first) in stride(from: 0, to: traces, by: perChunk).enumerated() {
        let count = min(perChunk, traces - first)
        let documents = SampleGenerator(
            scenario: .eksWorkshop, seed: UInt64(chunk + 1), start: start + Double(first) / rate,
            duration: (Double(count) - 0.5) / rate, rate: rate
        ).documents()
        var text = ""
        for document in documents {
            text += document.raw
            text += "\n"
        }
        handle.write(Data(text.utf8))
        written += documents.count
    }
    return written
}

private struct CollectRun {
    var health: Double
    var page: Double
    var residentKB: Int
}

private func measureCollect(binary: String, database: String, window: (Double, Double)) -> CollectRun {
    let port = 23_000 + Int(getpid() % 1000)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = [
        "collect", "--udp", "127.0.0.1:\(port)", "--db", database, "--retention", "off", "--max-db-size", "off",
    ]
    process.standardError = FileHandle.nullDevice
    let began = DispatchTime.now().uptimeNanoseconds
    func since() -> Double { Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9 }
    try! process.run()
    defer {
        process.terminate()
        process.waitUntilExit()
    }
    var health = 0.0
    while health == 0 {
        if http("GET", port: port, path: "/healthz", body: nil) != nil { health = since() } else { usleep(5_000) }
    }
    let body = #"{"StartTime": \#(window.0), "EndTime": \#(window.1)}"#
    let answer = http("POST", port: port, path: "/TraceSummaries", body: body)
    let page = since()
    precondition(answer?.contains("TraceSummaries") == true, "no summaries: \(answer ?? "no answer")")
    return CollectRun(health: health, page: page, residentKB: residentKB(of: process.processIdentifier))
}

/// The explorer in a tmux pane of 120x40, timed from start until the map shows the back end.
private func measureExplorerStart(binary: String, database: String, window: String) -> Double {
    let session = "xray-store-bench-\(getpid())"
    let port = 24_000 + Int(getpid() % 1000)
    let command =
        "\(binary) --db \(database) --udp 127.0.0.1:\(port) --retention off --max-db-size off --window \(window)"
    let began = DispatchTime.now().uptimeNanoseconds
    // Through system(), which waits with waitpid: Foundation's Process watches a descriptor
    // for the exit, and the tmux server started here inherits it and keeps it open.
    _ = system("tmux new-session -d -s \(session) -x 120 -y 40 '\(command)' </dev/null >/dev/null 2>&1")
    defer { _ = run("/usr/bin/env", ["tmux", "kill-session", "-t", session]) }
    while true {
        let screen = run("/usr/bin/env", ["tmux", "capture-pane", "-p", "-t", session])
        if screen.contains("x-ray-sample-back") { break }
        guard Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9 < 120 else {
            print("  explorer: no map after 120 s; the screen was:\n\(screen)")
            return .nan
        }
        usleep(10_000)
    }
    return Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
}

private func sqlTime(_ database: String, _ sql: String) -> Double {
    // Python starts in about 20 ms: time the query inside it, so only SQLite is measured.
    let output = run(
        "/usr/bin/env",
        [
            "python3", "-c",
            "import sqlite3,sys,time\nc=sqlite3.connect(sys.argv[1])\nbest=9e9\nfor _ in range(3):\n"
                + " t=time.perf_counter(); c.execute(sys.argv[2]).fetchall(); best=min(best,time.perf_counter()-t)\n"
                + "print(best)", database, sql,
        ])
    return Double(output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .nan
}

func timed(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Runs a command to its end and returns what it printed on standard output.
@discardableResult
func run(_ executable: String, _ arguments: [String]) -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try! process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: output, as: UTF8.self)
}

private func http(_ method: String, port: Int, path: String, body: String?) -> String? {
    var arguments = ["curl", "-s", "-f", "-X", method, "http://127.0.0.1:\(port)\(path)"]
    if let body { arguments += ["-H", "Content-Type: application/json", "-d", body] }
    let output = run("/usr/bin/env", arguments)
    return output.isEmpty ? nil : output
}

private func residentKB(of pid: Int32) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
    else { return 0 }
    return line.split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap { Int($0) } ?? 0
}

private func fileBytes(_ path: String) -> Int {
    (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
}
