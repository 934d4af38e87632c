import Foundation
import Testing
import XRayModel

@testable import AWSXRay

/// The client's behaviour on the wire: retries and their waits, the errors users read, signing,
/// BatchGetTraces' five-id calls, and the forwarder's batches.
@Suite struct XRayAPIClientTests {
    let endpoint = URL(string: "https://xray.eu-west-2.amazonaws.com")!
    let window = TimeWindow(start: 1_700_000_000, end: 1_700_000_600)

    final class Waits: @unchecked Sendable {
        let lock = NSLock()
        var seconds: [Double] = []
        func add(_ value: Double) { lock.withLock { seconds.append(value) } }
    }

    /// Waits are recorded, not slept; the jitter takes the top of its range, so the caps show.
    func client(_ transport: RecordingTransport, waits: Waits = Waits(), signing: RequestSigning? = nil)
        -> XRayAPIClient
    {
        let retry = RetryPolicy(
            maxAttempts: 4, baseDelay: 0.1, maxDelay: 0.3, sleep: { waits.add($0) }, random: { $0.upperBound })
        return XRayAPIClient(endpoint: endpoint, transport: transport, signing: signing, retry: retry)
    }

    static var emptyPage: [String: Any] { ["TraceSummaries": [], "TracesProcessedCount": 0] }

    @Test func throttlingIsRetriedWithGrowingCappedWaits() async throws {
        let transport = RecordingTransport([
            { _ in RecordingTransport.json(429, ["Message": "Rate exceeded"], errorType: "ThrottledException") },
            { _ in RecordingTransport.json(503, ["Message": "busy"], errorType: "ServiceUnavailableException") },
            { _ in RecordingTransport.json(400, ["Message": "slow down"], errorType: "ThrottlingException:http://x") },
            { _ in RecordingTransport.json(200, Self.emptyPage) },
        ])
        let waits = Waits()
        let page = try await client(transport, waits: waits).summaries(SummaryQuery(window: window))
        #expect(page.summaries.isEmpty)
        #expect(transport.sent.count == 4)
        #expect(waits.seconds == [0.1, 0.2, 0.3], "0.1 s doubling, capped at 0.3 s")
    }

    @Test func clientErrorsAreNotRetriedAndSayWhatToDo() async throws {
        let denied = RecordingTransport([
            { _ in
                RecordingTransport.json(
                    403,
                    ["Message": "User: arn:aws:iam::1:user/dev is not authorized to perform: xray:GetTraceSummaries"],
                    errorType: "AccessDeniedException")
            }
        ])
        await #expect {
            _ = try await client(denied).summaries(SummaryQuery(window: window))
        } throws: { error in
            let text = "\(error)"
            return text.contains("GetTraceSummaries: AccessDeniedException (HTTP 403)")
                && text.contains("need the IAM permission xray:GetTraceSummaries")
        }
        #expect(denied.sent.count == 1)

