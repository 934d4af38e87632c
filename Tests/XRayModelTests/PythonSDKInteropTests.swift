import Foundation
import InteropSupport
import SampleData
import Testing
import XRayModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Interop with a client nobody here wrote: the AWS X-Ray SDK for Python (aws-xray-sdk 2.15.0
// from PyPI) sends a two-service trace over UDP to a socket this test opens, the way it would
// send to the X-Ray daemon (reference/xray.md §1.2, §1.4), and the model must take every
// datagram and put the trace back together.
//
// `Fixtures/emit_segments.py` (found from #filePath, so no resources are needed) builds the
// trace with the SDK's recorder and prints a manifest of what it created. Everything the test
// needs is provisioned on first use into `<package root>/.build/interop-venv` and reused. If
// that is impossible (no python3, no venv module, no network), the tests are cancelled with a
// loud SKIPPED message, except with CI=true, where they fail.

@Suite("Python X-Ray SDK interop")
struct PythonSDKInteropTests {
    // MARK: The datagrams

    @Test("every datagram the SDK sends parses, with the header parsed as JSON")
    func everyDatagramParses() async throws {
        let run = try await PythonSDKRun.shared()
        try #require(!run.datagrams.isEmpty, "the SDK sent nothing to 127.0.0.1:\(run.port)")
        #expect(run.manifest.sdkVersion == PythonSDKRun.sdkVersion)

        for datagram in run.datagrams {
            let text = String(decoding: datagram, as: UTF8.self)
            let newline = try #require(datagram.firstIndex(of: UInt8(ascii: "\n")), "no newline in \(text)")
            #expect(DaemonDatagram.isValidHeader(datagram[datagram.startIndex..<newline]))
            switch DaemonDatagram.parse(datagram) {
            case .success(let stored):
                let body = String(decoding: datagram[datagram.index(after: newline)...], as: UTF8.self)
                #expect(stored.raw == body.trimmingCharacters(in: .whitespacesAndNewlines))
                #expect(stored.traceID == run.manifest.traceID)
            case .failure(let rejection):
                Issue.record("rejected: \(rejection)\n\(text)")
            }
        }
        #expect(run.documents.count == run.datagrams.count)
    }

    @Test("more subsegments than the threshold make the SDK stream standalone subsegments")
    func streamingThresholdWasCrossed() async throws {
        let run = try await PythonSDKRun.shared()
        let manifest = run.manifest
        #expect(manifest.subsegments.count > manifest.streamingThreshold)

        let segments = run.documents.filter { $0.document.kind == .segment }
        #expect(Set(segments.map(\.id)) == [manifest.frontID, manifest.backID])
        #expect(segments.count == 2)
        #expect(run.documents.count > segments.count)

        let standalone = run.documents.filter { $0.document.kind == .subsegment }
        #expect(!standalone.isEmpty)
        // Each entity was sent exactly once: streamed subtrees are cut out of their parents.
        func entityCount(_ document: SegmentDocument) -> Int {
            1 + document.subsegments.map(entityCount).reduce(0, +)
        }
        #expect(run.documents.map { entityCount($0.document) }.reduce(0, +) == manifest.subsegments.count + 2)
        let created = Set(manifest.subsegments.map(\.id))
        for stored in standalone {
            let document = stored.document
            #expect(document.type == "subsegment")
            #expect(document.traceID == manifest.traceID)
            #expect(document.parentID != nil)
            #expect(created.contains(document.id), "\(document.name) was not created by the script")
        }
        // A grandchild streamed while its parent was still open must come out on its own,
        // pointing at a parent that arrives in a later document.
        let grandchildren = standalone.filter { $0.document.name.hasSuffix("-grandchild") }
        #expect(!grandchildren.isEmpty)
    }

    // MARK: The assembled trace

    @Test("the documents assemble into one trace holding every subsegment, with no orphans")
    func assemblesOneTrace() async throws {
        let run = try await PythonSDKRun.shared()
        let manifest = run.manifest

        let byTrace = Dictionary(grouping: run.documents, by: \.traceID)
        #expect(Array(byTrace.keys) == [manifest.traceID])
        let documents = TraceDocuments(traceID: manifest.traceID, documents: run.documents)
        #expect(documents.count == run.documents.count, "two documents share an id")
        let trace = documents.assemble()

        #expect(trace.id == manifest.traceID)
        #expect(
            trace.spans.allSatisfy { !$0.isOrphan }, "orphans: \(trace.spans.filter(\.isOrphan).map(\.document.name))")
        #expect(trace.spans.count == manifest.subsegments.count + 2)
        #expect(trace.segmentCount == 2)
        let subsegmentIDs = trace.spans.filter { !$0.isSegment }.map(\.id)
        #expect(subsegmentIDs.count == manifest.subsegments.count)
        #expect(Set(subsegmentIDs) == Set(manifest.subsegments.map(\.id)))

        let root = try #require(trace.root)
        #expect(root.document.name == "front")
        #expect(root.id == manifest.frontID)
        #expect(root.callerIndex == nil)

        // Every subsegment hangs under the parent the SDK gave it, in the right segment.
        let indexByID = Dictionary(
            trace.spans.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let backSubsegments = Set(manifest.subsegments.filter { $0.parentID == manifest.backID }.map(\.id))
        for expected in manifest.subsegments {
            let index = try #require(indexByID[expected.id], "\(expected.name) is missing")
            let span = trace.spans[index]
            #expect(span.document.name == expected.name)
            #expect(span.document.namespace == expected.namespace)
            let parent = try #require(span.parentIndex, "\(expected.name) has no parent")
            #expect(trace.spans[parent].id == expected.parentID, "\(expected.name) is under the wrong parent")
            #expect(trace.spans[parent].children.contains(index))
            #expect(span.depth == trace.spans[parent].depth + 1)
            let owner = backSubsegments.contains(expected.id) ? manifest.backID : manifest.frontID
            #expect(trace.owningSegment(of: span)?.id == owner, "\(expected.name) is in the wrong segment")
        }

        // back was called through the remote subsegment.
        let back = try #require(indexByID[manifest.backID])
        let remote = try #require(indexByID[manifest.remoteID])
        #expect(trace.spans[back].callerIndex == remote)
        #expect(trace.spans[remote].callees == [back])
        #expect(trace.spans[remote].document.namespace == "remote")
        #expect(trace.downstream(of: remote) == .traced([back]))
        #expect(trace.spans[back].depth == 0)
        #expect(!trace.isInProgress)
    }

    @Test("decoded fields are the ones the SDK was given")
    func decodedFieldsMatch() async throws {
        let run = try await PythonSDKRun.shared()
        let manifest = run.manifest
        let trace = TraceDocuments(traceID: manifest.traceID, documents: run.documents).assemble()
        func span(_ id: String) throws -> SegmentDocument {
            try #require(trace.spans.first { $0.id == id }, "no span \(id)").document
        }

        let front = try #require(trace.root).document
        let request = try #require(front.http?.request)
        #expect(request.method == "POST")
        #expect(request.url == "https://shop.example.com/orders?id=42")
        #expect(request.userAgent == "interop-test/1.0")
        #expect(request.clientIP == "203.0.113.7")
        #expect(request.xForwardedFor == true)
        #expect(front.http?.response?.status == 200)
        #expect(front.statusClass == .ok)
        #expect(front.user == "alice")
        #expect(front.parentID == nil)
        #expect(front.isComplete)
        // Types survive: 3 and 1 stay numbers (not true), false stays a boolean, the escaped
        // non-ASCII text (a surrogate pair included) comes back whole, and the SDK dropped "bad-key".
        #expect(
            front.annotations == [
                "customer_tier": .string("gold"), "order_total": .number(42.5), "item_count": .number(3),
                "attempt": .number(1), "is_retry": .bool(false), "greeting": .string("café ☕ 😀"),
            ])
        #expect(
            front.metadata["shop"]?["order"]
                == .object([
                    "id": .int(42), "items": .array([.string("book"), .string("pen")]), "gift": .null,
                    "flags": .array([.int(0), .int(1), .bool(true)]), "big": .int(9_007_199_254_740_993),
                ]))
        #expect(front.metadata["default"]?["note"] == .string("hello"))
        #expect(front.service?.runtime == "CPython")
        #expect(front.aws?.xray?.sdk == "X-Ray for Python")
        #expect(front.aws?.xray?.sdkVersion == PythonSDKRun.sdkVersion)

        let back = try span(manifest.backID)
        #expect(back.name == "back")
        #expect(back.kind == .segment)
        #expect(back.parentID == manifest.remoteID)
        #expect(back.traceID == manifest.traceID)
        #expect(back.http?.request?.method == "GET")
        #expect(back.http?.request?.url == "http://inventory.internal/items/42")
        #expect(back.http?.response?.status == 503)
        #expect(back.fault)
        #expect(back.statusClass == .fault)
        #expect(back.user == "alice")
        #expect(back.annotations == ["customer_tier": .string("gold")])

        // The error escaped the SDK's context managers: the subsegment holds the exception,
        // the segment's `cause` is only that exception's id.
        let load = try span(manifest.loadID)
        #expect(load.name == "load-inventory")
        #expect(load.fault)
        let loadException = try #require(load.exceptions.first)
        #expect(loadException.type == "InventoryUnavailableError")
        #expect(loadException.message == "item 42 is out of stock")
        #expect(loadException.stack.map(\.label) == ["serve_back"])
        let loadExceptionID = try #require(loadException.id)
        #expect(back.cause == .exceptionID(loadExceptionID))
        #expect(back.exceptions.isEmpty)

        let remote = try span(manifest.remoteID)
        #expect(remote.name == "inventory-service")
        #expect(remote.http?.request?.url == "http://inventory.internal/items/42")
        #expect(remote.http?.response?.status == 503)
        #expect(remote.fault)
        #expect(!remote.error)

        let charge = try span(manifest.chargeID)
        #expect(charge.name == "charge-card")
        #expect(charge.fault)
        #expect(charge.statusClass == .fault)
        #expect(charge.annotations == ["failed_step": .string("authorize")])
        guard case .details(let cause) = charge.cause else {
            Issue.record("charge-card has no cause details: \(String(describing: charge.cause))")
            return
        }
        #expect(!(cause.workingDirectory ?? "").isEmpty)
        let exception = try #require(cause.exceptions.first)
        #expect(cause.exceptions.count == 1)
        #expect(exception.type == "PaymentDeclinedError")
        #expect(exception.message == manifest.exceptionMessage)
        #expect(exception.message == "card declined: insufficient funds for 42")
        #expect(exception.remote == false)
        #expect(exception.id.map(XRayID.isValidEntityID) == true)
        #expect(!exception.stack.isEmpty)
        #expect(exception.stack.map(\.label) == ["main", "charge_card", "authorize_payment"])
        #expect(exception.stack.allSatisfy { $0.path == "emit_segments.py" && ($0.line ?? 0) > 0 })

        let throttled = try span(manifest.throttleID)
        #expect(throttled.name == "rate-limited-api")
        #expect(throttled.namespace == "remote")
        #expect(throttled.http?.response?.status == 429)
        #expect(throttled.throttle)
        #expect(throttled.error)
        #expect(!throttled.fault)
        #expect(throttled.statusClass == .throttle)

        let dynamo = try #require(trace.spans.first { $0.document.name == "DynamoDB" }).document
        #expect(dynamo.namespace == "aws")
        #expect(dynamo.aws?.operation == "GetItem")
        #expect(dynamo.aws?.tableName == "orders")
        #expect(dynamo.aws?.region == "us-east-1")
        #expect(dynamo.aws?.requestID == "REQ-1")

        for span in trace.spans {
            let document = span.document
            #expect(document.isComplete, "\(document.name) is not complete")
            #expect(XRayID.isValidEntityID(document.id))
            #expect((document.endTime ?? 0) >= document.startTime)
            #expect(document.subsegments.isEmpty, "spans keep their children in the tree, not the document")
        }
    }

    @Test("the trace summary has the root's HTTP, the users, the annotations and the services")
    func traceSummary() async throws {
        let run = try await PythonSDKRun.shared()
        let manifest = run.manifest
        let trace = TraceDocuments(traceID: manifest.traceID, documents: run.documents).assemble()
        let summary = API.TraceSummary(trace: trace)

        let front = API.ServiceId(Name: "front", Names: ["front"])
        let back = API.ServiceId(Name: "back", Names: ["back"])
        #expect(summary.Id == manifest.traceID)
        let root = try #require(trace.root).document
        #expect(summary.StartTime == root.startTime)
        // Summaries carry times to the microsecond, as the documents do.
        #expect(summary.ResponseTime == root.duration?.roundedToMicroseconds)
        #expect((summary.Duration ?? 0) >= (root.duration?.roundedToMicroseconds ?? .infinity))

        var http = API.Http()
        http.HttpURL = "https://shop.example.com/orders?id=42"
        http.HttpStatus = 200
        http.HttpMethod = "POST"
        http.UserAgent = "interop-test/1.0"
        http.ClientIp = "203.0.113.7"
        #expect(summary.Http == http)

        #expect(summary.Users == [API.TraceUser(UserName: "alice", ServiceIds: [front, back])])

        func value(_ value: API.AnnotationValue, _ services: API.ServiceId...) -> [API.ValueWithServiceIds] {
            [API.ValueWithServiceIds(AnnotationValue: value, ServiceIds: services)]
        }
        let expectedAnnotations: [String: [API.ValueWithServiceIds]] = [
            "customer_tier": value(API.AnnotationValue(StringValue: "gold"), front, back),
            "order_total": value(API.AnnotationValue(NumberValue: 42.5), front),
            "item_count": value(API.AnnotationValue(NumberValue: 3), front),
            "attempt": value(API.AnnotationValue(NumberValue: 1), front),
            "is_retry": value(API.AnnotationValue(BooleanValue: false), front),
            "greeting": value(API.AnnotationValue(StringValue: "café ☕ 😀"), front),
            "failed_step": value(API.AnnotationValue(StringValue: "authorize"), front),
        ]
        #expect(summary.Annotations == expectedAnnotations)

        // Both segments, plus the nodes X-Ray infers for calls whose callee sent nothing. The
        // remote call to back is traced, so it adds no inferred node.
        let serviceIDs = try #require(summary.ServiceIds)
        #expect(serviceIDs.first == front)
        #expect(serviceIDs.count == Set(serviceIDs).count, "duplicates in \(serviceIDs)")
        #expect(
            Set(serviceIDs) == [
                front, back,
                API.ServiceId(Name: "orders", Names: ["orders"], Type: "AWS::DynamoDB::Table"),
                API.ServiceId(Name: "rate-limited-api", Names: ["rate-limited-api"], Type: "remote"),
            ])
        #expect(summary.EntryPoint == front)
        #expect(summary.HasFault == false)
        #expect(summary.HasError == false)
        #expect(summary.IsPartial == false)
    }

    @Test("the service graph links client → front → back, with the inferred downstream nodes")
    func serviceGraph() async throws {
        let run = try await PythonSDKRun.shared()
        let trace = TraceDocuments(traceID: run.manifest.traceID, documents: run.documents).assemble()
        let graph = ServiceGraphBuilder(traces: [trace]).result(start: trace.startTime, end: trace.endTime)
        let services = try #require(graph.Services)

        struct Node: Hashable, CustomStringConvertible {
            var name: String?
            var type: String?
            var description: String { "\(name ?? "?")(\(type ?? "-"))" }
        }
        var nodeByReference: [Int: Node] = [:]
        for service in services {
            nodeByReference[service.ReferenceId ?? -1] = Node(name: service.Name, type: service.Type)
        }
        var edges: [[Node]: API.Statistics] = [:]
        for service in services {
            let from = Node(name: service.Name, type: service.Type)
            for edge in service.Edges ?? [] {
                let to = try #require(nodeByReference[edge.ReferenceId ?? -1])
                edges[[from, to]] = edge.SummaryStatistics
            }
        }
        let client = Node(name: "front", type: "client")
        let front = Node(name: "front", type: nil)
        let back = Node(name: "back", type: nil)
        let orders = Node(name: "orders", type: "AWS::DynamoDB::Table")
        let limited = Node(name: "rate-limited-api", type: "remote")
        #expect(Set(nodeByReference.values) == [client, front, back, orders, limited])
        #expect(Set(edges.keys) == [[client, front], [front, orders], [front, back], [back, limited]])
        // Edge statistics come from the caller's side: the 429 and 503 the subsegments recorded.
        #expect(edges[[back, limited]]?.ErrorStatistics?.ThrottleCount == 1)
        #expect(edges[[back, limited]]?.FaultStatistics?.TotalCount == 0)
        #expect(edges[[front, back]]?.FaultStatistics?.TotalCount == 1)
        #expect(edges[[front, orders]]?.OkCount == 1)
        #expect(edges[[client, front]]?.OkCount == 1)
        #expect(services.first { $0.Name == "front" && $0.Type == nil }?.Root == true)
    }

    @Test("assembly does not depend on the order the documents arrive in")
    func assemblyIsOrderIndependent() async throws {
        let run = try await PythonSDKRun.shared()
        let traceID = run.manifest.traceID
        let expected = TraceDocuments(traceID: traceID, documents: run.documents).assemble()
        #expect(TraceDocuments(traceID: traceID, documents: run.documents.reversed()).assemble() == expected)
        for seed in UInt64(1)...8 {
            var generator = SeededRandom(seed: seed)  // SampleData's generator
            let shuffled = run.documents.shuffled(using: &generator)
            #expect(TraceDocuments(traceID: traceID, documents: shuffled).assemble() == expected, "seed \(seed)")
        }
        // Receiving everything twice changes nothing but the revision count.
        let doubled = TraceDocuments(traceID: traceID, documents: run.documents + run.documents.reversed())
        #expect(doubled.count == run.documents.count)
        #expect(doubled.assemble().spans == expected.spans)
    }
}

