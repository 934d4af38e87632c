import Foundation
import XRayModel

/// A `TraceSource` over the X-Ray API: AWS X-Ray (`--source aws`, signed), another xray-tui
/// collector (`--source http://HOST:PORT`, unsigned), or anything else that answers the API.
/// Requests are built and answers decoded in the API's own shapes.
public struct XRayAPIClient: TraceSource {
    public let endpoint: URL
    public let name: String
    let transport: HTTPTransport
    /// Nil for a collector, which takes unsigned requests as the daemon's proxy does.
    let signing: RequestSigning?
    /// A collector bound beyond loopback asks for its API token (`Authorization: Bearer`).
    let bearerToken: String?
    let retry: RetryPolicy
    /// How often the explorer is told to look again, since the API has no push.
    let pollInterval: Duration
    /// The longest window one GetTraceSummaries call is given; longer ones are asked in slices
    /// (nil: never sliced, as for a collector).
    public var maximumWindow: Double?

    /// What `--source aws` uses: six hours.
    public static let awsMaximumWindow = 6 * 3600.0

    /// BatchGetTraces takes at most five ids a call.
    static let idsPerCall = 5

    public init(
        endpoint: URL, name: String? = nil, transport: HTTPTransport = URLSessionTransport(),
        signing: RequestSigning? = nil, bearerToken: String? = nil, retry: RetryPolicy = RetryPolicy(),
        pollInterval: Duration = .seconds(5)
    ) {
        self.bearerToken = bearerToken
        self.endpoint = endpoint
        self.name = name ?? endpoint.absoluteString
        self.transport = transport
        self.signing = signing
        self.retry = retry
        self.pollInterval = pollInterval
    }