        let expired = RecordingTransport([
            { _ in
                RecordingTransport.json(
                    400, ["message": "The security token included in the request is expired"],
                    errorType: "ExpiredTokenException")
            }
        ])
        await #expect {
            _ = try await client(expired).serviceGraph(window: window)
        } throws: { "\($0)".contains("session token has expired") }
    }

    struct NoAnswer: Error {}

    /// A request that got no answer is asked once more, not four times: with the network
    /// down each attempt waits out the timeout, and the user should hear so soon.
    @Test func noAnswerIsAskedOnceMoreThenReported() async throws {
        let transport = RecordingTransport(Array(repeating: { _ in throw NoAnswer() }, count: 10))
        await #expect {
            _ = try await client(transport).summaries(SummaryQuery(window: window))
        } throws: { error in
            guard case .transport = error as? XRayAPIError else { return false }
            return true
        }
        #expect(transport.sent.count == 2)

        let recovers = RecordingTransport([
            { _ in throw NoAnswer() }, { _ in RecordingTransport.json(200, Self.emptyPage) },
        ])
        let page = try await client(recovers).summaries(SummaryQuery(window: window))
        #expect(page.summaries.isEmpty)
        #expect(recovers.sent.count == 2)
    }

    @Test func persistentServerErrorsGiveUpAfterTheLastAttempt() async throws {
        let transport = RecordingTransport(
            Array(repeating: { _ in RecordingTransport.json(500, ["Message": "oops"]) }, count: 10))
        await #expect(throws: XRayAPIError.self) {
            _ = try await client(transport).summaries(SummaryQuery(window: window))
        }
        #expect(transport.sent.count == 4)
    }

    @Test func requestsAreSignedForTheRegionWithFreshCredentials() async throws {
        let transport = RecordingTransport([{ _ in RecordingTransport.json(200, Self.emptyPage) }])
        let signing = RequestSigning(
            region: "eu-west-2",
            credentials: {
                AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "token-1")
            }, now: { Date(timeIntervalSince1970: 1_440_938_160) })
        _ = try await client(transport, signing: signing).summaries(
            SummaryQuery(window: window, filter: "http.status = 500"))
        let request = try #require(transport.sent.first)
        #expect(request.url.absoluteString == "https://xray.eu-west-2.amazonaws.com/TraceSummaries")
        let authorization = try #require(request.headers["Authorization"])
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-2/xray/aws4_request"))
        #expect(request.headers["X-Amz-Security-Token"] == "token-1")
        #expect(request.headers["X-Amz-Date"] == "20150830T123600Z")
        let body = RecordingTransport.body(request)
        #expect(body["FilterExpression"] as? String == "http.status = 500", "sent unchanged")
        #expect(body["StartTime"] as? Double == window.start && body["TimeRangeType"] as? String == "TraceId")
    }

    @Test func missingCredentialsAreReportedNotRetried() async throws {
        struct NoCredentials: Error, CustomStringConvertible {
            var description: String { "no credentials found; looked in: environment" }
        }
        let transport = RecordingTransport([])
        let signing = RequestSigning(region: "us-east-1", credentials: { throw NoCredentials() })
        await #expect {
            _ = try await client(transport, signing: signing).summaries(SummaryQuery(window: window))
        } throws: { "\($0)".contains("no credentials found; looked in") }
        #expect(transport.sent.isEmpty)
    }

    static func trace(_ id: String) -> [String: Any] {
        let document =
            #"{"trace_id":"\#(id)","id":"0123456789abcdef","name":"front","start_time":1700000000.5,"end_time":1700000000.6}"#
        return ["Id": id, "Duration": 0.1, "Segments": [["Id": "0123456789abcdef", "Document": document]]]
    }

    @Test func batchGetTracesAsksFiveAtATimeAndRetriesUnprocessedOnce() async throws {
        let ids = (0..<12).map { String(format: "1-6553f100-%024x", $0) }
        let transport = RecordingTransport([
            { request in
                let asked = RecordingTransport.body(request)["TraceIds"] as? [String] ?? []
                // The service leaves one for later.
                return RecordingTransport.json(
                    200, ["Traces": asked.dropLast().map(Self.trace), "UnprocessedTraceIds": [asked.last!]])
            },
            { request in
                let asked = RecordingTransport.body(request)["TraceIds"] as? [String] ?? []
                return RecordingTransport.json(200, ["Traces": asked.map(Self.trace), "UnprocessedTraceIds": []])
            },
            { request in
                let asked = RecordingTransport.body(request)["TraceIds"] as? [String] ?? []
                return RecordingTransport.json(200, ["Traces": asked.map(Self.trace)])
            },
            { request in
                let asked = RecordingTransport.body(request)["TraceIds"] as? [String] ?? []
                return RecordingTransport.json(200, ["Traces": asked.map(Self.trace)])
            },
        ])
        let traces = try await client(transport).traces(ids: ids)
        #expect(Set(traces.map(\.id)) == Set(ids))
        let asked = transport.sent.map { RecordingTransport.body($0)["TraceIds"] as? [String] ?? [] }
        #expect(asked.map(\.count) == [5, 1, 5, 2], "five, the one left over, five, the rest")
        #expect(transport.sent.allSatisfy { $0.url.path == "/Traces" })
    }

    /// With Transaction Search on, BatchGetTraces finds nothing; the traces are fetched from
    /// CloudWatch Logs with StartTraceRetrieval, waiting while the retrieval runs.
    @Test func tracesUnderTransactionSearchAreRetrieved() async throws {
        let id = "1-6553f100-000000000000000000000001"
        let transport = RecordingTransport([
            { _ in RecordingTransport.json(200, ["Traces": [], "UnprocessedTraceIds": []]) },
            { _ in RecordingTransport.json(200, ["Destination": "CloudWatchLogs", "Status": "ACTIVE"]) },
            { _ in RecordingTransport.json(200, ["RetrievalToken": "token-1"]) },
            { _ in RecordingTransport.json(200, ["RetrievalStatus": "SCHEDULED", "Traces": []]) },
            { _ in RecordingTransport.json(200, ["RetrievalStatus": "RUNNING", "Traces": []]) },
            { _ in
                var trace = Self.trace(id)
                trace["Spans"] = trace.removeValue(forKey: "Segments")
                return RecordingTransport.json(
                    200, ["RetrievalStatus": "COMPLETE", "TraceFormat": "XRAY", "Traces": [trace], "NextToken": "p2"])
            },
            { _ in RecordingTransport.json(200, ["RetrievalStatus": "COMPLETE", "Traces": []]) },
        ])
        let signing = RequestSigning(region: "us-east-1") { AWSCredentials(accessKeyID: "AKID", secretAccessKey: "s") }
        let waits = Waits()
        let traces = try await client(transport, waits: waits, signing: signing).traces(ids: [id])
        #expect(traces.map(\.id) == [id] && traces.first?.root?.document.name == "front")
        #expect(
            transport.sent.map(\.url.path) == [
                "/Traces", "/GetTraceSegmentDestination", "/StartTraceRetrieval", "/ListRetrievedTraces",
                "/ListRetrievedTraces", "/ListRetrievedTraces", "/ListRetrievedTraces",
            ])
        let start = RecordingTransport.body(transport.sent[2])
        // The id's second (0x6553f100), a minute before it and an hour after.
        #expect(start["TraceIds"] as? [String] == [id])
        #expect(start["StartTime"] as? Double == 0x6553_f100 - 60 && start["EndTime"] as? Double == 0x6553_f100 + 3600)
        let lists = transport.sent.dropFirst(3).map(RecordingTransport.body)
        #expect(
            lists.allSatisfy { $0["RetrievalToken"] as? String == "token-1" && $0["TraceFormat"] as? String == "XRAY" })
        #expect(lists.map { $0["NextToken"] as? String } == [nil, nil, nil, "p2"])
        #expect(waits.seconds == [0.5, 1.0], "waits grow while the retrieval is scheduled, then running")

        // A retrieval that fails says so.
        let failing = RecordingTransport([
            { _ in RecordingTransport.json(200, ["Traces": []]) },
            { _ in RecordingTransport.json(200, ["Destination": "CloudWatchLogs", "Status": "ACTIVE"]) },
            { _ in RecordingTransport.json(200, ["RetrievalToken": "token-2"]) },
            { _ in RecordingTransport.json(200, ["RetrievalStatus": "FAILED"]) },
        ])
        await #expect {
            _ = try await client(failing, signing: signing).traces(ids: [id])
        } throws: { "\($0)".contains("ListRetrievedTraces") && "\($0)".contains("FAILED") }

        // Found nowhere: the error says where we looked.
        let nowhere = RecordingTransport([
            { _ in RecordingTransport.json(200, ["Traces": []]) },
            { _ in RecordingTransport.json(200, ["Destination": "CloudWatchLogs", "Status": "ACTIVE"]) },
            { _ in RecordingTransport.json(200, ["RetrievalToken": "token-3"]) },
            { _ in RecordingTransport.json(200, ["RetrievalStatus": "COMPLETE", "Traces": []]) },
        ])
        await #expect {
            _ = try await client(nowhere, signing: signing).traces(ids: [id])
        } throws: { "\($0)".contains("Transaction Search") && "\($0)".contains("StartTraceRetrieval found none") }

        // Traces simply unknown to an account that keeps them in X-Ray: no error, no traces.
        let plain = RecordingTransport([
            { _ in RecordingTransport.json(200, ["Traces": []]) },
            { _ in RecordingTransport.json(200, ["Destination": "XRay", "Status": "ACTIVE"]) },
        ])
        #expect(try await client(plain, signing: signing).traces(ids: ["1-6553f100-000000000000000000000001"]).isEmpty)
    }

    /// A 13-hour window over AWS is asked six hours at a time, newest first; X-Ray's own
    /// NextToken pages within a slice, and the caller's token carries both.
    @Test func longWindowsAreAskedInSlicesNewestFirst() async throws {
        let page = { (token: String?, time: Double) in
            { (_: HTTPExchange.Request) in
                RecordingTransport.json(
                    200,
                    [
                        "TraceSummaries": [["Id": "1-\(Int(time))-x", "StartTime": time]], "ApproximateTime": time,
                        "TracesProcessedCount": 10,
                    ].merging(token.map { ["NextToken": $0] } ?? [:]) { $1 })
            }
        }
        let end = 1_700_046_800.0
        let transport = RecordingTransport([
            page("x1", end - 100), page(nil, end - 20_000), page(nil, end - 30_000), page(nil, end - 45_000),
        ])
        var client = client(transport)
        client.maximumWindow = XRayAPIClient.awsMaximumWindow
        var query = SummaryQuery(window: TimeWindow(start: end - 13 * 3600, end: end), filter: "fault")
        var ids: [String] = []
        var tokens: [String?] = []
        var reached: [Double?] = []
        repeat {
            let result = try await client.summaries(query)
            ids += result.summaries.compactMap(\.Id)
            tokens.append(result.nextToken)
            reached.append(result.approximateTime)
            query.nextToken = result.nextToken
        } while query.nextToken != nil
        #expect(ids.count == 4)
        #expect(tokens == ["0|x1", "1|", "2|", nil])
        // A finished slice has been scanned to its start.
        #expect(reached == [end - 100, end - 6 * 3600, end - 12 * 3600, end - 13 * 3600])
        let bodies = transport.sent.map(RecordingTransport.body)
        #expect(bodies.map { $0["StartTime"] as? Double } == [end - 21_600, end - 21_600, end - 43_200, end - 46_800])
        #expect(bodies.map { $0["EndTime"] as? Double } == [end, end, end - 21_600, end - 43_200])
        #expect(bodies.map { $0["NextToken"] as? String } == [nil, "x1", nil, nil])
        #expect(bodies.allSatisfy { $0["FilterExpression"] as? String == "fault" })
        await #expect(throws: TraceSourceError.self) {
            _ = try await client.summaries(SummaryQuery(window: query.window, nextToken: "9|"))
        }
        // A collector's client sends the window whole.
        let whole = RecordingTransport([page(nil, end)])
        _ = try await self.client(whole).summaries(SummaryQuery(window: query.window))
        #expect(RecordingTransport.body(whole.sent[0])["StartTime"] as? Double == end - 13 * 3600)
    }

    /// GetTraceGraph answers five traces a call, each answer numbering its own services; the
    /// map is their sum, matched by name and type.
    @Test func traceGraphsOfFiveAtATimeAddUp() async throws {
        func service(_ id: Int, _ name: String, _ type: String, calls: [Int], ok: Int, faults: Int) -> [String: Any] {
            var statistics: [String: Any] = [
                "OkCount": ok, "TotalCount": ok + faults, "TotalResponseTime": Double(ok + faults) * 0.1,
                "FaultStatistics": ["TotalCount": faults, "OtherCount": faults],
                "ErrorStatistics": ["TotalCount": 0, "ThrottleCount": 0, "OtherCount": 0],
            ]
            if name == "client" { statistics = [:] }
            return [
                "ReferenceId": id, "Name": name, "Type": type, "SummaryStatistics": statistics,
                "ResponseTimeHistogram": [["Value": 0.1, "Count": ok + faults]],
                "Edges": calls.map { ["ReferenceId": $0, "SummaryStatistics": statistics] },
            ]
        }
        let transport = RecordingTransport([
            { _ in
                RecordingTransport.json(
                    200,
                    [
                        "Services": [
                            service(0, "client", "client", calls: [1], ok: 0, faults: 0),
                            service(1, "front", "AWS::EKS::Container", calls: [2], ok: 4, faults: 1),
                            service(2, "back", "AWS::EKS::Container", calls: [], ok: 4, faults: 1),
                        ]
                    ])
            },
            { _ in
                // Numbered differently, with a node the first answer did not have.
                RecordingTransport.json(
                    200,
                    [
                        "Services": [
                            service(7, "back", "AWS::EKS::Container", calls: [9], ok: 2, faults: 0),
                            service(8, "front", "AWS::EKS::Container", calls: [7], ok: 2, faults: 0),
                            service(9, "orders", "AWS::DynamoDB::Table", calls: [], ok: 2, faults: 0),
                            service(6, "client", "client", calls: [8], ok: 0, faults: 0),
                        ]
                    ])
            },
        ])
        let ids = (0..<7).map { String(format: "1-6553f100-%024x", $0) }
        let graph = try await client(transport).traceGraph(ids: ids, window: TimeWindow(start: 0, end: 60))
        #expect(transport.sent.map { (RecordingTransport.body($0)["TraceIds"] as? [String])?.count } == [5, 2])
        #expect(transport.sent.allSatisfy { $0.url.path == "/TraceGraph" })
        let services = try #require(graph.Services)
        #expect(services.map(\.Name) == ["client", "front", "back", "orders"])
        #expect(services.map(\.ReferenceId) == [0, 1, 2, 3])
        let front = services[1]
        #expect(front.SummaryStatistics?.TotalCount == 7 && front.SummaryStatistics?.OkCount == 6)
        #expect(front.SummaryStatistics?.FaultStatistics?.TotalCount == 1)
        #expect(front.ResponseTimeHistogram == [API.HistogramEntry(Value: 0.1, Count: 7)])
        #expect(front.Edges?.map(\.ReferenceId) == [2] && front.Edges?.first?.SummaryStatistics?.TotalCount == 7)
        #expect(services[0].Edges?.map(\.ReferenceId) == [1], "both clients' edges are one")
        #expect(services[2].Edges?.map(\.ReferenceId) == [3])
    }

    @Test func theForwarderSendsBatchesOfFiftyWithoutBlocking() async throws {
        let transport = RecordingTransport(
            Array(
                repeating: { request in
                    let count = (RecordingTransport.body(request)["TraceSegmentDocuments"] as? [String])?.count ?? 0
                    // X-Ray refuses one document of each batch.
                    return RecordingTransport.json(
                        200,
                        ["UnprocessedTraceSegments": count > 0 ? [["Id": "x", "ErrorCode": "InvalidTraceId"]] : []])
                }, count: 5))
        let forwarder = SegmentForwarder(client: client(transport), capacity: 120, idleFlush: .milliseconds(10))
        forwarder.enqueue((0..<130).map { "{\"n\":\($0)}" })
        await forwarder.stop()
        let sizes = transport.sent.map {
            (RecordingTransport.body($0)["TraceSegmentDocuments"] as? [String])?.count ?? 0
        }
        #expect(sizes == [50, 50, 20])
        let counters = forwarder.snapshot
        #expect(counters.dropped == 10, "the oldest beyond the capacity")
        #expect(counters.forwarded == 117 && counters.unprocessed == 3 && counters.failed == 0)
        let first = try #require(
            transport.sent.first.map { RecordingTransport.body($0)["TraceSegmentDocuments"] as? [String] })
        #expect(first?.first == "{\"n\":10}", "documents travel as JSON strings, oldest kept first")
    }

    /// Over a real socket: a loopback server that throttles the first call, then answers.
    @Test func aThrottledCallOverTheNetworkIsRetried() async throws {
        let calls = LockedCount()
        let server = try LoopbackServer { _ in
            calls.increment() == 1
                ? RecordingTransport.json(429, ["Message": "Rate exceeded"], errorType: "ThrottledException")
                : RecordingTransport.json(200, Self.emptyPage)
        }
        defer { server.stop() }
        let waits = Waits()
        let retry = RetryPolicy(maxAttempts: 3, baseDelay: 0.05, maxDelay: 0.05, sleep: { waits.add($0) })
        let client = XRayAPIClient(
            endpoint: URL(string: server.baseURL)!, transport: URLSessionTransport(timeout: 5), retry: retry)
        let page = try await client.summaries(SummaryQuery(window: window))
        #expect(page.summaries.isEmpty)
        #expect(server.requests.map(\.path) == ["/TraceSummaries", "/TraceSummaries"])
        #expect(waits.seconds.count == 1 && (0...0.05).contains(waits.seconds[0]), "one jittered wait")
    }

    final class LockedCount: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func increment() -> Int {
            lock.withLock {
                value += 1; return value
            }
        }
    }
}
