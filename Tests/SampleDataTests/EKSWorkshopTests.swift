import SampleData
import Testing
import XRayModel

@Suite struct EKSWorkshopTests {
    static let front = "x-ray-sample-front-k8s"
    static let back = "x-ray-sample-back-k8s"

    @Test func oneTraceASecondOfTwoSegments() {
        let traces = Samples.workshopMinuteTraces
        #expect((58...62).contains(traces.count))
        for trace in traces {
            let segments = trace.spans.filter(\.isSegment)
            #expect(segments.map(\.document.name).sorted() == [Self.back, Self.front])
            #expect(trace.root?.document.name == Self.front)
            #expect(segments.allSatisfy { $0.document.origin == "AWS::EKS::Container" })
            #expect(segments.allSatisfy { $0.document.aws?.eks?.clusterName == "eksworkshop-eksctl" })
            #expect(segments.allSatisfy { $0.document.aws?.xray?.sdk == "X-Ray for Go" })
        }
    }

    @Test func rateChangesTheNumberOfTraces() {
        let documents = SampleGenerator(scenario: .eksWorkshop, start: Samples.start, duration: 30, rate: 4).documents()
        #expect(Set(documents.map(\.traceID)).count == 120)
    }

    /// The front's `remote` subsegment is the back segment's parent, and lasts longer than
    /// it: it includes the network both ways.
    @Test func frontCallsBackThroughATracedSubsegment() throws {
        for trace in Samples.workshopLongTraces {
            let backIndex = try #require(trace.spans.firstIndex { $0.isSegment && $0.document.name == Self.back })
            let callIndex = try #require(trace.spans[backIndex].callerIndex)
            let call = trace.spans[callIndex].document
            let backSegment = trace.spans[backIndex].document
            #expect(call.kind == .subsegment && call.name == Self.back && call.namespace == "remote")
            #expect(call.http?.request?.traced == true)
            #expect(call.http?.request?.url == "http://x-ray-sample-back-k8s.default.svc.cluster.local/")
            #expect(trace.owningSegment(of: trace.spans[callIndex])?.document.name == Self.front)
            #expect(try #require(call.duration) > #require(backSegment.duration))
            #expect(call.http?.response == backSegment.http?.response)
        }
    }

    /// A 5xx in the back faults the call and the front, which answers 502.
    @Test func backFaultsTravelUp() throws {
        var seen = 0
        for trace in Samples.workshopLongTraces {
            let back = try #require(trace.spans.first { $0.isSegment && $0.document.name == Self.back })
            guard back.document.fault else { continue }
            seen += 1
            let call = trace.spans[try #require(back.callerIndex)].document
            let front = try #require(trace.root).document
            #expect(call.fault)
            #expect(front.fault && front.http?.response?.status == 502)
            #expect(!back.document.exceptions.isEmpty)
            #expect(back.document.exceptions.allSatisfy { !$0.stack.isEmpty })
        }
        #expect(seen > 0)
    }

    @Test func trafficIsVaried() {
        let roots = Samples.workshopLongTraces.compactMap(\.root?.document)
        let statuses = Set(roots.compactMap { $0.http?.response?.status })
        #expect(statuses.isSuperset(of: [200, 400, 404, 429, 500, 502]))
        let clientIPs = Set(roots.compactMap { $0.http?.request?.clientIP })
        let userAgents = Set(roots.compactMap { $0.http?.request?.userAgent })
        #expect(clientIPs.contains("10.0.3.7"))
        #expect(userAgents.count >= 5)
        #expect(roots.contains { $0.user != nil } && roots.contains { $0.user == nil })
        #expect(roots.allSatisfy { $0.annotations["route"] != nil && $0.annotations["healthy"] != nil })
        let durations = roots.compactMap(\.duration).sorted()
        let median = durations[durations.count / 2]
        #expect(median > 0.005 && median < 0.06, "median front response \(median)")
        #expect(durations.last! > 2, "no slow request")
    }

    @Test func serviceGraphIsClientFrontBack() throws {
        let traces = Samples.workshopMinuteTraces
        let graph = ServiceGraphBuilder(traces: traces).result(start: Samples.start, end: Samples.start + 60)
        let services = try #require(graph.Services)
        let keys = services.map { "\($0.Name ?? "")|\($0.Type ?? "")" }
        #expect(
            keys == [
                "\(Self.front)|client", "\(Self.back)|AWS::EKS::Container", "\(Self.front)|AWS::EKS::Container",
            ])
        func service(_ name: String, _ type: String) throws -> API.Service {
            try #require(services.first { $0.Name == name && $0.Type == type })
        }
        let client = try service(Self.front, "client")
        let front = try service(Self.front, "AWS::EKS::Container")
        let back = try service(Self.back, "AWS::EKS::Container")
        #expect(front.Root == true)
        #expect(client.Edges?.count == 1 && client.Edges?.first?.ReferenceId == front.ReferenceId)
        #expect(client.Edges?.first?.SummaryStatistics?.TotalCount == traces.count)
        #expect(front.Edges?.count == 1 && front.Edges?.first?.ReferenceId == back.ReferenceId)
        #expect(front.Edges?.first?.SummaryStatistics?.TotalCount == traces.count)
        #expect(back.Edges?.isEmpty == true)
        #expect(back.SummaryStatistics?.TotalCount == traces.count)
    }
}
