import Foundation
import Testing
import XRayModel

@testable import OTLP

/// Spans converted as AWS's exporter converts them (xray.md §7), checked on the parsed
/// documents the store would keep.
@Suite struct SpanConverterTests {
    static let traceID = Data(hex: "5f2b3c4d00112233445566778899aabb")!
    static let resource: [OTLPAttribute] = [
        OTLPAttribute("service.name", .string("front-end")),
        OTLPAttribute("telemetry.sdk.name", .string("opentelemetry")),
        OTLPAttribute("telemetry.sdk.language", .string("python")),
        OTLPAttribute("telemetry.sdk.version", .string("1.45.0")),
        OTLPAttribute("cloud.platform", .string("aws_eks")), OTLPAttribute("k8s.cluster.name", .string("eks-workshop")),
        OTLPAttribute("k8s.pod.name", .string("front-1")),
    ]

    static func span(
        _ id: String, parent: String? = nil, kind: OTLPSpan.Kind, name: String, attributes: [OTLPAttribute] = []
    ) -> OTLPSpan {
        var span = OTLPSpan()
        span.traceID = traceID
        span.spanID = Data(hex: id)!
        span.parentSpanID = parent.flatMap { Data(hex: $0) } ?? Data()
        span.kind = kind
        span.name = name
        span.startTimeUnixNano = 1_796_000_000_123_456_789
        span.endTimeUnixNano = 1_796_000_000_223_456_789
        span.attributes = attributes
        return span
    }

    /// Through protobuf bytes, the converter and the store's own document parser.
    static func documents(_ spans: [OTLPSpan], annotations: Set<String> = []) throws -> [SegmentDocument] {
        let body = OTLPRequestBuilder.request(resource: resource, spans: spans)
        let batches = try OTLPProtobufDecoder.decode(body)
        return try SpanConverter(annotationKeys: annotations).convert(batches).flatMap { converted in
            #expect(converted.refusal == nil)
            return try converted.documents.map { data in try DocumentParser.parse(data).get().document }
        }
    }

    @Test func protobufDecodesEveryFieldTheConversionReads() throws {
        var span = Self.span(
            "00f067aa0ba902b7", parent: "53995c3f42cd8ad8", kind: .client, name: "GET",
            attributes: [
                OTLPAttribute("s", .string("text")), OTLPAttribute("i", .int(-5)), OTLPAttribute("d", .double(2.5)),
                OTLPAttribute("b", .bool(true)), OTLPAttribute("a", .array([.int(1), .string("x")])),
                OTLPAttribute("k", .keyValues([OTLPAttribute("inner", .bool(false))])),
                OTLPAttribute("y", .bytes(Data([1, 2, 3]))),
            ])
        var event = OTLPSpan.Event()
        event.name = "exception"
        event.timeUnixNano = 7
        event.attributes = [OTLPAttribute("exception.type", .string("ValueError"))]
        span.events = [event]
        span.statusCode = .error
        span.statusMessage = "broken"
        let decoded = try OTLPProtobufDecoder.decode(OTLPRequestBuilder.request(resource: Self.resource, spans: [span]))
        #expect(decoded.count == 1)
        #expect(decoded[0].resource == Self.resource)
        #expect(decoded[0].scopes[0].name == "test-scope")
        #expect(decoded[0].scopes[0].spans == [span])
    }

    @Test func aServerSpanBecomesASegmentWithItsHTTPFields() throws {
        let server = Self.span(
            "53995c3f42cd8ad8", kind: .server, name: "GET /cart",
            attributes: [
                OTLPAttribute("http.request.method", .string("GET")), OTLPAttribute("url.scheme", .string("http")),
                OTLPAttribute("server.address", .string("front.local")), OTLPAttribute("server.port", .int(8080)),
                OTLPAttribute("url.path", .string("/cart")), OTLPAttribute("url.query", .string("id=7")),
                OTLPAttribute("client.address", .string("203.0.113.9")),
                OTLPAttribute("user_agent.original", .string("curl/8.0")),
                OTLPAttribute("http.response.status_code", .int(502)), OTLPAttribute("enduser.id", .string("ana")),
            ])
        let document = try #require(try Self.documents([server]).first)
        #expect(document.kind == .segment)
        #expect(document.name == "front-end")
        #expect(document.traceID == "1-5f2b3c4d-00112233445566778899aabb")
        #expect(document.id == "53995c3f42cd8ad8")
        #expect(document.startTime == 1_796_000_000.123456)
        #expect(document.http?.request?.method == "GET")
        #expect(document.http?.request?.url == "http://front.local:8080/cart?id=7")
        #expect(document.http?.request?.clientIP == "203.0.113.9")
        #expect(document.http?.request?.userAgent == "curl/8.0")
        #expect(document.http?.response?.status == 502)
        #expect(document.fault == true)
        #expect(document.error != true)
        #expect(document.user == "ana")
        #expect(document.origin == "AWS::EKS::Container")
        #expect(document.aws?.eks?.clusterName == "eks-workshop")
    }

