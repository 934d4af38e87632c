import Foundation
import TraceStore
import XRayFilter
import XRayModel

/// The X-Ray API as the collector serves it: `POST /<Operation>` with a JSON body, answered in
/// the service's shapes and errors, so the AWS CLI, botocore and the SDKs' sampling pollers
/// read it as they read X-Ray. Pure request-to-response code; `APIServer` puts it on HTTP.
public struct XRayAPI: Sendable {
    let store: TraceStore
    let counters: CounterBox
    let sampling: SamplingRules
    let log: RateLimitedLog
    /// Prometheus text for `GET /metrics`.
    let metrics: @Sendable () async -> String
    /// When set, the query operations need `Authorization: Bearer <token>`; what SDKs and
    /// probes call (sampling, PutTraceSegments, telemetry, `/healthz`, `/metrics`) does not.
    var token: APIToken?

    /// At most this many ids per BatchGetTraces and GetTraceGraph, as the API allows.
    static let maxTraceIDs = 5

    /// Operations anyone who can reach the port may call: the SDKs send no token, nor do probes.
    static let openPaths: Set<String> = [
        "/healthz", "/metrics", "/TraceSegments", "/GetSamplingRules", "/SamplingTargets", "/TelemetryRecords",
    ]

    public func handle(method: String, path: String, body: Data, authorization: String? = nil) async -> APIResponse {
        do {
            if let token, !Self.openPaths.contains(path), !token.admits(authorization) {
                throw APIError.unauthorized(
                    authorization == nil
                        ? "\(path) needs the collector's API token: Authorization: Bearer <token> (readers: --token or XRAY_TUI_API_TOKEN)"
                        : "the API token given for \(path) is not this collector's")
            }
            switch (method, path) {
            case ("GET", "/healthz"): return .text("ok\n")
            case ("GET", "/metrics"): return .text(await metrics(), contentType: "text/plain; version=0.0.4")
            case ("POST", "/TraceSegments"): return .json(try await putTraceSegments(decode(body)))
            case ("POST", "/TraceSummaries"): return .json(try await traceSummaries(decode(body)))
            case ("POST", "/Traces"): return .json(try await batchGetTraces(decode(body)))
            case ("POST", "/TraceGraph"): return .json(try await traceGraph(decode(body)))
            case ("POST", "/ServiceGraph"): return .json(try await serviceGraph(decode(body)))
            case ("POST", "/TimeSeriesServiceStatistics"): return .json(try await timeSeries(decode(body)))
            case ("POST", "/Groups"): return .json(await groups())
            case ("POST", "/GetGroup"): return .json(try await group(decode(body)))
            case ("POST", "/GetSamplingRules"): return .json(sampling.rulesResult())
            case ("POST", "/SamplingTargets"): return .json(try sampling.targets(for: decode(body)))
            // The daemon's own telemetry; accepted and ignored, as there is nowhere to send it.
            case ("POST", "/TelemetryRecords"): return .json([String: String]())
            default: throw APIError.unknownOperation("\(method) \(path)")
            }
        } catch let error as APIError {
            return error.response
        } catch let error as FilterError {
            return APIError.invalidRequest("FilterExpression: \(error)").response
        } catch {
            return APIError.invalidRequest("\(error)").response
        }
    }

    private func decode<Request: Decodable>(_ body: Data) throws -> Request {
        let text = body.isEmpty ? Data("{}".utf8) : body
        do {
            return try JSONDecoder().decode(Request.self, from: text)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw APIError.invalidRequest("\(field): \(context.debugDescription)")
        } catch {
            throw APIError.invalidRequest("the request body is not the JSON this operation takes")
        }
    }

    // MARK: operations

    func putTraceSegments(_ request: API.PutTraceSegmentsRequest) async throws -> API.PutTraceSegmentsResult {
        guard let documents = request.TraceSegmentDocuments else {
            throw APIError.invalidRequest("TraceSegmentDocuments is required")
        }
        var accepted: [StoredDocument] = []
        var unprocessed: [API.UnprocessedTraceSegment] = []
        var rejections: [DocumentRejection] = []
        for text in documents {
            switch DocumentParser.parse(Data(text.utf8)) {
            case .success(let document): accepted.append(document)
            case .failure(let rejection):
                rejections.append(rejection)
                var entry = API.UnprocessedTraceSegment()
                entry.Id = rejection.documentID
                entry.ErrorCode = rejection.reason.label
                entry.Message = rejection.description
                unprocessed.append(entry)
            }
        }
        IngestPipeline.record(
            accepted: accepted.count, rejections: rejections, source: "PutTraceSegments", counters, log)
        if !accepted.isEmpty { await store.ingest(accepted) }
        return API.PutTraceSegmentsResult(UnprocessedTraceSegments: unprocessed)
    }