// MARK: - Running the SDK

/// What `emit_segments.py` printed about the trace it created.
struct InteropManifest: Decodable, Sendable {
    struct Subsegment: Decodable, Sendable {
        var id: String
        var name: String
        var parentID: String
        var namespace: String
        enum CodingKeys: String, CodingKey {
            case id, name, namespace
            case parentID = "parent_id"
        }
    }

    var sdkVersion: String
    var streamingThreshold: Int
    var traceID: String
    var frontID: String
    var backID: String
    var remoteID: String
    var chargeID: String
    var throttleID: String
    var loadID: String
    var exceptionMessage: String
    var subsegments: [Subsegment]

    enum CodingKeys: String, CodingKey {
        case subsegments
        case sdkVersion = "sdk_version", streamingThreshold = "streaming_threshold", traceID = "trace_id"
        case frontID = "front_id", backID = "back_id", remoteID = "remote_id", chargeID = "charge_id"
        case throttleID = "throttle_id", loadID = "load_id", exceptionMessage = "exception_message"
    }
}

/// One run of the script, shared by every test in the suite (and so provisioning happens once
/// per test process; a file lock keeps concurrent `swift test` processes apart).
struct PythonSDKRun: Sendable {
    static let sdkVersion = PythonTools.xraySDKVersion