    @Test func theOldHTTPConventionsGiveTheSameFields() throws {
        let server = Self.span(
            "53995c3f42cd8ad8", kind: .server, name: "GET",
            attributes: [
                OTLPAttribute("http.method", .string("POST")), OTLPAttribute("http.url", .string("http://x/y")),
                OTLPAttribute("http.status_code", .int(429)), OTLPAttribute("net.peer.ip", .string("10.0.3.7")),
            ])
        let document = try #require(try Self.documents([server]).first)
        #expect(document.http?.request?.method == "POST")
        #expect(document.http?.request?.url == "http://x/y")
        #expect(document.http?.request?.clientIP == "10.0.3.7")
        #expect(document.error == true)
        #expect(document.throttle == true)
        #expect(document.fault != true)
    }

    @Test func aClientSpanIsARemoteSubsegmentOfItsParent() throws {
        let call = Self.span(
            "00f067aa0ba902b7", parent: "53995c3f42cd8ad8", kind: .client, name: "GET",
            attributes: [
                OTLPAttribute("http.request.method", .string("GET")), OTLPAttribute("server.address", .string("back")),
                OTLPAttribute("url.full", .string("http://back:8080/api")),
            ])
        let document = try #require(try Self.documents([call]).first)
        #expect(document.kind == .subsegment)
        #expect(document.parentID == "53995c3f42cd8ad8")
        #expect(document.namespace == "remote")
        #expect(document.name == "back")
    }

    @Test func exceptionEventsBecomeTheCauseWithPythonFramesInnermostFirst() throws {
        var span = Self.span("53995c3f42cd8ad8", kind: .server, name: "GET")
        var event = OTLPSpan.Event()
        event.name = "exception"
        event.attributes = [
            OTLPAttribute("exception.type", .string("ValueError")),
            OTLPAttribute("exception.message", .string("bad cart")),
            OTLPAttribute(
                "exception.stacktrace",
                .string(
                    """
                    Traceback (most recent call last):
                      File "/app/main.py", line 12, in handler
                        load()
                      File "/app/cart.py", line 40, in load
                        raise ValueError("bad cart")
                    ValueError: bad cart
                    """)),
        ]
        span.events = [event]
        span.statusCode = .error
        let document = try #require(try Self.documents([span]).first)
        #expect(document.fault == true)
        guard case .details(let details) = document.cause else {
            Issue.record("no cause: \(String(describing: document.cause))")
            return
        }
        let exception = try #require(details.exceptions.first)
        #expect(exception.type == "ValueError")
        #expect(exception.message == "bad cart")
        #expect(exception.stack.map { $0.path } == ["/app/cart.py", "/app/main.py"])
        #expect(exception.stack.map { $0.line } == [40, 12])
        #expect(exception.stack.map { $0.label } == ["load", "handler"])
    }

    @Test func aSQLDatabaseCallGetsTheSQLBlock() throws {
        let query = Self.span(
            "00f067aa0ba902b7", parent: "53995c3f42cd8ad8", kind: .client, name: "SELECT",
            attributes: [
                OTLPAttribute("db.system", .string("sqlite")), OTLPAttribute("db.name", .string("orders")),
                OTLPAttribute("db.statement", .string("SELECT * FROM orders")),
            ])
        let document = try #require(try Self.documents([query]).first)
        #expect(document.name == "orders")
        #expect(document.sql?.databaseType == "sqlite")
        #expect(document.sql?.sanitizedQuery == "SELECT * FROM orders")
        #expect(document.sql?.connectionString == "localhost/orders")
    }

