import Foundation
import XRayModel

/// Transaction Search keeps spans in CloudWatch Logs, where BatchGetTraces cannot see them.
/// X-Ray fetches them on request instead: StartTraceRetrieval, then ListRetrievedTraces until
/// the retrieval is complete, then its pages of traces.
extension XRayAPIClient {
    struct StartRetrievalRequest: Codable {
        var TraceIds: [String]
        var StartTime: Double
        var EndTime: Double
    }

    struct StartRetrievalResult: Codable { var RetrievalToken: String? }

    struct ListRetrievedRequest: Codable {
        var RetrievalToken: String
        var TraceFormat = "XRAY"
        var NextToken: String?
    }

    struct ListRetrievedResult: Codable {
        struct RetrievedTrace: Codable {
            var Id: String?
            var Spans: [API.Segment]?
        }
        var RetrievalStatus: String?
        var Traces: [RetrievedTrace]?
        var NextToken: String?
    }

    /// StartTraceRetrieval takes at most 100 ids.
    static let idsPerRetrieval = 100
    /// How long a retrieval may stay scheduled or running before we give up on it (X-Ray's
    /// own limit is an hour; a user waiting on a trace will not wait that long).
    static let retrievalPatience = 60.0

    func retrieveTraces(ids: [String]) async throws(XRayAPIError) -> [Trace] {
        var traces: [Trace] = []
        for start in stride(from: 0, to: ids.count, by: Self.idsPerRetrieval) {
            traces += try await retrieve(Array(ids[start..<min(ids.count, start + Self.idsPerRetrieval)]))
        }
        return traces
    }

    private func retrieve(_ ids: [String]) async throws(XRayAPIError) -> [Trace] {
        // The time range to search: a trace id carries its start second; allow a minute before
        // (clock skew between hosts) and an hour after (long traces).
        let epochs = ids.compactMap(XRayID.epochSeconds(ofTraceID:))
        let now = Date().timeIntervalSince1970
        let request = StartRetrievalRequest(
            TraceIds: ids, StartTime: (epochs.min() ?? now - 3600) - 60, EndTime: min(now, (epochs.max() ?? now) + 3600)
        )
        let started = try await call(
            "StartTraceRetrieval", path: "StartTraceRetrieval", request, as: StartRetrievalResult.self)
        guard let token = started.RetrievalToken else {
            throw .badResponse(operation: "StartTraceRetrieval", detail: "no RetrievalToken in the answer")
        }
        var waited = 0.0
        var wait = 0.5
        var list = ListRetrievedRequest(RetrievalToken: token)
        var traces: [Trace] = []
        while true {
            let page = try await call(
                "ListRetrievedTraces", path: "ListRetrievedTraces", list, as: ListRetrievedResult.self)
            switch page.RetrievalStatus {
            case "SCHEDULED", "RUNNING":
                // Nothing to read until COMPLETE: ask again, less often as time goes on.
                guard waited < Self.retrievalPatience else {
                    throw .badResponse(
                        operation: "ListRetrievedTraces",
                        detail: "the retrieval of \(ids.count) traces was still \(page.RetrievalStatus!) "
                            + "after \(Int(waited)) s; try again later")
                }
                await retry.sleep(wait)
                waited += wait
                wait = min(5, wait * 2)
                list.NextToken = nil
            case "COMPLETE":
                traces += (page.Traces ?? []).compactMap { retrieved in
                    var trace = API.Trace()
                    trace.Id = retrieved.Id
                    trace.Segments = retrieved.Spans
                    return Self.assemble(trace)
                }
                guard let next = page.NextToken else { return traces }
                list.NextToken = next
            default:
                throw .badResponse(
                    operation: "ListRetrievedTraces",
                    detail: "the retrieval ended \(page.RetrievalStatus ?? "without a status")")
            }
        }
    }
}
