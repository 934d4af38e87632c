import SampleData
import Testing
import XRayModel

@Suite struct ShopTests {
    static let graph = ServiceGraphBuilder(traces: Samples.shopTraces)
        .result(start: Samples.start, end: Samples.start + 300)

    static func hasNode(type: String, name: String? = nil) -> Bool {
        (graph.Services ?? []).contains { $0.Type == type && (name == nil || $0.Name == name) }
    }

    @Test func aboutTwoRequestsASecond() {
        #expect((480...720).contains(Samples.shopTraces.count))
        #expect(Samples.shopTraces.allSatisfy { $0.root?.document.name == "web-gateway" })
    }

    @Test func servicesRunEverywhereUnderManyNames() {
        let segments = Samples.shopTraces.flatMap(\.spans).filter(\.isSegment).map(\.document)
        let names = Set(segments.map(\.name))
        #expect(names.count == 8)
        #expect(
            names.isSuperset(of: [
                "web-gateway", "catalog", "cart", "checkout", "payments", "inventory", "주문-서비스", "在庫サービス",
            ]))
        #expect(
            Set(segments.compactMap(\.origin)) == [
                "AWS::EC2::Instance", "AWS::ECS::Container", "AWS::EKS::Container", "AWS::Lambda::Function",
            ])
        #expect(
            segments.filter { $0.origin == "AWS::EC2::Instance" }.allSatisfy {
                $0.aws?.ec2?.instanceID != nil && $0.aws?.ec2?.availabilityZone != nil
            })
        #expect(
            segments.filter { $0.origin == "AWS::Lambda::Function" }.allSatisfy {
                $0.resourceARN?.hasPrefix("arn:aws:lambda:") == true
            })
        #expect(Self.hasNode(type: "AWS::EC2::Instance", name: "주문-서비스"))
        #expect(Self.hasNode(type: "AWS::ECS::Container", name: "在庫サービス"))
    }

    @Test func downstreamCallsBecomeInferredNodes() {
        #expect(Self.hasNode(type: "AWS::DynamoDB::Table", name: "products"))
        #expect(Self.hasNode(type: "AWS::SQS::Queue", name: "order-events"))
        #expect(Self.hasNode(type: "AWS::S3::Bucket", name: "shop-receipts"))
        #expect(Self.hasNode(type: "remote", name: "api.stripe.example"))
        #expect(Self.hasNode(type: "Database::SQL"))
        #expect(Self.hasNode(type: "client", name: "web-gateway"))
    }

    @Test func awsAndSQLSubsegmentsAreComplete() {
        let subsegments = Samples.shopTraces.flatMap(\.spans).filter { !$0.isSegment }.map(\.document)
        let sql = subsegments.compactMap(\.sql)
        #expect(!sql.isEmpty)
        #expect(
            sql.allSatisfy {
                $0.databaseType == "PostgreSQL" && $0.preparation == "statement" && $0.sanitizedQuery != nil
                    && $0.url != nil && $0.user != nil && $0.driverVersion != nil && $0.databaseVersion != nil
            })
        let sqs = subsegments.filter { $0.name == "SQS" }
        #expect(
            !sqs.isEmpty
                && sqs.allSatisfy {
                    $0.namespace == "aws" && $0.aws?.operation == "SendMessage" && $0.aws?.queueURL != nil
                })
        let dynamo = subsegments.filter { $0.name == "DynamoDB" }
        #expect(
            !dynamo.isEmpty
                && dynamo.allSatisfy { $0.namespace == "aws" && $0.aws?.region != nil && $0.aws?.requestID != nil })
        #expect(subsegments.contains { $0.name == "S3" && $0.aws?.bucketName != nil })
    }

    /// Every `traced` call is answered by exactly one segment that names it as parent.
    @Test func tracedCallsHaveTheirCallee() {
        for trace in Samples.shopTraces {
            for span in trace.spans where span.document.http?.request?.traced == true {
                #expect(span.callees.count == 1, "\(span.document.name) in \(trace.id)")
                #expect(span.document.namespace == "remote")
                let callee = span.callees.first.map { trace.spans[$0].document }
                #expect(callee?.name == span.document.name)
                #expect(callee?.http?.response == span.document.http?.response)
            }
        }
    }

    @Test func longRequestsAreAnnouncedInProgressThenReplaced() throws {
        let documents = Samples.shop
        let announced = documents.enumerated().filter { $0.element.document.inProgress }
        #expect(!announced.isEmpty)
        for (index, early) in announced {
            #expect(early.document.endTime == nil && early.document.subsegments.isEmpty)
            let later = documents[(index + 1)...].filter { $0.id == early.id }
            #expect(later.count == 1 && later.first?.document.isComplete == true)
        }
        // The store keeps the complete version.
        let (_, early) = try #require(announced.first)
        let trace = TraceDocuments(traceID: early.traceID, documents: documents.filter { $0.traceID == early.traceID })
        #expect(trace.byID[early.id]?.document.isComplete == true)
    }

    /// reference §1.4: past 30 subsegments completed subtrees leave early as standalone
    /// documents and are not embedded again in the segment sent last.
    @Test func deepTracesStreamSubsegments() throws {
        var streamedCount = 0
        for documents in Dictionary(grouping: Samples.shop, by: \.traceID).values {
            // Where each entity is sent complete: exactly one document per entity.
            var sentIn: [String: Int] = [:]
            for (position, stored) in documents.enumerated() where stored.document.isComplete {
                for entity in stored.document.flattened {
                    #expect(sentIn.updateValue(position, forKey: entity.id) == nil, "\(entity.id) sent twice")
                }
            }
            for (position, stored) in documents.enumerated() where stored.document.kind == .subsegment {
                streamedCount += 1
                let document = stored.document
                #expect(document.type == "subsegment" && document.traceID == stored.traceID)
                // The parent is still open when its child is streamed, so it is sent later.
                let parentSent = try #require(sentIn[document.parentID ?? ""], "parent of \(document.id) never sent")
                #expect(parentSent > position)
            }
        }
        #expect(streamedCount > 0)
        let deep = Samples.shopTraces.filter { $0.spans.count >= 200 }
        #expect(!deep.isEmpty)
        #expect(deep.allSatisfy { trace in trace.spans.map(\.depth).max()! >= 3 })
    }

    @Test func failuresAnnotationsAndUsers() {
        let spans = Samples.shopTraces.flatMap(\.spans).map(\.document)
        #expect(spans.contains { $0.throttle })
        #expect(spans.contains { $0.error && !$0.throttle })
        #expect(spans.contains { $0.fault })
        #expect(spans.contains { !$0.exceptions.isEmpty && $0.exceptions.contains { $0.remote == true } })
        let annotations = spans.flatMap(\.annotations.values)
        #expect(annotations.contains { if case .string = $0 { true } else { false } })
        #expect(annotations.contains { if case .number = $0 { true } else { false } })
        #expect(annotations.contains { if case .bool = $0 { true } else { false } })
        #expect(spans.contains { $0.user != nil })
        for trace in Samples.shopTraces {
            let count = trace.spans.reduce(0) { $0 + $1.document.annotations.count }
            #expect(count <= 50, "X-Ray indexes at most 50 annotations per trace")
        }
    }
}
