import Explorer
import Foundation
import SampleData
import TraceStore
import XRayModel

// The trace table over a store of distinct traces (a million by default): what a user waits for
// between typing a filter and seeing the table, against the obvious hand-written Swift over the
// same summaries, taken from the store once, outside the timing.

/// Requests per second of the generated traffic: a million traces are 10,000 simulated seconds.
/// At 10 ms apart, and the workshop's scheduling jitter under 5 ms, no two traces start together.
private let storeRate = 100.0
/// Traffic is generated and ingested ten simulated minutes at a time, so that only one chunk's
/// documents are held besides the store.
private let chunkSeconds = 600.0
private let storeStart = 1_795_683_600.0
private let storeFilter = "http.status >= 400"

func runStoreTableBenchmarks(traceCount: Int) async {
    let store = await buildStore(traceCount: traceCount)
    let window = await store.timeRange()!
    let now = window.end
    let oldestFirst = await allSummaries(store, window: window)

    // Typing a filter: the load, the sort by response time and the first frame of the table.
    var loaded: [API.TraceSummary] = []
    let loadTime = await fastestAwaiting(2) {
        loaded = await ExplorerRunner.load(store, window: .whole, filter: storeFilter, now: now).summaries
    }
    var handRows: [API.TraceSummary] = []
    let handLoadTime = fastest(2) { handRows = newestMatching(oldestFirst, limit: 20_000) }
    precondition(loaded.map(\.Id) == handRows.map(\.Id), "the load and the loop found different traces")
    let graphTime = await fastestAwaiting(2) {
        _ = try! await store.traceGraph(ids: loaded.compactMap(\.Id), window: window)
    }
    print(
        "store load `\(storeFilter)`: \(loaded.count) rows in \(seconds(loadTime)) (of which the graph of the "
            + "matches \(seconds(graphTime))), hand-written loop \(seconds(handLoadTime)), "
            + "ratio \(ratio(loadTime, handLoadTime))")

    var sorted: [API.TraceSummary] = []
    let sortTime = fastest(2) { sorted = TableSort(column: .response, descending: true).apply(to: loaded) }
    let handSortTime = fastest(2) { _ = handRows.sorted { ($0.ResponseTime ?? -1) > ($1.ResponseTime ?? -1) } }
    print(
        "store sort of \(sorted.count) by response time: \(seconds(sortTime)), hand-written "
            + "\(seconds(handSortTime)), ratio \(ratio(sortTime, handSortTime))")

    let frameTime = fastest(3) { _ = render(tableState(sorted, filter: storeFilter)) }
    let total = loadTime + sortTime + frameTime
    let handTotal = handLoadTime + handSortTime
    print(
        "store filter to first frame: load + sort + frame \(milliseconds(frameTime)) = \(seconds(total)), "
            + "hand-written loop + sorted \(seconds(handTotal)), ratio \(ratio(total, handTotal))")

    await timeDefaultView(store, now: now, oldestFirst: oldestFirst)
}

/// The default view (no filter) and a group-by status over what it loads. The first load also
/// builds the per-minute service-graph aggregates, which later loads reuse, so both are shown.
private func timeDefaultView(_ store: TraceStore, now: Double, oldestFirst: [API.TraceSummary]) async {
    var rows: [API.TraceSummary] = []
    let firstTime = await fastestAwaiting(1) {
        rows = await ExplorerRunner.load(store, window: .whole, filter: "", now: now).summaries
    }
    let againTime = await fastestAwaiting(2) {
        _ = await ExplorerRunner.load(store, window: .whole, filter: "", now: now)
    }
    let handTime = fastest(2) { _ = Array(oldestFirst.suffix(20_000).reversed()) }
    print(
        "store load with no filter: \(rows.count) rows in \(seconds(firstTime)) first, \(seconds(againTime)) "
            + "again, hand-written newest 20,000 \(seconds(handTime)), ratio \(ratio(againTime, handTime))")

    var groups: [GroupRow] = []
    let groupTime = fastest(2) { groups = TraceAnalytics.groups(rows, by: .status) }
    let handGroupTime = fastest(2) {
        var counts: [Int: Int] = [:]
        for summary in rows { counts[summary.Http?.HttpStatus ?? -1, default: 0] += 1 }
    }
    print(
        "store group-by status over \(rows.count): \(groups.count) groups in \(milliseconds(groupTime)), "
            + "hand-written count \(milliseconds(handGroupTime)), ratio \(ratio(groupTime, handGroupTime))")
}