    var port: UInt16
    var datagrams: [Data]
    var documents: [StoredDocument]
    var manifest: InteropManifest

    private static let once = Task<Result<PythonSDKRun, InteropError>, Never> {
        await onDedicatedThread {
            Result { try PythonSDKRun.provisionAndRun() }.mapError { error in
                error as? InteropError ?? .failed(String(describing: error))
            }
        }
    }

    /// The shared run; cancels the calling test (or fails it under CI=true) when Python or the
    /// SDK cannot be set up.
    static func shared(sourceLocation: SourceLocation = #_sourceLocation) async throws -> PythonSDKRun {
        switch await once.value {
        case .success(let run):
            return run
        case .failure(.unavailable(let reason)):
            let message = InteropError.unavailable(reason).description
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                throw InteropError.unavailable("\(reason)\n(CI=true, so this fails instead of being skipped)")
            }
            print("SKIPPED: PythonSDKInteropTests, because \(message)")
            try Test.cancel("\(message)", sourceLocation: sourceLocation)
        case .failure(let error):
            throw error
        }
    }

    // MARK: Layout

    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let script = testsDirectory.appendingPathComponent("Fixtures/emit_segments.py")
    static let venvPython = PythonTools.python

    private static func provisionAndRun() throws -> PythonSDKRun {
        guard FileManager.default.fileExists(atPath: script.path) else {
            throw InteropError.unavailable("\(script.path) does not exist (sources moved since the build?)")
        }
        try provision()
        return try runScript()
    }

    // MARK: Provisioning

    /// The virtual environment with the pinned SDK (shared with the AWS CLI interop tests).
    private static func provision() throws {
        try PythonTools.provision()
    }

    // MARK: The run

    private static func runScript() throws -> PythonSDKRun {
        let listener: UDPListener
        do {
            listener = try UDPListener()
        } catch {
            throw InteropError.failed("cannot open a UDP socket on 127.0.0.1: \(error)")
        }
        defer { listener.close() }

        let environment = ["AWS_XRAY_DAEMON_ADDRESS": "127.0.0.1:\(listener.port)"]
        let command = try Command(venvPython, [script.path], extraEnvironment: environment)
        // Collect while the script runs, then until nothing has arrived for a second.
        let deadline = Date().addingTimeInterval(120)
        var datagrams: [Data] = []
        var quietSince = Date()
        var exited = false
        while true {
            switch listener.receive() {
            case .datagram(let data):
                datagrams.append(data)
                quietSince = Date()
            case .timedOut:
                if !exited, !command.isRunning {
                    exited = true
                    quietSince = max(quietSince, Date())
                }
            case .failed(let code):
                command.stop()
                throw InteropError.failed("recv failed: \(String(cString: strerror(code)))")
            }
            if exited, Date().timeIntervalSince(quietSince) >= 1 { break }
            if Date() > deadline {
                command.stop()
                throw InteropError.failed("emit_segments.py did not finish in 120 s")
            }
        }
        let result = command.finish()
        guard result.status == 0 else {
            throw InteropError.failed("emit_segments.py exited with \(result.status)\n\(result.outputTail)")
        }
        guard let line = result.stdout.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
            let manifest = try? JSONDecoder().decode(InteropManifest.self, from: Data(line.utf8))
        else {
            throw InteropError.failed("emit_segments.py printed no manifest\n\(result.outputTail)")
        }
        let documents = datagrams.compactMap { try? DaemonDatagram.parse($0).get() }
        return PythonSDKRun(port: listener.port, datagrams: datagrams, documents: documents, manifest: manifest)
    }
}

