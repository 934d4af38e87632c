import Foundation
import Testing

@testable import XRayModel

@Suite struct DecodingTests {
    static let everyField = """
        {"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","parent_id":"53995c3f42cd8ad8",
         "name":"Scorekeep","start_time":1.478293361271E9,"end_time":1478293361.449,"type":"segment",
         "origin":"AWS::EC2::Instance","user":"5M388M1E","resource_arn":"arn:aws:ec2:us-east-1:1:instance/i-1",
         "service":{"version":"1.2.3","runtime":"CPython","runtime_version":"3.11.7","compiler":"gcc","compiler_version":"12"},
         "http":{"request":{"method":"POST","url":"https://x/api","user_agent":"Mozilla/5.0","client_ip":"78.255.233.48",
                 "x_forwarded_for":true},"response":{"status":"200","content_length":"-1"}},
         "aws":{"account_id":"123456789012","ec2":{"instance_id":"i-075ad396f12bc325a","instance_size":"t3.micro",
                "ami_id":"ami-1","availability_zone":"us-west-2c"},
                "ecs":{"container":"c","container_id":"cid","container_arn":"arn:c","task_arn":"arn:t","task_family":"f",
                       "cluster_arn":"arn:cl","launch_type":"FARGATE","availability_zone":"us-west-2a"},
                "eks":{"pod":"front-1","cluster_name":"eksworkshop","container_id":"abc"},
                "elastic_beanstalk":{"environment_name":"scorekeep","version_label":"app-5a56-170119_190650","deployment_id":32},
                "xray":{"auto_instrumentation":false,"sdk_version":"2.15.0","sdk":"X-Ray for Python","sampling_rule_name":"Default"},
                "cloudwatch_logs":[{"log_group":"/app","arn":"arn:logs"}]},
         "error":true,"throttle":true,"fault":false,
         "cause":{"working_directory":"/app","paths":["/app/x.py"],"exceptions":[
            {"id":"1ec7d3a7c5d0a1b2","message":"Too many","type":"Throttled","remote":true,"truncated":2,"skipped":1,
             "cause":"2ec7d3a7c5d0a1b2","stack":[{"path":"x.py","line":"10","label":"f"}]}]},
         "annotations":{"game":"tictactoe","score":1.5e2,"won":true},
         "metadata":{"debug":{"test":"Metadata string","nested":{"n":[1,2.5,null]}}},
         "precursor_ids":["1111111111111111"],"inferred":false,"traced":true,
         "links":[{"trace_id":"1-581cf771-a006649127e371903a2de970","id":"2222222222222222","attributes":{"k":"v"}}],
         "subsegments":[{"id":"3333333333333333","name":"RDS","namespace":"remote","start_time":1478293361.3,
            "end_time":1478293361.4,"in_progress":false,"cause":"1ec7d3a7c5d0a1b2",
            "sql":{"connection_string":"jdbc:postgresql://db:5432/x","url":"db","sanitized_query":"SELECT 1",
                   "database_type":"PostgreSQL","database_version":"15","driver_version":"42","user":"app","preparation":"statement"},
            "aws":{"operation":"Query","region":"us-west-2","request_id":"r-1","queue_url":"https://sqs/q","table_name":"t",
                   "table_names":["a","b"],"resource_names":["r"],"retries":"1","topic_arn":"arn:sns","bucket_name":"bkt"}}]}
        """

