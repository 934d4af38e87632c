import Foundation
import Testing

@testable import XRayModel

@Suite struct RejectionTests {
    static let trace = "1-581cf771-a006649127e371903a2de979"

    struct Case: CustomTestStringConvertible, Sendable {
        var json: String
        var reason: RejectionReason
        var documentID: String?
        var testDescription: String { reason.description }
    }

    static let cases: [Case] = [
        Case(json: "not json at all", reason: .notJSON("expected an object")),
        Case(json: "[1,2]", reason: .notAnObject),
        Case(json: "   ", reason: .emptyDocument),
        Case(json: #"{"trace_id":"\#(trace)","name":"a","start_time":1,"end_time":2}"#, reason: .missingField("id")),
        Case(
            json: #"{"id":"zz","trace_id":"\#(trace)","name":"a","start_time":1,"end_time":2}"#,
            reason: .badID(path: "id", value: "zz"), documentID: "zz"),
        Case(
            json: #"{"id":"70de5b6f19ff9a0a","name":"a","start_time":1,"end_time":2}"#,
            reason: .missingField("trace_id"), documentID: "70de5b6f19ff9a0a"),
        Case(
            json: #"{"id":"70de5b6f19ff9a0a","trace_id":"1-xyz","name":"a","start_time":1,"end_time":2}"#,
            reason: .badTraceID("1-xyz"), documentID: "70de5b6f19ff9a0a"),
        Case(
            json: #"{"id":"70de5b6f19ff9a0a","trace_id":"\#(trace)","start_time":1,"end_time":2}"#,
            reason: .missingField("name"), documentID: "70de5b6f19ff9a0a"),
        Case(
            json: #"{"id":"70de5b6f19ff9a0a","trace_id":"\#(trace)","name":"a","end_time":2}"#,
            reason: .missingField("start_time"), documentID: "70de5b6f19ff9a0a"),
        Case(
            json: #"{"id":"70de5b6f19ff9a0a","trace_id":"\#(trace)","name":"a","start_time":1}"#,
            reason: .noEndTimeNorInProgress(path: ""), documentID: "70de5b6f19ff9a0a"),
        Case(
            json:
                #"{"id":"70de5b6f19ff9a0a","trace_id":"\#(trace)","name":"\#(String(repeating: "n", count: 201))","start_time":1,"end_time":2}"#,
            reason: .nameTooLong(path: "name", length: 201), documentID: "70de5b6f19ff9a0a"),
        Case(
            json: #"{"id":"70de5b6f19ff9a0a","trace_id":"\#(trace)","name":"a","start_time":3,"end_time":2}"#,
            reason: .endBeforeStart(path: ""), documentID: "70de5b6f19ff9a0a"),
        Case(
            json:
                #"{"id":"70de5b6f19ff9a0a","trace_id":"\#(trace)","parent_id":"nope","name":"a","start_time":1,"end_time":2}"#,
            reason: .badID(path: "parent_id", value: "nope"), documentID: "70de5b6f19ff9a0a"),
        Case(
            json:
                #"{"type":"subsegment","id":"70de5b6f19ff9a0a","trace_id":"\#(trace)","name":"a","start_time":1,"end_time":2}"#,
            reason: .missingField("parent_id"), documentID: "70de5b6f19ff9a0a"),
        Case(
            json: #"{"id":"70de5b6f19ff9a0a","trace_id":"\#(trace)","name":"a","start_time":"soon","end_time":2}"#,
            reason: .wrongType(path: "start_time", expected: "a number"), documentID: "70de5b6f19ff9a0a"),
        Case(
            json: #"{"id":"70de5b6f19ff9a0a","trace_id":"\#(trace)","name":5,"start_time":1,"end_time":2}"#,
            reason: .wrongType(path: "name", expected: "a string"), documentID: "70de5b6f19ff9a0a"),
        Case(
            json:
                #"{"id":"70de5b6f19ff9a0a","trace_id":"\#(trace)","name":"a","start_time":1,"end_time":2,"annotations":{"k":[1]}}"#,
            reason: .wrongType(path: "annotations.k", expected: "a string, number or boolean"),
            documentID: "70de5b6f19ff9a0a"),
        Case(
            json:
                #"{"id":"70de5b6f19ff9a0a","trace_id":"\#(trace)","name":"a","start_time":1,"end_time":2,"subsegments":[{"id":"1111111111111111","start_time":1,"end_time":2}]}"#,
            reason: .missingField("subsegments[0].name"), documentID: "70de5b6f19ff9a0a"),
        Case(
            json:
                #"{"id":"70de5b6f19ff9a0a","trace_id":"\#(trace)","name":"a","start_time":1,"end_time":2,"subsegments":[{"id":"1111111111111111","name":"s","start_time":1,"subsegments":[{"id":"x","name":"t","start_time":1,"end_time":2}]}]}"#,
            reason: .noEndTimeNorInProgress(path: "subsegments[0]"), documentID: "70de5b6f19ff9a0a"),
        Case(
            json:
                #"{"id":"70de5b6f19ff9a0a","trace_id":"\#(trace)","name":"a","start_time":1,"end_time":2,"subsegments":[{"id":"1111111111111111","name":"s","start_time":1,"end_time":2,"subsegments":[{"id":"x","name":"t","start_time":1,"end_time":2}]}]}"#,
            reason: .badID(path: "subsegments[0].subsegments[0].id", value: "x"), documentID: "70de5b6f19ff9a0a"),
        Case(
            json:
                #"{"id":"70de5b6f19ff9a0a","trace_id":"\#(trace)","name":"a","start_time":1,"end_time":2,"http":{"response":{"status":true}}}"#,
            reason: .wrongType(path: "http.response.status", expected: "a number"), documentID: "70de5b6f19ff9a0a"),
        Case(
            json: #"{"id":"70de5b6f19ff9a0a","trace_id":"\#(trace)","name":"a","start_time":1,"end_time":2"#,
            reason: .notJSON(""), documentID: nil),
    ]

    @Test(arguments: cases)
    func rejectsWithReason(_ testCase: Case) throws {
        let result = DocumentParser.parse(testCase.json)
        guard case .failure(let rejection) = result else {
            Issue.record("accepted: \(testCase.json)")
            return
        }
        if case .notJSON = testCase.reason {
            guard case .notJSON = rejection.reason else {
                Issue.record("expected notJSON, got \(rejection.reason)")
                return
            }
        } else {
            #expect(rejection.reason == testCase.reason)
        }
        #expect(rejection.documentID == testCase.documentID)
        #expect(!rejection.description.isEmpty)
    }

    @Test func tooLargeDocumentsAreRejected() {
        let padding = String(repeating: "x", count: DocumentLimits.maxDocumentBytes)
        let json =
            #"{"id":"70de5b6f19ff9a0a","trace_id":"\#(Self.trace)","name":"a","start_time":1,"end_time":2,"metadata":{"default":{"p":"\#(padding)"}}}"#
        guard case .failure(let rejection) = DocumentParser.parse(json) else {
            Issue.record("accepted a document over the limit")
            return
        }
        #expect(rejection.reason == .tooLarge(bytes: json.utf8.count))
        #expect(rejection.documentID == "70de5b6f19ff9a0a")
    }

    @Test func messagesNameTheFieldAndTheDocument() throws {
        let json =
            #"{"id":"70de5b6f19ff9a0a","trace_id":"\#(Self.trace)","name":"a","start_time":1,"end_time":2,"subsegments":[{"id":"1111111111111111","start_time":1,"end_time":2}]}"#
        guard case .failure(let rejection) = DocumentParser.parse(json) else {
            Issue.record("accepted")
            return
        }
        #expect(
            rejection.description
                == "missing required field `subsegments[0].name` (id 70de5b6f19ff9a0a, trace \(Self.trace))")
    }
}