// MARK: - Plumbing

/// A UDP socket on 127.0.0.1 with an ephemeral port, a large receive buffer, and a short
/// receive timeout so the caller can poll.
private final class UDPListener {
    enum Received {
        case datagram(Data)
        case timedOut
        case failed(Int32)
    }

    private var descriptor: Int32
    let port: UInt16

    struct SocketError: Error, CustomStringConvertible {
        var call: String
        var code: Int32
        var description: String { "\(call): \(String(cString: strerror(code)))" }
    }

    init() throws {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_DGRAM, 0)
        #endif
        guard fd >= 0 else { throw SocketError(call: "socket", code: errno) }
        do {
            var bufferSize: Int32 = 8 << 20
            try Self.check("setsockopt(SO_RCVBUF)") {
                setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bufferSize, socklen_t(MemoryLayout<Int32>.size))
            }
            var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
            try Self.check("setsockopt(SO_RCVTIMEO)") {
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            }

            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = 0
            address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
            try Self.check("bind") {
                withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            try Self.check("getsockname") {
                withUnsafeMutablePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
                }
            }
            descriptor = fd
            port = UInt16(bigEndian: address.sin_port)
        } catch {
            closeDescriptor(fd)
            throw error
        }
    }

    private static func check(_ call: String, _ body: () -> Int32) throws {
        guard body() == 0 else { throw SocketError(call: call, code: errno) }
    }

    /// One datagram, or `.timedOut` after 100 ms of silence. The buffer holds the largest
    /// datagram IPv4 can carry, so nothing is truncated.
    func receive() -> Received {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count >= 0 { return .datagram(Data(buffer[0..<count])) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .timedOut
            default: return .failed(errno)
            }
        }
    }

    func close() {
        guard descriptor >= 0 else { return }
        closeDescriptor(descriptor)
        descriptor = -1
    }
}

private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}