    func traceSummaries(_ request: API.GetTraceSummariesRequest) async throws -> API.GetTraceSummariesResult {
        let window = try Self.window(request.StartTime, request.EndTime)
        var rangeType = TimeRangeType.traceID
        if let name = request.TimeRangeType {
            guard let type = TimeRangeType(rawValue: name) else {
                throw APIError.invalidRequest(
                    "TimeRangeType must be TraceId, Event or Service, not \"\(Sanitizer.clean(name))\"")
            }
            rangeType = type
        }
        let query = SummaryQuery(
            window: window, filter: request.FilterExpression, timeRangeType: rangeType, nextToken: request.NextToken)
        do {
            return try await store.summaries(query).apiResult
        } catch let error as TraceSourceError {
            throw APIError.invalidRequest("\(error)")
        }
    }

    func batchGetTraces(_ request: API.BatchGetTracesRequest) async throws -> API.BatchGetTracesResult {
        let ids = try Self.traceIDs(request.TraceIds)
        let traces = try await store.traces(ids: ids)
        return API.BatchGetTracesResult(Traces: traces.map(\.apiTrace), UnprocessedTraceIds: [])
    }

    func traceGraph(_ request: API.GetTraceGraphRequest) async throws -> API.GetTraceGraphResult {
        let ids = try Self.traceIDs(request.TraceIds)
        var builder = ServiceGraphBuilder()
        for trace in try await store.traces(ids: ids) { builder.add(trace) }
        let graph = builder.result(start: 0, end: 0)
        var result = API.GetTraceGraphResult()
        result.Services = graph.Services ?? []
        return result
    }

    func serviceGraph(_ request: API.GetServiceGraphRequest) async throws -> API.GetServiceGraphResult {
        let window = try Self.window(request.StartTime, request.EndTime)
        guard let group = try await findGroup(name: request.GroupName, arn: request.GroupARN),
            let filter = group.FilterExpression, !filter.isEmpty
        else {
            return try await store.serviceGraph(window: window)
        }
        // A group's graph is the graph of the traces its filter selects.
        var ids: [String] = []
        var token: String?
        repeat {
            let page = try await store.summaries(SummaryQuery(window: window, filter: filter, nextToken: token))
            ids += page.summaries.compactMap(\.Id)
            token = page.nextToken
        } while token != nil
        return try await store.traceGraph(ids: ids, window: window)
    }

    func timeSeries(_ request: API.GetTimeSeriesServiceStatisticsRequest) async throws
        -> API.GetTimeSeriesServiceStatisticsResult
    {
        let window = try Self.window(request.StartTime, request.EndTime)
        if let selector = request.EntitySelectorExpression, !selector.isEmpty {
            throw APIError.invalidRequest(
                "EntitySelectorExpression is not supported by xray-tui's collector yet; "
                    + "leave it out for the entry edge's statistics")
        }
        if request.GroupName != nil || request.GroupARN != nil {
            throw APIError.invalidRequest("GroupName and GroupARN are not supported here by xray-tui's collector yet")
        }
        let period = Double(request.Period ?? 60)
        guard period >= 60, period.truncatingRemainder(dividingBy: 60) == 0 else {
            throw APIError.invalidRequest("Period must be a multiple of 60 seconds")
        }
        var result = API.GetTimeSeriesServiceStatisticsResult()
        result.TimeSeriesServiceStatistics = try await store.timeSeries(window: window, period: period)
        result.ContainsOldGroupVersions = false
        return result
    }

    func groups() async -> API.GetGroupsResult {
        var result = API.GetGroupsResult()
        result.Groups = await store.groups
        return result
    }

    func group(_ request: API.GetGroupRequest) async throws -> API.GetGroupResult {
        guard request.GroupName != nil || request.GroupARN != nil else {
            throw APIError.invalidRequest("GroupName or GroupARN is required")
        }
        var result = API.GetGroupResult()
        result.Group = try await findGroup(name: request.GroupName, arn: request.GroupARN)
        return result
    }

    // MARK: helpers

    /// nil when neither is given; a 404 when the group is not configured.
    private func findGroup(name: String?, arn: String?) async throws -> API.GroupSummary? {
        guard name != nil || arn != nil else { return nil }
        let groups = await store.groups
        if let group = groups.first(where: {
            (name != nil && $0.GroupName == name) || (arn != nil && $0.GroupARN == arn)
        }) {
            return group
        }
        let wanted = Sanitizer.clean(name ?? arn ?? "")
        throw APIError.notFound("Group \(wanted) not found", resource: wanted)
    }

    static func window(_ start: Double?, _ end: Double?) throws -> TimeWindow {
        guard let start, let end else { throw APIError.invalidRequest("StartTime and EndTime are required") }
        guard start <= end else { throw APIError.invalidRequest("StartTime must not be after EndTime") }
        return TimeWindow(start: start, end: end)
    }

    static func traceIDs(_ ids: [String]?) throws -> [String] {
        guard let ids, !ids.isEmpty else { throw APIError.invalidRequest("TraceIds is required") }
        guard ids.count <= maxTraceIDs else {
            throw APIError.invalidRequest("TraceIds has \(ids.count) ids; at most \(maxTraceIDs) are allowed per call")
        }
        return ids
    }
}
