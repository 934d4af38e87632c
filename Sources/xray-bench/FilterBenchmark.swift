import Foundation
import SampleData
import XRayFilter
import XRayModel

// The filter language: a compiled expression against a hand-written Swift predicate that asks
// the same question, over the same traces in the same run.

/// Distinct traces from both scenarios, repeated up to the requested count: a million distinct
/// assembled traces would need several gigabytes, and evaluation cost does not depend on
/// whether two traces share storage.
func makeTraces(count: Int) -> (summaries: [API.TraceSummary], traces: [Trace]) {
    var documents: [StoredDocument] = []
    documents += SampleGenerator(scenario: .eksWorkshop, seed: 7, start: 1_795_683_600, duration: 7200).documents()
    documents += SampleGenerator(scenario: .shop, seed: 7, start: 1_795_683_600, duration: 1200).documents()
    var byTrace: [String: TraceDocuments] = [:]
    for document in documents {
        byTrace[document.traceID, default: TraceDocuments(traceID: document.traceID)].insert(document)
    }
    let distinct = byTrace.keys.sorted().map { id in
        let trace = byTrace[id]!.assemble()
        return (summary: API.TraceSummary(trace: trace), trace: trace)
    }
    print("distinct traces: \(distinct.count), repeated to \(count)")
    return (
        (0..<count).map { distinct[$0 % distinct.count].summary },
        (0..<count).map { distinct[$0 % distinct.count].trace }
    )
}

func time(_ body: () -> Int) -> (seconds: Double, matches: Int) {
    let start = DispatchTime.now().uptimeNanoseconds
    let matches = body()
    return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, matches)
}

func report(
    _ name: String, filter text: String, baseline: (API.TraceSummary, Trace) -> Bool,
    over data: (summaries: [API.TraceSummary], traces: [Trace])
) {
    let (summaries, traces) = data
    let filter = try! FilterExpression(parsing: text)
    // Run each twice and keep the faster, so a cold cache does not decide the ratio.
    var ours = (seconds: Double.infinity, matches: 0)
    var theirs = (seconds: Double.infinity, matches: 0)
    for _ in 0..<2 {
        // Both read the traces in place through buffer pointers, as a store holding them in
        // contiguous arrays would: Array's subscript would copy each summary first.
        let a = time {
            summaries.withUnsafeBufferPointer { summaries in
                traces.withUnsafeBufferPointer { traces in
                    var count = 0
                    for i in summaries.indices where filter.matches(summaries[i], trace: { traces[i] }) { count += 1 }
                    return count
                }
            }
        }
        let b = time {
            summaries.withUnsafeBufferPointer { summaries in
                traces.withUnsafeBufferPointer { traces in
                    summaries.indices.reduce(0) { count, i in count + (baseline(summaries[i], traces[i]) ? 1 : 0) }
                }
            }
        }
        if a.seconds < ours.seconds { ours = a }
        if b.seconds < theirs.seconds { theirs = b }
    }
    precondition(ours.matches == theirs.matches, "\(name): filter matched \(ours.matches), baseline \(theirs.matches)")
    let perTrace = ours.seconds / Double(traces.count) * 1e9
    print(
        "\(name): `\(text)` matched \(ours.matches) of \(traces.count); filter \(String(format: "%.3f", ours.seconds)) s "
            + "(\(String(format: "%.0f", perTrace)) ns/trace), hand-written \(String(format: "%.3f", theirs.seconds)) s, "
            + "ratio \(String(format: "%.2f", ours.seconds / theirs.seconds))")
}

func runFilterBenchmarks(traceCount: Int, only: String?) {
    let traces = makeTraces(count: traceCount)

    if only == nil || only == "simple" {
        report(
            "simple", filter: "http.status = 500", baseline: { summary, _ in summary.Http?.HttpStatus == 500 },
            over: traces
        )
    }

    if only == nil || only == "service" {
        report(
            "service", filter: #"service("x-ray-sample-back-k8s") { fault }"#,
            baseline: { _, trace in
                trace.segments.contains {
                    $0.document.name == "x-ray-sample-back-k8s" && $0.document.statusClass == .fault
                }
            }, over: traces)
    }
}