/// An in-memory store of `traceCount` distinct `eks-workshop` traces, with what building it
/// took printed as context (not a benchmark figure).
private func buildStore(traceCount: Int) async -> TraceStore {
    let before = memoryMegabytes()
    let store = TraceStore(name: "bench")
    var generating = 0.0
    var ingesting = 0.0
    let perChunk = Int(chunkSeconds * storeRate)
    for (chunk, first) in stride(from: 0, to: traceCount, by: perChunk).enumerated() {
        var documents: [StoredDocument] = []
        generating += fastest(1) {
            documents = chunkDocuments(chunk: chunk, first: first, count: min(perChunk, traceCount - first))
        }
        ingesting += await fastestAwaiting(1) { await store.ingest(documents) }
    }
    // Ingest only notes which traces changed; the first read assembles and indexes them all,
    // so it is part of what opening a store costs.
    let indexing = await fastestAwaiting(1) { _ = await store.timeRange() }
    let stored = await store.traceCount
    precondition(stored == traceCount, "generated \(stored) distinct traces, not \(traceCount)")
    let after = memoryMegabytes()
    print(
        "store of \(stored) traces: generating \(seconds(generating)), ingesting \(seconds(ingesting)), "
            + "first read (assembly, indexes) \(seconds(indexing)); resident memory "
            + "\(after.map { "\($0.resident) MB (peak \($0.peak) MB)" } ?? "unknown")"
            + "\(before.map { ", \($0.resident) MB before" } ?? "")")
    return store
}

/// One chunk of traffic: `count` requests from trace number `first` on, each chunk with its own
/// seed so that trace ids never repeat. Requests start every 1/rate seconds from offset 0, and
/// a duration half an interval short of `count` intervals holds exactly `count` of them.
private func chunkDocuments(chunk: Int, first: Int, count: Int) -> [StoredDocument] {
    SampleGenerator(
        scenario: .eksWorkshop, seed: UInt64(chunk + 1), start: storeStart + Double(first) / storeRate,
        duration: (Double(count) - 0.5) / storeRate, rate: storeRate
    ).documents()
}

/// Every summary in the store through its public API, oldest first: the pages of the whole
/// window with no filter, which come newest first.
private func allSummaries(_ store: TraceStore, window: TimeWindow) async -> [API.TraceSummary] {
    var query = SummaryQuery(window: window)
    var newestFirst: [API.TraceSummary] = []
    repeat {
        let page = try! await store.summaries(query)
        newestFirst += page.summaries
        query.nextToken = page.nextToken
    } while query.nextToken != nil
    return newestFirst.reversed()
}

/// The hand-written filter: a walk back from the newest summary, keeping those with status
/// 400 or more until there are `limit`.
private func newestMatching(_ oldestFirst: [API.TraceSummary], limit: Int) -> [API.TraceSummary] {
    var rows: [API.TraceSummary] = []
    for summary in oldestFirst.reversed() where (summary.Http?.HttpStatus ?? 0) >= 400 {
        rows.append(summary)
        if rows.count == limit { break }
    }
    return rows
}

/// The explorer on the traces tab showing these rows, as after a load.
private func tableState(_ rows: [API.TraceSummary], filter: String) -> AppState {
    var state = AppState(sourceName: "bench", isLive: false, window: .whole, width: 120, height: 40, now: 0)
    state.tab = .traces
    state.filter = filter
    state.summaries = rows
    return state
}

/// `fastest` for work that awaits (the store is an actor).
func fastestAwaiting(_ runs: Int, _ body: () async -> Void) async -> Double {
    var best = Double.infinity
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        await body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return best
}

/// The process's resident memory and its peak, in megabytes, from /proc (Linux only).
func memoryMegabytes() -> (resident: Int, peak: Int)? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    func megabytes(_ field: String) -> Int? {
        // A line reads "VmRSS:    123456 kB".
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }) else { return nil }
        return line.split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap { Int($0) }.map { $0 / 1024 }
    }
    guard let resident = megabytes("VmRSS"), let peak = megabytes("VmHWM") else { return nil }
    return (resident, peak)
}
