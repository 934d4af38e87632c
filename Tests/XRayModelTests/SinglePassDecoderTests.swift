import Foundation
import Testing

@testable import XRayModel

/// `SinglePassDecoder` against the tape decoder it stands in front of. The single pass may
/// decline any document (the tape decoder then decides), but a document it returns must be the
/// one the tape decoder returns. And it must take the common document, or it gains nothing.
@Suite struct SinglePassDecoderTests {
    /// What each decoder makes of `bytes`: the single pass's document, or nil when it declined;
    /// the tape decoder's document or rejection.
    static func decodeBoth(_ bytes: [UInt8]) -> (
        single: SegmentDocument?, tape: Result<SegmentDocument, RejectionReason>
    ) {
        bytes.withUnsafeBytes { bytes in
            (
                SinglePassDecoder.decode(bytes),
                Result { () throws(RejectionReason) in try SegmentDecoder.decodeFromTape(bytes) }
            )
        }
    }

    /// A document with every field of every block the schema knows, some with escapes, text
    /// beyond ASCII, lenient numbers and nulls.
    static let everyField = #"""
        {"type":"segment","id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979",
         "parent_id":"0123456789abcdef","name":"caf\u00e9 \"front\"","start_time":1480615200.010,
         "end_time":"1480615200.090","in_progress":false,"namespace":"remote","origin":"AWS::EKS::Container",
         "user":"ana","resource_arn":"arn:aws:eks:eu-west-1:123456789012:cluster/prod",
         "service":{"version":"1.2","runtime":"python","runtime_version":"3.12","compiler":"gc","compiler_version":"go1.22"},
         "http":{"request":{"method":"GET","url":"https://a.example/é?q=1","user_agent":"curl/8",
           "client_ip":"10.0.0.1","x_forwarded_for":true,"traced":false},
           "response":{"status":"503","content_length":"many"}},
         "aws":{"account_id":"123456789012","operation":"Query","region":"eu-west-1","request_id":"R1",
           "queue_url":"https://sqs/q","table_name":"t","table_names":["t1","t\u00322"],"resource_names":["r"],
           "bucket_name":"b","topic_arn":"arn:aws:sns:eu-west-1:123456789012:t","retries":2.0,
           "ec2":{"instance_id":"i-1","instance_size":"m5.large","ami_id":"ami-1","availability_zone":"eu-west-1a"},
           "ecs":{"container":"c","container_id":"cid","container_arn":"carn","task_arn":"tarn","task_family":"fam",
             "cluster_arn":"clarn","launch_type":"fargate","availability_zone":"eu-west-1b"},
           "eks":{"pod":"p","cluster_name":"prod","container_id":"k"},
           "elastic_beanstalk":{"environment_name":"env","version_label":"v7","deployment_id":"12"},
           "xray":{"auto_instrumentation":true,"sdk_version":"2.14.0","sdk":"X-Ray for Python","sampling_rule_name":"Default"},
           "cloudwatch_logs":[{"log_group":"/app","arn":"arn:logs"},{"log_group":null}]},
         "sql":{"connection_string":"postgres://h/db","url":"postgres://h/db","sanitized_query":"SELECT 1",
           "database_type":"PostgreSQL","database_version":"15","driver_version":"pgx","user":"u","preparation":"call"},
         "error":true,"throttle":false,"fault":true,
         "cause":{"working_directory":"/srv","paths":["/srv/a.py"],"exceptions":[
           {"id":"e1","message":"boom \u001b[31m","type":"ValueError","remote":true,"truncated":2,"skipped":1,
            "cause":"e0","stack":[{"path":"a.py","line":12,"label":"main"},{"path":"b.py","line":"3"}]}]},
         "annotations":{"route":"/a","count":3,"ratio":0.5,"ok":true,"big":9007199254740993,"exp":1e2},
         "metadata":{"default":{"i":1,"d":1.5,"e":1e2,"n":null,"b":false,"s":"x\ty","l":[1,"a",{"k":[]}],
           "big":9223372036854775808},"caf\u00e9":{},"caf\u00e9":{"second":1}},
         "precursor_ids":["1-581cf771-a006649127e371903a2de979",  "x\u001b"],
         "inferred":false,"traced":true,
         "links":[{"trace_id":"1-581cf771-a006649127e371903a2de979","id":"0123456789abcdef",
           "attributes":{"k":"v","n":2}}],
         "unknown":{"nested":[1,2,{"deep":"\q"}],"number":01},
         "subsegments":[{"id":"1111111111111111","name":"DynamoDB","start_time":1480615200.02,
           "end_time":1480615200.05,"namespace":"aws","http":{"response":{"status":200,"content_length":-1}},
           "subsegments":[{"id":"2222222222222222","name":"inner","start_time":1480615200.03,"in_progress":true}]},
           {"id":"3333333333333333","name":"later","start_time":1480615200.06,"end_time":1480615200.07,"fault":null},]
        }
        """#

    @Test(arguments: ["eks-workshop.ndjson", "shop.ndjson"])
    func everySampleDocumentTakesTheSinglePass(_ name: String) throws {
        let lines = try SegmentDecoderDifferentialTests.sampleLines(name)
        #expect(lines.count > 1000)
        for line in lines {
            let (single, tape) = Self.decodeBoth(Array(line.utf8))
            guard let single else {
                Issue.record("the single pass declined \(line)")
                continue
            }
            #expect(single == (try? tape.get()), "documents differ for \(line)")
        }
    }

    /// Every field of every block, read alike by the single pass, the tape decoder and the
    /// reference (Foundation's `JSONDecoder`).
    @Test func aDocumentWithEveryFieldTakesTheSinglePass() throws {
        let bytes = Array(Self.everyField.utf8)
        let (single, tape) = Self.decodeBoth(bytes)
        let document = try #require(single)
        #expect(document == (try tape.get()))
        let reference = try DocumentParser.parseWithJSONDecoder(Data(bytes)).get().document
        #expect(document == reference)
        // The document does reach every block (a field read as absent would compare equal).
        #expect(document.http?.response?.status == 503)
        #expect(document.http?.response?.contentLength == nil)
        #expect(document.aws?.elasticBeanstalk?.deploymentID == 12)
        #expect(document.aws?.cloudwatchLogs?.count == 2)
        #expect(document.aws?.tableNames == ["t1", "t22"])
        #expect(document.sql?.connectionString == "postgres://h/db")
        guard case .details(let cause) = document.cause else {
            Issue.record("no cause details in \(document)")
            return
        }
        #expect(cause.exceptions.first?.stack.last?.line == 3)
        #expect(cause.exceptions.first?.skipped == 1)
        #expect(document.annotations["big"] == .number(9_007_199_254_740_993))
        #expect(document.metadata["café"] == .object([:]))
        #expect(document.precursorIDs.count == 2)
        #expect(document.links.first?.attributes["n"] == .int(2))
        #expect(document.subsegments.count == 2)
        #expect(document.subsegments.first?.subsegments.first?.inProgress == true)
        #expect(document.name == #"café "front""#)
    }

    /// Random edits of real documents and of the one with every field: whatever the single
    /// pass accepts, the tape decoder accepts as the same document. Both outcomes are reached.
    @Test func whatTheSinglePassAcceptsTheTapeDecoderAcceptsAlike() throws {
        let shop = try SegmentDecoderDifferentialTests.sampleLines("shop.ndjson").prefix(400)
        let workshop = try SegmentDecoderDifferentialTests.sampleLines("eks-workshop.ndjson").prefix(100)
        let bases = Array(shop) + Array(workshop) + Array(repeating: Self.everyField, count: 100)
        var random = SplitMix(seed: 20_261_204)
        var accepted = 0
        var declinedButValid = 0
        var declinedAndRefused = 0
        for base in bases {
            for _ in 0..<20 {
                let mutant = Mutator.mutate(Array(base.utf8), &random)
                let (single, tape) = Self.decodeBoth(mutant)
                switch (single, tape) {
                case (let single?, .success(let document)):
                    accepted += 1
                    let alike =
                        single == document
                        || (try? DocumentParser.compactJSON(single)) == (try? DocumentParser.compactJSON(document))
                    #expect(alike, "documents differ for \(String(decoding: mutant, as: UTF8.self))")
                case (.some, .failure(let reason)):
                    let text = String(decoding: mutant, as: UTF8.self)
                    Issue.record("the single pass accepted what the tape decoder refuses (\(reason)): \(text)")
                case (nil, .success): declinedButValid += 1
                case (nil, .failure): declinedAndRefused += 1
                }
            }
        }
        #expect(accepted >= 3000, "accepted \(accepted)")
        #expect(declinedAndRefused >= 1000, "declined and refused \(declinedAndRefused)")
        // Declining valid documents is allowed (escaped keys, repeated annotations) but rare.
        #expect(declinedButValid >= 1 && declinedButValid < accepted / 10, "declined valid \(declinedButValid)")
    }

    /// Valid documents the single pass leaves to the tape decoder, which reads them as the
    /// reference does.
    @Test(arguments: [
        // A key with an escape.
        #"{"\u0069d":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2}"#,
        // A repeated annotation, and a null one.
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"annotations":{"a":1,"a":"x"}}"#,
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"annotations":{"n":null,"m":2}}"#,
        // An annotation key with a byte outside printable ASCII (sanitized there).
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"annotations":{"café":1}}"#,
    ])
    func declinedDocumentsAreDecodedFromATape(_ json: String) throws {
        let bytes = Array(json.utf8)
        let (single, tape) = Self.decodeBoth(bytes)
        #expect(single == nil)
        let parsed = try DocumentParser.parse(bytes: bytes).get().document
        #expect(parsed == (try tape.get()))
        #expect(parsed == (try DocumentParser.parseWithJSONDecoder(Data(bytes)).get().document))
    }
}
