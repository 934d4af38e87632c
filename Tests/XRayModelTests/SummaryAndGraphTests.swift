import Foundation
import Testing

@testable import XRayModel

@Suite struct SummaryTests {
    @Test func summaryOfAHandMadeTrace() throws {
        let trace = try Fixtures.trace([Fixtures.back, Fixtures.front])
        let summary = API.TraceSummary(trace: trace)
        #expect(summary.Id == Fixtures.traceID)
        #expect(summary.StartTime == 100.0)
        #expect(approximately(summary.Duration, 0.5))
        #expect(approximately(summary.ResponseTime, 0.5))
        #expect(summary.HasFault == true && summary.HasError == false && summary.HasThrottle == false)
        #expect(summary.IsPartial == false)
        #expect(summary.Http?.HttpURL == "http://front/api" && summary.Http?.HttpStatus == 502)
        #expect(
            summary.Http?.HttpMethod == "GET" && summary.Http?.UserAgent == "curl/8"
                && summary.Http?.ClientIp == "10.0.3.7")
        let front = API.ServiceId(
            Name: "front", Names: ["front"], AccountId: "123456789012", Type: "AWS::EKS::Container")
        #expect(summary.EntryPoint == front)
        #expect(summary.ServiceIds?.map(\.Name) == ["front", "orders", "back"])
        #expect(summary.ServiceIds?[1].Type == "AWS::DynamoDB::Table")
        #expect(summary.Users == [API.TraceUser(UserName: "alice", ServiceIds: [front])])
        #expect(
            summary.Annotations?["items"] == [
                API.ValueWithServiceIds(AnnotationValue: .init(NumberValue: 3), ServiceIds: [front])
            ])
        #expect(summary.Annotations?["vip"]?.first?.AnnotationValue == .init(BooleanValue: true))
        #expect(summary.Annotations?["customer"]?.first?.AnnotationValue == .init(StringValue: "c1"))
        #expect(summary.InstanceIds == [API.InstanceIdDetail(Id: "i-1")])
        #expect(summary.AvailabilityZones == [API.AvailabilityZoneDetail(Name: "us-east-1a")])

        // The fault started in back: front's fault and its subsegment's are only passed on.
        let fault = try #require(summary.FaultRootCauses?.first)
        #expect(summary.FaultRootCauses?.count == 1)
        #expect(fault.ClientImpacting == true)
        #expect(fault.Services?.first?.Name == "back")
        #expect(
            fault.Services?.first?.EntityPath?.first?.Exceptions == [
                API.RootCauseException(Name: "ValueError", Message: "boom")
            ])
        #expect(summary.ErrorRootCauses == [])

        // Longest path: front (0.5 s) -> its call to back (0.3 s) -> back (0.2 s).
        let slow = try #require(summary.ResponseTimeRootCauses?.first?.Services)
        #expect(slow.map(\.Name) == ["front", "back"])
        #expect(slow[0].EntityPath?.map(\.Name) == ["front", "back"])
        #expect(approximately(slow[0].EntityPath?[1].Coverage, 0.6, tolerance: 1e-6))
        #expect(slow[0].EntityPath?[1].Remote == true)
        #expect(approximately(slow[1].EntityPath?[0].Coverage, 0.4, tolerance: 1e-6))
    }

    /// Without root causes a summary is the full one with its three root-cause lists left out.
    @Test func anIncompleteSummaryDiffersInTheListsOnly() throws {
        let trace = try Fixtures.trace([Fixtures.back, Fixtures.front])
        let full = API.TraceSummary(trace: trace)
        #expect(full.FaultRootCauses?.isEmpty == false)
        #expect(full.ServiceIds?.isEmpty == false)
        var expected = full
        expected.FaultRootCauses = nil
        expected.ErrorRootCauses = nil
        expected.ResponseTimeRootCauses = nil
        expected.Annotations = nil
        expected.Users = nil
        expected.ServiceIds = nil
        expected.ResourceARNs = nil
        expected.InstanceIds = nil
        expected.AvailabilityZones = nil
        #expect(API.TraceSummary(trace: trace, complete: false) == expected)
    }

    /// Each annotation value and user lists the services it was seen in, in first-seen order;
    /// a value seen again in another service is added to that value's entry, not another's.
    @Test func annotationValuesAndUsersListTheirServices() throws {
        let front = """
            {"id":"a000000000000007","trace_id":"\(Fixtures.traceID)","name":"front","start_time":1,"end_time":2,
             "user":"bob","annotations":{"tier":"gold"},
             "subsegments":[
               {"id":"a000000000000008","name":"call","start_time":1.1,"end_time":1.8,"http":{"request":{"traced":true}}},
               {"id":"a000000000000009","name":"local","start_time":1.5,"end_time":1.6,"user":"alice",
                "annotations":{"tier":"silver"}}]}
            """
        let back = """
            {"id":"c000000000000007","trace_id":"\(Fixtures.traceID)","parent_id":"a000000000000008","name":"back",
             "start_time":1.2,"end_time":1.7,"user":"alice","annotations":{"tier":"silver"}}
            """
        let summary = API.TraceSummary(trace: try Fixtures.trace([front, back]))
        let tiers = (summary.Annotations?["tier"] ?? []).map { entry in
            (entry.AnnotationValue?.StringValue ?? "", (entry.ServiceIds ?? []).compactMap(\.Name))
        }
        #expect(tiers.map(\.0) == ["gold", "silver"])
        #expect(tiers.map(\.1) == [["front"], ["front", "back"]])
        let users = (summary.Users ?? []).map { ($0.UserName ?? "", ($0.ServiceIds ?? []).compactMap(\.Name)) }
        #expect(users.map(\.0) == ["bob", "alice"])
        #expect(users.map(\.1) == [["front"], ["front", "back"]])
    }

    @Test func partialAndThrottledTraces() throws {
        let json = """
            {"id":"a000000000000009","trace_id":"\(Fixtures.traceID)","name":"api","start_time":5,"in_progress":true}
            """
        let throttled = """
            {"id":"b000000000000009","trace_id":"\(Fixtures.traceID)","parent_id":"ffffffffffffffff","name":"down","start_time":5.1,"end_time":5.2,
             "error":true,"throttle":true,"http":{"response":{"status":429}}}
            """
        let summary = API.TraceSummary(trace: try Fixtures.trace([json, throttled]))
        #expect(summary.IsPartial == true)
        #expect(summary.HasThrottle == true)
        #expect(summary.ResponseTime == nil)
    }
}

