import Foundation
import SampleData
import Testing
import XRayModel

@testable import TraceStore

/// A trace's terms are read off its spans, without a summary. What the summary's lists hold
/// (`API.TraceSummary`, which GetTraceSummaries returns) stays the reference: the terms must
/// be those lists, in their order, for every trace of the samples and of generated traffic.
@Suite struct TermListsTests {
    /// The terms as they were made from a complete summary: users, service ids, annotations
    /// by key, zones, instance ids, resource ARNs.
    static func termsFromSummary(_ summary: API.TraceSummary) -> [Term] {
        var terms: [Term] = []
        for user in summary.Users ?? [] { if let name = user.UserName { terms.append(.user(name)) } }
        for service in summary.ServiceIds ?? [] {
            if let name = service.Name { terms.append(.service(ServiceKey(name: name, type: service.Type))) }
        }
        for (key, values) in (summary.Annotations ?? [:]).sorted(by: { $0.key < $1.key }) {
            for value in values.compactMap(\.AnnotationValue) {
                if let text = value.StringValue {
                    terms.append(.annotation(key: key, value: .string(text)))
                } else if let number = value.NumberValue {
                    terms.append(.annotation(key: key, value: .number(number)))
                } else if let flag = value.BooleanValue {
                    terms.append(.annotation(key: key, value: .bool(flag)))
                }
            }
        }
        terms += (summary.AvailabilityZones ?? []).compactMap(\.Name).map(Term.availabilityZone)
        terms += (summary.InstanceIds ?? []).compactMap(\.Id).map(Term.instance)
        terms += (summary.ResourceARNs ?? []).compactMap(\.ARN).map(Term.resourceARN)
        return terms
    }

    /// The terms that come from the summary's lists (the graph's nodes and edges come after).
    static func listTerms(_ trace: Trace) -> [Term] {
        TraceRow.terms(of: trace).filter { term in
            switch term {
            case .node, .edge: return false
            default: return true
            }
        }
    }

    static func sample(_ name: String) throws -> [StoredDocument] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try SegmentFileReader.read(path: root.appendingPathComponent("sample-data/\(name)").path).documents
    }

    @Test(arguments: ["shop.ndjson", "eks-workshop.ndjson"])
    func everySampleTraceHasItsSummarysLists(_ name: String) throws {
        let traces = FullScan.traces(try Self.sample(name))
        var kinds = Set<String>()
        for trace in traces {
            let terms = Self.listTerms(trace)
            #expect(terms == Self.termsFromSummary(API.TraceSummary(trace: trace)), "trace \(trace.id)")
            for term in terms { kinds.insert(String(describing: term).prefix { $0 != "(" }.description) }
        }
        // The samples reach every list, or the comparison would prove little.
        if name == "shop.ndjson" {
            #expect(kinds == ["user", "service", "annotation", "availabilityZone", "instance", "resourceARN"])
        }
    }

    @Test func generatedTrafficHasItsSummarysLists() {
        let documents = SampleGenerator(scenario: .shop, seed: 41, start: 1_795_680_000, duration: 300).documents()
        for trace in FullScan.traces(documents) {
            #expect(Self.listTerms(trace) == Self.termsFromSummary(API.TraceSummary(trace: trace)), "trace \(trace.id)")
        }
    }

    /// Past the length where the lists get a set: 120 subsegments with 40 values of one
    /// annotation and 30 of another, each seen several times.
    @Test func aLongListKeepsItsValuesOnceAndInOrder() throws {
        let traceID = "1-5f84c7a1-0123456789abcdef01234568"
        let subsegments = (0..<120).map { index in
            """
            {"id":"c\(String(format: "%015x", index))","name":"work","start_time":1.\(index + 100),"end_time":1.9,
             "annotations":{"slot":\(index % 40),"shard":"s\(index % 30)"}}
            """
        }
        let json = """
            {"id":"a000000000000003","trace_id":"\(traceID)","name":"front","start_time":1,"end_time":2,
             "subsegments":[\(subsegments.joined(separator: ","))]}
            """
        let trace = try #require(FullScan.traces([try DocumentParser.parse(json).get()]).first)
        let terms = Self.listTerms(trace)
        #expect(terms == Self.termsFromSummary(API.TraceSummary(trace: trace)))
        #expect(terms.count == 1 + 40 + 30)
    }

    /// Repeated values across spans, two users, an instance, and a zone from ECS.
    @Test func valuesSeenTwiceAreListedOnceInFirstSeenOrder() throws {
        let traceID = "1-5f84c7a1-0123456789abcdef01234567"
        let front = """
            {"id":"a000000000000001","trace_id":"\(traceID)","name":"front","start_time":1,"end_time":2,
             "user":"bob","annotations":{"tier":"gold","retries":2,"cached":true},
             "aws":{"ec2":{"instance_id":"i-0a","availability_zone":"eu-west-1a"}},
             "subsegments":[{"id":"a000000000000002","name":"back","start_time":1.1,"end_time":1.9,
               "annotations":{"tier":"silver"},"http":{"request":{"traced":true}}}]}
            """
        let back = """
            {"id":"b000000000000001","trace_id":"\(traceID)","parent_id":"a000000000000002","name":"back",
             "start_time":1.2,"end_time":1.8,"user":"alice","annotations":{"tier":"gold","retries":3},
             "resource_arn":"arn:aws:ecs:eu-west-1:123456789012:task/back",
             "aws":{"ecs":{"container":"back","availability_zone":"eu-west-1b"}}}
            """
        let documents = try [front, back].map { try DocumentParser.parse($0).get() }
        let trace = try #require(FullScan.traces(documents).first)
        let terms = Self.listTerms(trace)
        #expect(terms == Self.termsFromSummary(API.TraceSummary(trace: trace)))
        #expect(terms.contains(.user("bob")) && terms.contains(.user("alice")))
        #expect(terms.filter { if case .annotation(key: "tier", _) = $0 { true } else { false } }.count == 2)
        #expect(terms.contains(.availabilityZone("eu-west-1b")) && terms.contains(.instance("i-0a")))
    }
}