    /// One call: `POST /<path>` with the request as JSON, signed when talking to AWS, retried
    /// on throttling, server errors and silence; the answer decoded or the API's error.
    func call<Request: Encodable, Response: Decodable>(
        _ operation: String, path: String, _ request: Request, as: Response.Type
    ) async throws(XRayAPIError) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body: Data
        do {
            body = try encoder.encode(request)
        } catch {
            throw .badResponse(operation: operation, detail: "cannot encode the request: \(error)")
        }
        let url = endpoint.appendingPathComponent(path)
        var headers = ["Content-Type": "application/json"]
        if let bearerToken { headers["Authorization"] = "Bearer \(bearerToken)" }
        let unsigned = HTTPExchange.Request(method: "POST", url: url, headers: headers, body: body)
        var attempt = 0
        while true {
            let response: HTTPExchange.Response
            do throws(XRayAPIError) {
                response = try await send(try await signed(unsigned), operation: operation)
            } catch {
                attempt += 1
                guard retry.shouldRetry(after: error, attempts: attempt) else { throw error }
                await retry.sleep(retry.delay(after: attempt - 1))
                continue
            }
            do {
                return try JSONDecoder().decode(Response.self, from: response.body)
            } catch {
                throw .badResponse(operation: operation, detail: "\(error)")
            }
        }
    }

    /// Signs with fresh credentials for each attempt (temporary ones may have been renewed).
    private func signed(_ request: HTTPExchange.Request) async throws(XRayAPIError) -> HTTPExchange.Request {
        guard let signing else { return request }
        let credentials: AWSCredentials
        do {
            credentials = try await signing.credentials()
        } catch {
            throw .credentials("\(error)")
        }
        return signing.signer.sign(request, credentials: credentials, date: signing.now())
    }

    private func send(_ request: HTTPExchange.Request, operation: String) async throws(XRayAPIError)
        -> HTTPExchange.Response
    {
        let response: HTTPExchange.Response
        do {
            response = try await transport.send(request)
        } catch let error as XRayAPIError {
            throw error
        } catch {
            throw .transport(Self.describeTransportFailure(error, operation: operation, url: request.url))
        }
        guard (200..<300).contains(response.status) else { throw XRayAPIError.from(response, operation: operation) }
        return response
    }

    /// "no answer", said so that a wrong region or a missing network can be told apart.
    static func describeTransportFailure(_ error: Error, operation: String, url: URL) -> String {
        let host = url.host ?? url.absoluteString
        let detail = error.localizedDescription
        let lowered = detail.lowercased()
        if lowered.contains("resolve") || lowered.contains("host") && lowered.contains("not") {
            let region = host.hasPrefix("xray.") ? host.split(separator: ".").dropFirst().first.map(String.init) : nil
            return "\(operation): cannot find \(host)"
                + (region.map { " (is \($0) a region? is there a network?)" } ?? " (is there a network?)")
        }
        return
            "\(operation): no answer from \(url.scheme ?? "http")://\(host)\(url.port.map { ":\($0)" } ?? ""): \(detail)"
    }

    // MARK: TraceSource

    public func summaries(_ query: SummaryQuery) async throws -> SummaryPage {
        guard let length = maximumWindow else { return try await unslicedSummaries(query) }
        return try await slicedSummaries(query, length: length)
    }

    /// One GetTraceSummaries call, the window as given.
    func unslicedSummaries(_ query: SummaryQuery) async throws -> SummaryPage {
        var request = API.GetTraceSummariesRequest()
        request.StartTime = query.window.start
        request.EndTime = query.window.end
        request.TimeRangeType = query.timeRangeType.rawValue
        request.FilterExpression = query.filter
        request.NextToken = query.nextToken
        let result = try await call(
            "GetTraceSummaries", path: "TraceSummaries", request, as: API.GetTraceSummariesResult.self)
        return SummaryPage(
            summaries: result.TraceSummaries ?? [], nextToken: result.NextToken,
            approximateTime: result.ApproximateTime, tracesProcessed: result.TracesProcessedCount ?? 0)
    }

    public func traces(ids: [String]) async throws -> [Trace] {
        var traces: [Trace] = []
        for start in stride(from: 0, to: ids.count, by: Self.idsPerCall) {
            var pending = Array(ids[start..<min(ids.count, start + Self.idsPerCall)])
            var token: String?
            // Ids the service could not process this time are asked for again, once.
            for attempt in 0..<2 where !pending.isEmpty {
                repeat {
                    let result = try await call(
                        "BatchGetTraces", path: "Traces",
                        API.BatchGetTracesRequest(TraceIds: pending, NextToken: token),
                        as: API.BatchGetTracesResult.self)
                    traces += (result.Traces ?? []).compactMap(Self.assemble)
                    token = result.NextToken
                    if token == nil { pending = attempt == 0 ? result.UnprocessedTraceIds ?? [] : [] }
                } while token != nil
            }
        }
        if traces.isEmpty && !ids.isEmpty && signing != nil, await sendsSpansToCloudWatchLogs() {
            let retrieved = try await retrieveTraces(ids: ids)
            if retrieved.isEmpty { throw XRayAPIError.transactionSearch(operation: "BatchGetTraces") }
            return retrieved
        }
        return traces
    }

    /// With Transaction Search, spans go to CloudWatch Logs and BatchGetTraces finds nothing;
    /// asked only when it found nothing, so the usual path costs no extra call. A failure to
    /// ask (no permission) counts as "no".
    func sendsSpansToCloudWatchLogs() async -> Bool {
        struct Destination: Codable { var Destination: String? }
        let answer = try? await call(
            "GetTraceSegmentDestination", path: "GetTraceSegmentDestination", [String: String](),
            as: Destination.self)
        return answer?.Destination == "CloudWatchLogs"
    }

    public func serviceGraph(window: TimeWindow) async throws -> API.GetServiceGraphResult {
        var request = API.GetServiceGraphRequest()
        request.StartTime = window.start
        request.EndTime = window.end
        var merged = API.GetServiceGraphResult()
        repeat {
            let page = try await call(
                "GetServiceGraph", path: "ServiceGraph", request, as: API.GetServiceGraphResult.self)
            merged.StartTime = page.StartTime ?? window.start
            merged.EndTime = page.EndTime ?? window.end
            merged.Services = (merged.Services ?? []) + (page.Services ?? [])
            merged.ContainsOldGroupVersions = page.ContainsOldGroupVersions
            request.NextToken = page.NextToken
        } while request.NextToken != nil
        return merged
    }

    public func timeSeries(window: TimeWindow, period: Double) async throws -> [API.TimeSeriesServiceStatistics] {
        var request = API.GetTimeSeriesServiceStatisticsRequest()
        request.StartTime = window.start
        request.EndTime = window.end
        request.Period = max(60, Int(period / 60) * 60)
        var points: [API.TimeSeriesServiceStatistics] = []
        repeat {
            let page = try await call(
                "GetTimeSeriesServiceStatistics", path: "TimeSeriesServiceStatistics", request,
                as: API.GetTimeSeriesServiceStatisticsResult.self)
            points += page.TimeSeriesServiceStatistics ?? []
            request.NextToken = page.NextToken
        } while request.NextToken != nil
        return points
    }

    /// Ticks every `pollInterval` while someone listens.
    public func changes() -> AsyncStream<Void> {
        let interval = pollInterval
        return AsyncStream { continuation in
            let task = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    continuation.yield()
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// A trace from BatchGetTraces' shape. X-Ray's inferred segments are left out: assembly
    /// rebuilds them from the calling subsegments.
    static func assemble(_ trace: API.Trace) -> Trace? {
        guard let id = trace.Id else { return nil }
        var documents = TraceDocuments(traceID: id)
        for segment in trace.Segments ?? [] {
            guard let text = segment.Document, case .success(let stored) = DocumentParser.parse(Data(text.utf8)),
                !stored.document.inferred
            else { continue }
            documents.insert(stored)
        }
        return documents.isEmpty ? nil : documents.assemble()
    }
}

extension XRayAPIClient {
    /// X-Ray's public endpoint for a region (`https://xray.us-east-1.amazonaws.com`; China's
    /// regions are under amazonaws.com.cn).
    public static func awsEndpoint(region: String) -> URL {
        let domain = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return URL(string: "https://xray.\(region).\(domain)")!
    }
}

extension XRayAPIClient {
    /// PutTraceSegments: at most 50 documents a call, as JSON strings.
    public func putTraceSegments(_ documents: [String]) async throws(XRayAPIError) -> API.PutTraceSegmentsResult {
        try await call(
            "PutTraceSegments", path: "TraceSegments", API.PutTraceSegmentsRequest(TraceSegmentDocuments: documents),
            as: API.PutTraceSegmentsResult.self)
    }
}

extension XRayAPIClient {
    public func filterGroups() async throws -> [API.GroupSummary] { try await groups() }
}

extension XRayAPIClient {
    /// GetTraceGraph takes five ids a call: 250 traces are 50 calls, which X-Ray answers in a
    /// few seconds without throttling, where the 20,000 a filter can match would be 4,000.
    public var traceGraphLimit: Int? { 250 }

    /// The graph of these traces from GetTraceGraph, five at a time, added into one.
    public func traceGraph(ids: [String], window: TimeWindow) async throws -> API.GetServiceGraphResult {
        var merged = ServiceGraphMerge()
        for start in stride(from: 0, to: ids.count, by: Self.idsPerCall) {
            var request = API.GetTraceGraphRequest()
            request.TraceIds = Array(ids[start..<min(ids.count, start + Self.idsPerCall)])
            repeat {
                let page = try await call(
                    "GetTraceGraph", path: "TraceGraph", request, as: API.GetTraceGraphResult.self)
                merged.add(page.Services ?? [])
                request.NextToken = page.NextToken
            } while request.NextToken != nil
        }
        return merged.result(window: window)
    }

    /// GetGroups, every page: the groups `group.name` and `group.arn` refer to.
    public func groups() async throws(XRayAPIError) -> [API.GroupSummary] {
        var request = API.GetGroupsRequest()
        var groups: [API.GroupSummary] = []
        repeat {
            let page = try await call("GetGroups", path: "Groups", request, as: API.GetGroupsResult.self)
            groups += page.Groups ?? []
            request.NextToken = page.NextToken
        } while request.NextToken != nil
        return groups
    }
}
