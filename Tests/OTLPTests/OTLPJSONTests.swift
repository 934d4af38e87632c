import Foundation
import Testing
import XRayModel

@testable import OTLP

/// OTLP/JSON as the specification and the Collector's file exporter write it.
@Suite struct OTLPJSONTests {
    static let request = #"""
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]},
        "scopeSpans":[{"scope":{"name":"manual","version":"1.0"},"spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C",
        "spanId":"eee19b7ec3c1b174","parentSpanId":"","name":"checkout","kind":2,
        "startTimeUnixNano":"1796000000000000000","endTimeUnixNano":1796000000500000000,
        "attributes":[{"key":"n","value":{"intValue":"42"}},{"key":"d","value":{"doubleValue":"NaN"}},
        {"key":"l","value":{"arrayValue":{"values":[{"boolValue":true}]}}},
        {"key":"b","value":{"bytesValue":"AQID"}}],
        "events":[{"timeUnixNano":"1796000000100000000","name":"checkpoint"}],
        "status":{"code":2,"message":"payment declined"}}]}]}]}
        """#

    @Test func idsInHexNumbersAsStringsOrNumbersAndEnumsAsIntegers() throws {
        let batches = try OTLPJSONDecoder.decode(Data(Self.request.utf8))
        let span = try #require(batches.first?.scopes.first?.spans.first)
        #expect(batches.first?.resource["service.name"] == .string("cart"))
        #expect(batches.first?.scopes.first?.version == "1.0")
        #expect(span.traceID == Data(hex: "5b8efff798038103d269b633813fc60c"))
        #expect(span.parentSpanID.isEmpty)
        #expect(span.kind == .server)
        #expect(span.startTimeUnixNano == 1_796_000_000_000_000_000)
        #expect(span.endTimeUnixNano == 1_796_000_000_500_000_000)
        #expect(span.attributes["n"] == .int(42))
        if case .double(let value) = span.attributes["d"] {
            #expect(value.isNaN)
        } else {
            Issue.record("d: \(String(describing: span.attributes["d"]))")
        }
        #expect(span.attributes["l"] == .array([.bool(true)]))
        #expect(span.attributes["b"] == .bytes(Data([1, 2, 3])))
        #expect(span.events.map(\.name) == ["checkpoint"])
        #expect(span.statusCode == .error)
        #expect(span.statusMessage == "payment declined")
    }

    /// JSONSerialization's 0 and 1 cast to Bool; they must still read as the numbers they are.
    @Test func zeroAndOneAreNumbersNotBooleans() throws {
        let text =
            #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","kind":1,"startTimeUnixNano":0,"endTimeUnixNano":1,"attributes":[{"key":"i","value":{"intValue":1}},{"key":"d","value":{"doubleValue":0}}],"status":{"code":1}}]}]}]}"#
        let span = try #require(try OTLPJSONDecoder.decode(Data(text.utf8)).first?.scopes.first?.spans.first)
        #expect(span.kind == .internal)
        #expect(span.statusCode == .ok)
        #expect(span.endTimeUnixNano == 1)
        #expect(span.attributes["i"] == .int(1))
        #expect(span.attributes["d"] == .double(0))
        let notBoolean =
            #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"b","value":{"boolValue":1}}]}]}]}]}"#
        #expect(throws: OTLPDecodeError.self) { try OTLPJSONDecoder.decode(Data(notBoolean.utf8)) }
    }

    @Test func theProtoFieldNamesAreAcceptedToo() throws {
        let text =
            #"{"resource_spans":[{"scope_spans":[{"spans":[{"trace_id":"5b8efff798038103d269b633813fc60c","span_id":"eee19b7ec3c1b174","kind":3,"start_time_unix_nano":"5","end_time_unix_nano":"9"}]}]}]}"#
        let span = try #require(try OTLPJSONDecoder.decode(Data(text.utf8)).first?.scopes.first?.spans.first)
        #expect(span.kind == .client)
        #expect(span.endTimeUnixNano == 9)
    }

    @Test(arguments: [
        (#"{"resourceSpans":{}}"#, "resourceSpans is not an array"),
        (
            #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"12"},{"spanId":"xyz"}]}]}]}"#,
            "spanId is not hex digits: \"xyz\" (at resourceSpans[0].scopeSpans[0].spans[1])"
        ),
        (
            #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":-4}]}]}]}"#,
            "startTimeUnixNano is not a non-negative integer"
        ),
        (#"[1,2]"#, "the body is not an object"),
    ])
    func errorsSayWhatAndWhere(body: String, message: String) {
        #expect(throws: OTLPDecodeError.self) { try OTLPJSONDecoder.decode(Data(body.utf8)) }
        do {
            _ = try OTLPJSONDecoder.decode(Data(body.utf8))
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func filesMixOTLPLinesWithSegmentDocuments() throws {
        let segment =
            #"{"trace_id":"1-5f2b3c4d-00112233445566778899aabb","id":"53995c3f42cd8ad8","name":"udp-app","start_time":1796000000,"end_time":1796000001}"#
        let broken =
            #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"00000000000000000000000000000000","spanId":"eee19b7ec3c1b175"}]}]}]}"#
        let file = [Self.request.replacingOccurrences(of: "\n", with: ""), broken, segment].joined(separator: "\n")
        var contents = SegmentFileReader.Contents()
        SegmentFileReader.read(
            Data(file.utf8), name: "mixed.jsonl", into: &contents, translator: OTLPFileLines.translator())
        #expect(contents.documents.map { $0.document.name }.sorted() == ["cart", "udp-app"])
        #expect(
            contents.problems.map { $0.description } == ["mixed.jsonl:2: span 1: trace id is not 16 bytes, or all zero"]
        )
    }

    @Test func protobufErrorsSayWhereInTheMessage() {
        // resource_spans[0] holds scope_spans[0] whose spans[0] has a trace_id of 30 bytes claimed, 2 given.
        let span = Data([0x0A, 30, 0xAA, 0xBB])
        let scope = Data([0x12, UInt8(span.count)]) + span
        let resource = Data([0x12, UInt8(scope.count)]) + scope
        let body = Data([0x0A, UInt8(resource.count)]) + resource
        do {
            _ = try OTLPProtobufDecoder.decode(body)
            Issue.record("decoded a truncated body")
        } catch {
            #expect(
                error.message
                    == "protobuf: a field of 30 bytes runs past the end of its message at byte 8 (in resource_spans[0].scope_spans[0].spans[0].trace_id)"
            )
        }
    }

    /// 60,000 empty spans in 120 KB: refused as too many while they are read.
    @Test func emptySpansCountAgainstTheLimitAsTheyAreRead() {
        var scope = Data()
        for _ in 0..<60_000 { scope += [0x12, 0x00] }
        func lengthDelimited(_ field: UInt8, _ bytes: Data) -> Data {
            var result = Data([field << 3 | 2])
            var length = bytes.count
            while length >= 0x80 {
                result.append(UInt8(length & 0x7F) | 0x80)
                length >>= 7
            }
            result.append(UInt8(length))
            return result + bytes
        }
        let body = lengthDelimited(1, lengthDelimited(2, scope))
        do {
            _ = try OTLPProtobufDecoder.decode(body, maxSpans: 10_000)
            Issue.record("decoded 60,000 spans under a limit of 10,000")
        } catch {
            #expect(error.isTooManySpans)
            #expect(error.message == "more than 10000 spans in one request")
        }
        #expect((try? OTLPProtobufDecoder.decode(body))?.first?.scopes.first?.spans.count == 60_000)
    }

    /// A span of 1,500 attributes (one an array of 2,000 values) and an event of 1,100, under a
    /// resource of 1,200: each list keeps its first 1,000 and the span (or the resource) counts
    /// what was skipped, in protobuf and JSON alike, and the document says so. A span after it
    /// is counted on its own.
    @Test func longListsKeepTheirFirstThousandAndCountTheRest() throws {
        var flooded = OTLPSpan()
        flooded.traceID = Data(hex: "5b8efff798038103d269b633813fc60c")!
        flooded.spanID = Data(hex: "eee19b7ec3c1b174")!
        flooded.name = "flood"
        flooded.startTimeUnixNano = 1_796_000_000_000_000_000
        flooded.endTimeUnixNano = 1_796_000_000_100_000_000
        flooded.attributes = [OTLPAttribute("list", .array((0..<2000).map { .int(Int64($0)) }))]
        flooded.attributes += (1..<1500).map { OTLPAttribute("k\($0)", .int(Int64($0))) }
        var event = OTLPSpan.Event()
        event.name = "big"
        event.attributes = (0..<1100).map { OTLPAttribute("e\($0)", .bool(true)) }
        flooded.events = [event]
        var plain = flooded
        plain.spanID = Data(hex: "eee19b7ec3c1b175")!
        plain.attributes = [OTLPAttribute("k", .string("v"))]
        plain.events = []

        let resource = (0..<1200).map { OTLPAttribute("r\($0)", .int(Int64($0))) }
        let protobuf = OTLPRequestBuilder.request(resource: resource, spans: [flooded, plain])
        let resourceJSON = resource.map { ["key": $0.key, "value": ["intValue": "\($0.value.integer ?? 0)"]] }
        let json = try JSONSerialization.data(withJSONObject: [
            "resourceSpans": [
                [
                    "resource": ["attributes": resourceJSON],
                    "scopeSpans": [["spans": [OTLPJSONEncoder.span(flooded), OTLPJSONEncoder.span(plain)]]],
                ]
            ]
        ])
        for (encoding, batches) in [
            ("protobuf", try OTLPProtobufDecoder.decode(protobuf)), ("json", try OTLPJSONDecoder.decode(json)),
        ] {
            let spans = try #require(batches.first?.scopes.first?.spans)
            #expect(spans.count == 2, "\(encoding)")
            #expect(spans[0].attributes.count == 1000, "\(encoding)")
            guard case .array(let values) = spans[0].attributes[0].value else {
                Issue.record("\(encoding): the list attribute is not an array")
                continue
            }
            #expect(values.count == 1000, "\(encoding)")
            #expect(values.last == .int(999), "\(encoding)")
            #expect(spans[0].attributes.last?.key == "k999", "\(encoding)")
            #expect(spans[0].events.first?.attributes.count == 1000, "\(encoding)")
            #expect(spans[0].droppedValues == 500 + 1000 + 100, "\(encoding)")
            #expect(spans[1].droppedValues == 0, "\(encoding)")
            #expect(spans[1].attributes == plain.attributes, "\(encoding)")

            let converted = try #require(SpanConverter().convert(batches).first?.documents.first)
            let document = try DocumentParser.parse(converted).get().document
            #expect(document.metadata["otlp"]?["dropped_values"] == .int(1600), "\(encoding)")
            #expect(batches.first?.droppedValues == 200, "\(encoding)")
            #expect(document.metadata["otlp"]?["dropped_resource_values"] == .int(200), "\(encoding)")
        }
    }

    @Test func gzipBodiesInflateAndBombsStopAtTheLimit() throws {
        // "hello" gzip-compressed (by `gzip -c`), and a bomb: 1 MB of zeros compressed.
        let hello = Data([
            0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x86,
            0xa6, 0x10, 0x36, 0x05, 0x00, 0x00, 0x00,
        ])
        #expect(try Gzip.inflate(hello, limit: 100) == Data("hello".utf8))
        #expect(throws: Gzip.Failure.tooLarge(limit: 4)) { try Gzip.inflate(hello, limit: 4) }
        #expect(throws: Gzip.Failure.self) { try Gzip.inflate(hello.prefix(15), limit: 100) }
    }
}