    @Test func listedAndConfiguredAttributesBecomeAnnotations() throws {
        let span = Self.span(
            "53995c3f42cd8ad8", kind: .server, name: "GET",
            attributes: [
                OTLPAttribute("aws.xray.annotations", .array([.string("cart.size")])),
                OTLPAttribute("cart.size", .int(3)), OTLPAttribute("tenant", .string("blue")),
                OTLPAttribute("other", .string("kept in metadata")),
            ])
        let document = try #require(try Self.documents([span], annotations: ["tenant"]).first)
        #expect(document.annotations["cart_size"] == .number(3))
        #expect(document.annotations["tenant"] == .string("blue"))
        #expect(document.annotations["other"] == nil)
        #expect(document.metadata["default"]?["other"] == .string("kept in metadata"))
        // The span as it came, for the raw view.
        #expect(document.metadata["otlp"]?["span"]?["spanId"] == .string("53995c3f42cd8ad8"))
    }

    @Test func aLocalRootCallIsSplitIntoItsServiceAndTheCall() throws {
        let span = Self.span(
            "00f067aa0ba902b7", kind: .client, name: "PutItem",
            attributes: [
                OTLPAttribute("aws.span.kind", .string("LOCAL_ROOT")),
                OTLPAttribute("aws.local.service", .string("worker")),
                OTLPAttribute("aws.remote.service", .string("AWS::DynamoDB")),
                OTLPAttribute("rpc.system", .string("aws-api")),
                OTLPAttribute("rpc.method", .string("PutItem")),
            ])
        let documents = try Self.documents([span])
        #expect(documents.count == 2)
        #expect(documents[0].kind == .segment)
        #expect(documents[0].name == "worker")
        #expect(documents[1].kind == .subsegment)
        #expect(documents[1].parentID == documents[0].id)
        #expect(documents[1].name == "DynamoDB")
        #expect(documents[1].namespace == "aws")
        #expect(documents[1].aws?.operation == "PutItem")
    }

    @Test func aLocalRootInternalSpanIsTheServiceSegment() throws {
        let span = Self.span(
            "00f067aa0ba902b7", parent: "53995c3f42cd8ad8", kind: .internal, name: "poll",
            attributes: [
                OTLPAttribute("aws.span.kind", .string("LOCAL_ROOT")),
                OTLPAttribute("aws.local.service", .string("orders")),
            ])
        let document = try #require(try Self.documents([span]).first)
        #expect(document.kind == .segment)
        #expect(document.name == "orders")
        #expect(document.parentID == "53995c3f42cd8ad8")
    }

    @Test func xrayMetadataAttributesBecomeTheirNamespace() throws {
        let span = Self.span(
            "53995c3f42cd8ad8", kind: .server, name: "GET",
            attributes: [OTLPAttribute("aws.xray.metadata.orders", .string(#"{"id":7}"#))])
        let document = try #require(try Self.documents([span]).first)
        #expect(document.metadata["orders"]?["id"] == .int(7))
        #expect(document.metadata["default"]?["aws.xray.metadata.orders"] == nil)
    }

    /// A 40 KB statement twice (the attribute and the span's copy) would pass X-Ray's 64 KiB:
    /// the copy for the raw view goes, the document stays.
    @Test func aLargeSpanLosesItsRawCopyRatherThanBeingRefused() throws {
        let statement = "SELECT " + String(repeating: "x", count: 40_000)
        let span = Self.span(
            "00f067aa0ba902b7", parent: "53995c3f42cd8ad8", kind: .client, name: "SELECT",
            attributes: [
                OTLPAttribute("db.system", .string("postgresql")), OTLPAttribute("db.statement", .string(statement)),
            ])
        let document = try #require(try Self.documents([span]).first)
        #expect(document.sql?.sanitizedQuery == statement)
        #expect(document.metadata["otlp"] == nil)
    }

    @Test func spansWithBadIdsAreRefusedWithTheReason() throws {
        var span = Self.span("53995c3f42cd8ad8", kind: .server, name: "GET")
        span.traceID = Data(count: 16)
        let converted = SpanConverter().convert([
            OTLPResourceSpans(resource: [], scopes: [OTLPScopeSpans(spans: [span])])
        ])
        #expect(converted[0].documents.isEmpty)
        #expect(converted[0].refusal?.contains("trace id") == true)
    }
}