@Suite struct DaemonDatagramTests {
    static let body =
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2}"#

    @Test(arguments: [
        #"{"format":"json","version":1}"#, #"{"format": "json", "version": 1}"#, #"{"version":1,"format":"JSON"}"#,
    ])
    func acceptsHeadersThatParseAsJSON(_ header: String) throws {
        let stored = try DaemonDatagram.parse(Data((header + "\n" + Self.body).utf8)).get()
        #expect(stored.document.name == "a")
    }

    @Test func bodyMayContainNewlines() throws {
        let pretty = Self.body.replacingOccurrences(of: ",", with: ",\n")
        let stored = try DaemonDatagram.parse(Data((DaemonDatagram.header + "\n" + pretty).utf8)).get()
        #expect(stored.id == "70de5b6f19ff9a0a")
    }

    @Test func rejectsMissingOrWrongHeaders() {
        let cases: [(String, RejectionReason)] = [
            (Self.body, .missingHeader),
            (DaemonDatagram.header + "\n", .missingHeader),
            (#"{"format":"json","version":2}"# + "\n" + Self.body, .invalidHeader(#"{"format":"json","version":2}"#)),
            ("hello\n" + Self.body, .invalidHeader("hello")),
        ]
        for (datagram, reason) in cases {
            guard case .failure(let rejection) = DaemonDatagram.parse(Data(datagram.utf8)) else {
                Issue.record("accepted \(datagram)")
                continue
            }
            #expect(rejection.reason == reason)
        }
    }
}
