import XRayModel

/// Downstream calls whose callees send no segments of their own, so X-Ray infers their nodes
/// (reference/xray.md §5.1): AWS SDK calls in namespace `aws`, SQL and a payment API in
/// `remote`.
extension ShopScenario {
    private static let awsRequestIDAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

    /// A DynamoDB call. `table` becomes the inferred node's name; batch operations name
    /// their tables in `table_names` instead, as the SDKs do.
    mutating func dynamoDB(
        _ operation: String, table: String, region: String = ShopService.region, status: Int = 200,
        median: Double = 4, in parent: inout SpanDraft
    ) {
        var aws = AWSInfo()
        aws.operation = operation
        if operation.hasPrefix("Batch") { aws.tableNames = [table] } else { aws.tableName = table }
        aws.region = region
        aws.requestID = random.string(length: 52, from: Self.awsRequestIDAlphabet)
        aws.retries = 0
        var subsegment = awsCall("DynamoDB", aws, in: parent)
        subsegment.work(random.millis(median: median, min: 1, max: 60))
        subsegment.document.respond(
            status: status, contentLength: status == 200 ? random.int(2...4096) : random.int(90...220))
        if status == 400 {
            subsegment.document.record(ShopFailures.conditionalCheckFailed, random: &random)
        }
        parent.append(subsegment.finish())
    }

    mutating func sqsSend(queue: String, in parent: inout SpanDraft) {
        var aws = AWSInfo()
        aws.operation = "SendMessage"
        aws.queueURL = "https://sqs.\(ShopService.region).amazonaws.com/\(ShopService.account)/\(queue)"
        aws.region = ShopService.region
        aws.requestID = random.uuid()
        aws.retries = 0
        var subsegment = awsCall("SQS", aws, in: parent)
        subsegment.work(random.millis(median: 6, min: 2, max: 80))
        subsegment.document.respond(status: 200, contentLength: random.int(350...420))
        parent.append(subsegment.finish())
    }

    /// An S3 call; a 503 is S3's `SlowDown`, recorded as the SDK's exception.
    mutating func s3(_ operation: String, bucket: String, status: Int = 200, in parent: inout SpanDraft) {
        var aws = AWSInfo()
        aws.operation = operation
        aws.bucketName = bucket
        aws.region = ShopService.region
        aws.requestID = random.string(length: 16, from: "0123456789ABCDEF")
        aws.retries = status == 503 ? 3 : 0
        var subsegment = awsCall("S3", aws, in: parent)
        subsegment.work(random.millis(median: operation == "PutObject" ? 28 : 14, min: 4, max: 400))
        subsegment.document.respond(status: status, contentLength: status == 200 ? random.int(0...250_000) : 243)
        if status == 503 { subsegment.document.record(ShopFailures.slowDown, random: &random) }
        parent.append(subsegment.finish())
    }

    /// A PostgreSQL statement, named `database@host` as the Java SDK names it; the node is
    /// `Database::SQL`.
    mutating func sql(
        _ query: String, on database: ShopDatabase, median: Double = 2.5, failure: Failure? = nil,
        in parent: inout SpanDraft
    ) {
        var subsegment = SpanDraft.subsegment(
            name: database.subsegmentName, id: random.entityID(), namespace: "remote", start: parent.cursor)
        var info = SQLInfo(
            url: database.url, sanitizedQuery: query, databaseType: "PostgreSQL", databaseVersion: "15.6",
            user: database.user, preparation: "statement")
        info.driverVersion = database.driverVersion
        subsegment.document.sql = info
        subsegment.work(random.millis(median: median, min: 0.3, max: 120))
        if let failure {
            subsegment.document.fault = true
            subsegment.document.record(failure, random: &random)
        }
        parent.append(subsegment.finish())
    }

    /// The card processor: an external HTTPS API, traced by the caller only.
    mutating func paymentAPI(status: Int, slow: Bool, in parent: inout SpanDraft) {
        var subsegment = SpanDraft.subsegment(
            name: "api.stripe.example", id: random.entityID(), namespace: "remote", start: parent.cursor)
        subsegment.document.http = HTTPInfo(
            request: HTTPInfo.Request(method: "POST", url: "https://api.stripe.example/v1/charges"))
        subsegment.work(slow ? random.millis(1500, 5000) : random.millis(median: 180, spread: 0.35, min: 60, max: 900))
        subsegment.document.respond(
            status: status, contentLength: status == 200 ? random.int(1400...2200) : random.int(180...400))
        if status >= 400 {
            subsegment.document.record(ShopFailures.payment(status), random: &random)
        }
        parent.append(subsegment.finish())
    }

    private mutating func awsCall(_ service: String, _ aws: AWSInfo, in parent: SpanDraft) -> SpanDraft {
        var subsegment = SpanDraft.subsegment(
            name: service, id: random.entityID(), namespace: "aws", start: parent.cursor)
        subsegment.document.aws = aws
        return subsegment
    }
}