    @Test func decodesEveryDocumentedField() throws {
        let stored = try Fixtures.stored(Self.everyField)
        let d = stored.document
        #expect(d.kind == .segment)
        #expect(d.id == "70de5b6f19ff9a0a")
        #expect(d.traceID == "1-581cf771-a006649127e371903a2de979")
        #expect(d.parentID == "53995c3f42cd8ad8")
        #expect(d.startTime == 1_478_293_361.271)
        #expect(d.endTime == 1_478_293_361.449)
        #expect(d.origin == "AWS::EC2::Instance")
        #expect(d.user == "5M388M1E")
        #expect(d.resourceARN == "arn:aws:ec2:us-east-1:1:instance/i-1")
        #expect(
            d.service?.version == "1.2.3" && d.service?.runtimeVersion == "3.11.7" && d.service?.compilerVersion == "12"
        )
        #expect(d.http?.request?.method == "POST")
        #expect(d.http?.request?.clientIP == "78.255.233.48")
        #expect(d.http?.request?.xForwardedFor == true)
        #expect(d.http?.response?.status == 200)
        #expect(d.http?.response?.contentLength == -1)
        #expect(d.aws?.accountID == "123456789012")
        #expect(d.aws?.ec2?.instanceID == "i-075ad396f12bc325a" && d.aws?.ec2?.availabilityZone == "us-west-2c")
        #expect(d.aws?.ecs?.launchType == "FARGATE" && d.aws?.ecs?.taskFamily == "f")
        #expect(d.aws?.eks?.pod == "front-1" && d.aws?.eks?.clusterName == "eksworkshop")
        #expect(d.aws?.elasticBeanstalk?.deploymentID == 32)
        #expect(d.aws?.xray?.sdk == "X-Ray for Python" && d.aws?.xray?.samplingRuleName == "Default")
        #expect(d.aws?.cloudwatchLogs?.first?.logGroup == "/app")
        #expect(d.error && d.throttle && !d.fault)
        #expect(d.statusClass == .throttle)
        guard case .details(let cause) = d.cause else {
            Issue.record("cause should be an object")
            return
        }
        #expect(cause.workingDirectory == "/app" && cause.paths == ["/app/x.py"])
        let exception = try #require(cause.exceptions.first)
        #expect(exception.type == "Throttled" && exception.message == "Too many" && exception.remote == true)
        #expect(exception.truncated == 2 && exception.skipped == 1 && exception.cause == "2ec7d3a7c5d0a1b2")
        #expect(exception.stack == [StackFrame(path: "x.py", line: 10, label: "f")])
        #expect(d.annotations == ["game": .string("tictactoe"), "score": .number(150), "won": .bool(true)])
        #expect(d.metadata["debug"]?["nested"]?["n"] == .array([.int(1), .double(2.5), .null]))
        #expect(d.precursorIDs == ["1111111111111111"])
        #expect(d.traced == true && !d.inferred)
        #expect(
            d.links == [
                SpanLink(
                    traceID: "1-581cf771-a006649127e371903a2de970", id: "2222222222222222",
                    attributes: ["k": .string("v")])
            ])

        let sub = try #require(d.subsegments.first)
        #expect(sub.kind == .subsegment)
        #expect(sub.cause == .exceptionID("1ec7d3a7c5d0a1b2"))
        #expect(
            sub.sql?.sanitizedQuery == "SELECT 1" && sub.sql?.preparation == "statement"
                && sub.sql?.databaseType == "PostgreSQL")
        #expect(sub.aws?.tableNames == ["a", "b"] && sub.aws?.retries == 1 && sub.aws?.bucketName == "bkt")
        #expect(sub.aws?.queueURL == "https://sqs/q" && sub.aws?.topicARN == "arn:sns" && sub.aws?.requestID == "r-1")
        // The raw text is kept for the raw-data view.
        #expect(stored.raw.contains("\"Scorekeep\""))
    }

    @Test func encodingRoundTrips() throws {
        let document = try Fixtures.stored(Self.everyField).document
        let again = try Fixtures.stored(DocumentParser.compactJSON(document)).document
        #expect(again == document)
    }

    @Test func standaloneSubsegmentAndInProgressDocuments() throws {
        let standalone = try Fixtures.stored(
            """
            {"type":"subsegment","id":"3333333333333333","trace_id":"1-581cf771-a006649127e371903a2de979",
             "parent_id":"70de5b6f19ff9a0a","name":"work","start_time":1,"in_progress":true}
            """
        ).document
        #expect(standalone.kind == .subsegment && standalone.inProgress && standalone.endTime == nil)
        #expect(!standalone.isComplete && standalone.duration == nil)
    }

    @Test func badContentLengthIsDroppedNotFatal() throws {
        let document = try Fixtures.stored(
            """
            {"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,
             "end_time":2,"http":{"response":{"status":404,"content_length":"lots"}}}
            """
        ).document
        #expect(document.http?.response?.status == 404)
        #expect(document.http?.response?.contentLength == nil)
        #expect(document.statusClass == .error)
    }

    @Test func controlCharactersAreReplacedAtIngestion() throws {
        let document = try Fixtures.stored(
            #"""
            {"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"evil\u001b[2Jname",
             "start_time":1,"end_time":2,"annotations":{"k\u0007":"v\u009b31m"},
             "http":{"request":{"url":"http://x/\u001b]0;title\u0007"}}}
            """#
        ).document
        #expect(document.name == "evil\u{FFFD}[2Jname")
        #expect(document.annotations["k\u{FFFD}"] == .string("v\u{FFFD}31m"))
        #expect(document.http?.request?.url == "http://x/\u{FFFD}]0;title\u{FFFD}")
        #expect(!document.name.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test func sanitizerKeepsPrintableTextAndRemovesBidiOverrides() {
        #expect(Sanitizer.clean("주문-서비스 在庫サービス ✓") == "주문-서비스 在庫サービス ✓")
        #expect(Sanitizer.clean("a\u{202E}b") == "a\u{FFFD}b")
        #expect(Sanitizer.clean("tab\there") == "tab\u{FFFD}here")
    }
}
