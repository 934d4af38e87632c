import Foundation
import InteropSupport
import Testing
import XRayModel

@testable import AWSXRay

/// The signed client against moto's X-Ray mock (a server nobody here wrote), on loopback:
/// PutTraceSegments, then BatchGetTraces gives the same documents back.
@Suite struct MotoRoundTripTests {
    @Test(.timeLimit(.minutes(3)))
    func putThenBatchGetThroughMotoServer() async throws {
        if case .failure(let error) = await PythonTools.shared() {
            if ProcessInfo.processInfo.environment["CI"] == "true" { throw error }
            print("SKIPPED: moto round trip, because \(error)")
            try Test.cancel("\(error)")
        }
        let port = Int.random(in: 30_000..<60_000)
        let server = try Command(
            PythonTools.venv.appendingPathComponent("bin/moto_server").path, ["-p", "\(port)", "-H", "127.0.0.1"])
        defer {
            server.stop()
            _ = server.finish()
        }
        let signing = RequestSigning(region: "us-east-1") {
            AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "not-a-secret", sessionToken: "token")
        }
        let client = XRayAPIClient(
            endpoint: URL(string: "http://127.0.0.1:\(port)")!, transport: URLSessionTransport(timeout: 5),
            signing: signing, retry: RetryPolicy(maxAttempts: 1))

        // Until moto listens.
        let documents = (0..<3).map { index in
            #"{"trace_id":"1-6553f100-00000000000000000000000\#(index)","id":"000000000000000\#(index)","name":"front","start_time":1700000000.5,"end_time":1700000000.75,"http":{"response":{"status":200}}}"#
        }
        var put: API.PutTraceSegmentsResult?
        for _ in 0..<100 {
            put = try? await client.putTraceSegments(documents)
            if put != nil { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let result = try #require(put, "moto_server did not answer")
        #expect(result.UnprocessedTraceSegments ?? [] == [])

        let ids = documents.compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["trace_id"] as? String
        }
        let traces = try await client.traces(ids: ids)
        #expect(Set(traces.map(\.id)) == Set(ids))
        #expect(traces.allSatisfy { $0.documents.count == 1 && $0.documents[0].document.name == "front" })
        #expect(traces.map { $0.documents[0].document.endTime } == Array(repeating: 1_700_000_000.75, count: 3))
    }
}
