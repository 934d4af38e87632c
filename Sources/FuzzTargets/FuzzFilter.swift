import Foundation
import XRayFilter
import XRayModel

enum FuzzFilter {
    /// One trace with a segment, a subsegment and an annotation for expressions to run on.
    static let trace: Trace = {
        let text =
            #"{"trace_id":"1-5f2b3c4d-00112233445566778899aabb","id":"53995c3f42cd8ad8","name":"front","start_time":1796000000,"end_time":1796000000.5,"http":{"request":{"method":"GET","url":"http://x/y","client_ip":"10.0.3.7"},"response":{"status":502}},"fault":true,"annotations":{"tier":"gold","n":3},"subsegments":[{"id":"00f067aa0ba902b7","name":"db","start_time":1796000000.1,"end_time":1796000000.2,"namespace":"remote","error":true}]}"#
        guard case .success(let document) = DocumentParser.parse(text) else { fatalError("the sample document is bad") }
        return Trace(id: document.traceID, documents: [document])
    }()

    static func run(_ data: Data) {
        let source = String(decoding: data, as: UTF8.self)
        _ = FilterCompletion.complete(source, context: CompletionContext())
        guard let expression = try? FilterExpression(parsing: source) else { return }
        _ = expression.matches(trace)
        _ = expression.matches(API.TraceSummary(trace: trace), trace: { trace })
    }
}