@Suite struct ServiceGraphTests {
    @Test func graphOfAHandMadeTrace() throws {
        let trace = try Fixtures.trace([Fixtures.front, Fixtures.back])
        let graph = ServiceGraphBuilder(traces: [trace]).result(start: 0, end: 200)
        let services = try #require(graph.Services)
        #expect(services.map(\.Name) == ["front", "back", "front", "orders"])
        #expect(
            services.map(\.Type) == ["client", "AWS::EKS::Container", "AWS::EKS::Container", "AWS::DynamoDB::Table"])
        #expect(services.map(\.ReferenceId) == [0, 1, 2, 3])
        #expect(services.map(\.State) == ["unknown", "active", "active", "unknown"])
        #expect(services[2].Root == true && services[1].Root == false)

        let client = services[0]
        #expect(client.Edges?.map(\.ReferenceId) == [2])
        let clientEdge = try #require(client.Edges?.first?.SummaryStatistics)
        #expect(clientEdge.TotalCount == 1 && clientEdge.FaultStatistics?.TotalCount == 1 && clientEdge.OkCount == 0)
        #expect(approximately(clientEdge.TotalResponseTime, 0.5))

        let frontEdges = try #require(services[2].Edges)
        #expect(frontEdges.map(\.ReferenceId) == [1, 3])
        #expect(frontEdges[0].SummaryStatistics?.FaultStatistics?.TotalCount == 1)
        #expect(approximately(frontEdges[0].SummaryStatistics?.TotalResponseTime, 0.3, tolerance: 1e-9))
        #expect(frontEdges[1].SummaryStatistics?.OkCount == 1)
        #expect(approximately(frontEdges[1].SummaryStatistics?.TotalResponseTime, 0.03, tolerance: 1e-9))
        #expect(frontEdges[1].ResponseTimeHistogram == [API.HistogramEntry(Value: 0.03, Count: 1)])

        #expect(approximately(services[1].SummaryStatistics?.TotalResponseTime, 0.2, tolerance: 1e-9))
        #expect(services[3].SummaryStatistics?.OkCount == 1)
    }

    @Test func countsAddUpOverManyTraces() throws {
        var traces: [Trace] = []
        for index in 0..<10 {
            let id = "1-5f000000-0000000000000000000000\(String(format: "%02x", index))"
            let status = index < 7 ? 200 : (index == 7 ? 404 : (index == 8 ? 429 : 503))
            let flags =
                status == 404
                ? #","error":true"#
                : status == 429 ? #","error":true,"throttle":true"# : status == 503 ? #","fault":true"# : ""
            let json = """
                {"id":"a0000000000000\(String(format: "%02x", index))","trace_id":"\(id)","name":"api","start_time":1,"end_time":1.1\(flags),
                 "http":{"response":{"status":\(status)}}}
                """
            traces.append(try Fixtures.trace([json]))
        }
        let graph = ServiceGraphBuilder(traces: traces).result(start: 0, end: 60)
        let edge = try #require(graph.Services?.first?.Edges?.first?.SummaryStatistics)
        #expect(edge.TotalCount == 10 && edge.OkCount == 7)
        #expect(edge.ErrorStatistics == API.ErrorStatistics(ThrottleCount: 1, OtherCount: 1, TotalCount: 2))
        #expect(edge.FaultStatistics == API.FaultStatistics(OtherCount: 1, TotalCount: 1))
        #expect(approximately(edge.TotalResponseTime, 1.0, tolerance: 1e-9))
    }

    @Test func inferredSegmentsForBatchGetTraces() throws {
        let trace = try Fixtures.trace([Fixtures.front, Fixtures.back])
        let inferred = trace.inferredSegments
        #expect(inferred.count == 1)
        let orders = try #require(inferred.first?.document)
        #expect(orders.inferred && orders.name == "orders" && orders.parentID == "d000000000000001")
        #expect(orders.origin == "AWS::DynamoDB::Table")
        #expect(XRayID.isValidEntityID(orders.id))
        #expect(trace.apiTrace.Segments?.count == 3)
    }
}
