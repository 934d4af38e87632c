import Foundation
import SampleData
import Testing
import XRayModel

/// Everything generated must be something a real daemon would accept and X-Ray would make
/// sense of.
@Suite struct DocumentValidityTests {
    static let all = [("eks-workshop", Samples.workshopLong), ("shop", Samples.shop)]

    @Test func everyDocumentParsesBackToItself() throws {
        for (name, documents) in Self.all {
            for stored in documents {
                let parsed = try DocumentParser.parse(stored.raw).get()
                // Compared as a Bool so a failure prints the id, not two whole documents.
                let same = parsed.document == stored.document
                #expect(same, "\(name) document \(stored.id) changes in a round trip")
                #expect(parsed.raw == stored.raw)
            }
        }
    }

    @Test func idsAndTimesHaveTheirFormats() {
        for (_, documents) in Self.all {
            for stored in documents {
                #expect(XRayID.isValidTraceID(stored.traceID))
                #expect(stored.traceID == stored.traceID.lowercased())
                for document in stored.document.flattened {
                    #expect(XRayID.isValidEntityID(document.id) && document.id == document.id.lowercased())
                    for exception in document.exceptions {
                        #expect(exception.id.map(XRayID.isValidEntityID) == true)
                    }
                    for time in [document.startTime, document.endTime].compactMap({ $0 }) {
                        #expect((time * 1e6).rounded() / 1e6 == time, "\(time) has more than six decimals")
                    }
                }
            }
        }
    }

    /// The trace id's time is the second the request started (the root segment's start).
    @Test func traceIDsCarryTheStartSecond() {
        for traces in [Samples.workshopLongTraces, Samples.shopTraces] {
            for trace in traces {
                let root = trace.root?.document.startTime ?? 0
                #expect(XRayID.epochSeconds(ofTraceID: trace.id) == root.rounded(.down))
            }
        }
    }

    @Test func tracesAssembleWithOneRootAndNoOrphans() {
        for traces in [Samples.workshopLongTraces, Samples.shopTraces] {
            #expect(!traces.isEmpty)
            for trace in traces {
                #expect(trace.rootIndex != nil)
                #expect(trace.spans.allSatisfy { !$0.isOrphan }, "orphans in \(trace.id)")
                let entries = trace.spans.filter { $0.isSegment && $0.callerIndex == nil }
                #expect(entries.count == 1, "\(trace.id) has \(entries.count) entry segments")
                #expect(!trace.isInProgress)
                #expect(Set(trace.spans.map(\.id)).count == trace.spans.count, "ids repeat in \(trace.id)")
            }
        }
    }

    /// Children start and end inside their parents, and callees inside the calls that wait for them.
    @Test func spansNestInTime() {
        for traces in [Samples.workshopLongTraces, Samples.shopTraces] {
            for trace in traces {
                for span in trace.spans {
                    let outer = span.document
                    let inner = (span.children + span.callees).map { trace.spans[$0].document }
                    for child in inner {
                        #expect(child.startTime >= outer.startTime && (child.endTime ?? 0) <= (outer.endTime ?? 0))
                    }
                }
            }
        }
    }

    /// reference §2.5: 429 is throttle and error, other 4xx error, 5xx fault, anything else none.
    @Test func flagsAgreeWithHTTPStatus() {
        var checked = Set<Int>()
        for traces in [Samples.workshopLongTraces, Samples.shopTraces] {
            for span in traces.flatMap(\.spans) {
                guard let status = span.document.http?.response?.status else { continue }
                let document = span.document
                let expected: (error: Bool, throttle: Bool, fault: Bool) =
                    switch status {
                    case 429: (true, true, false)
                    case 400..<500: (true, false, false)
                    case 500...: (false, false, true)
                    default: (false, false, false)
                    }
                #expect(
                    (document.error, document.throttle, document.fault) == expected,
                    "\(document.name) answered \(status)")
                checked.insert(status)
            }
        }
        // The check must have seen every class, or it proves little.
        #expect(checked.contains(200) && checked.contains(429) && checked.contains(404))
        #expect(checked.contains { $0 >= 500 })
    }

    /// A fault can be traced to an exception: on the segment itself, or on the failed call
    /// (a subsegment) that made it answer 5xx.
    @Test func faultsCarryExceptions() {
        for traces in [Samples.workshopLongTraces, Samples.shopTraces] {
            for trace in traces {
                for (index, span) in trace.spans.enumerated() where span.isSegment && span.document.fault {
                    let own = trace.spans.indices.filter { trace.spans[$0].segmentIndex == index }
                    let explained = own.contains {
                        trace.spans[$0].document.fault && !trace.spans[$0].document.exceptions.isEmpty
                    }
                    #expect(explained, "\(span.document.name) faulted without a cause")
                }
            }
        }
    }
}
