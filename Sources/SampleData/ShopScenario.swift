import XRayModel

/// A shop of eight services behind `web-gateway`: catalog browsing, carts and checkouts that
/// fan out to DynamoDB, SQS, S3, PostgreSQL and a payment API. A few percent of requests are
/// bulk checkouts with hundreds of subsegments, which the SDK streams; long requests are
/// announced with in-progress documents first.
///
/// Handlers are `mutating` methods so they share one random stream and one list of the
/// current request's segments; the routes live in `ShopScenario+Routes` and the downstream
/// calls in `ShopScenario+Calls`.
struct ShopScenario {
    var random: SeededRandom
    let services: ShopServices
    /// Segments of the request being generated, in the order they finished.
    var sent: [SentSegment] = []
    var traceID = ""

    /// Requests of at least this many microseconds may send an in-progress document first.
    static let longRequest: Int64 = 500_000

    init(random: SeededRandom) {
        var random = random
        services = ShopServices(random: &random)
        self.random = random
    }

    /// Requests arrive as a Poisson process: independent shoppers, not a ticker.
    mutating func run(start: Int64, duration: Int64, rate: Double, into emitter: inout DocumentEmitter) {
        let meanGap = Double(Micros.perSecond) / rate
        var offset = Int64(random.exponential(mean: meanGap).rounded())
        while offset < duration {
            emitter.send(request(at: start + offset))
            offset += max(1, Int64(random.exponential(mean: meanGap).rounded()))
        }
    }

    mutating func request(at start: Int64) -> [SentSegment] {
        sent = []
        traceID = random.traceID(startingAt: start / Micros.perSecond)
        gateway(at: start)
        return sent
    }

    /// A service's segment, opened with what its SDK knows on arrival.
    mutating func begin(
        _ service: ShopService, parentID: String?, start: Int64, request: HTTPInfo.Request
    ) -> SpanDraft {
        var draft = SpanDraft.segment(
            name: service.name, id: random.entityID(), traceID: traceID, parentID: parentID, start: start)
        draft.document.origin = service.origin
        draft.document.aws = service.aws
        draft.document.resourceARN = service.resourceARN
        draft.document.service = service.service
        draft.document.http = HTTPInfo(request: request)
        return draft
    }

    /// Closes a segment with its response and queues it to be sent.
    @discardableResult
    mutating func finish(_ draft: SpanDraft, status: Int) -> SegmentDocument {
        var draft = draft
        draft.document.respond(status: status, contentLength: contentLength(status))
        let document = draft.finish()
        let long = draft.cursor - draft.start >= Self.longRequest
        sent.append(SentSegment(document: document, announcesStart: long && random.chance(0.75)))
        return document
    }

    mutating func contentLength(_ status: Int) -> Int {
        status < 400 ? random.int(180...6400) : random.int(40...320)
    }

    /// Calls another shop service over HTTP: a `remote` subsegment with `traced: true` on the
    /// caller, and the callee's own segment whose `parent_id` is that subsegment. `handle`
    /// does the callee's work and returns its status.
    mutating func call(
        _ callee: ShopService, _ method: String, _ path: String, from caller: ShopService,
        in parent: inout SpanDraft, handle: (inout ShopScenario, inout SpanDraft) -> Int
    ) -> Int {
        let url = callee.url(path)
        var subsegment = SpanDraft.subsegment(
            name: callee.name, id: random.entityID(), namespace: "remote", start: parent.cursor)
        subsegment.document.http = HTTPInfo(request: HTTPInfo.Request(method: method, url: url, traced: true))
        subsegment.work(random.millis(median: 0.8, min: 0.2, max: 4))

        var segment = begin(
            callee, parentID: subsegment.document.id, start: subsegment.cursor,
            request: HTTPInfo.Request(method: method, url: url, userAgent: caller.userAgent, clientIP: caller.ip))
        segment.work(random.millis(median: 0.4, min: 0.05, max: 3))
        let status = handle(&self, &segment)
        segment.work(random.millis(median: 0.3, min: 0.05, max: 2))
        let answered = finish(segment, status: status)

        subsegment.wait(until: answered)
        subsegment.work(random.millis(median: 0.8, min: 0.2, max: 4))
        subsegment.document.respond(status: status, contentLength: answered.http?.response?.contentLength)
        if status >= 500 {
            subsegment.document.record(
                ShopFailures.remote(status: status, url: url), random: &random)
        }
        parent.append(subsegment.finish())
        return status
    }

    /// A piece of the service's own code worth timing (`namespace: local`, as Python writes it).
    mutating func local(
        _ name: String, in parent: inout SpanDraft, body: (inout ShopScenario, inout SpanDraft) -> Void
    ) {
        var subsegment = SpanDraft.subsegment(
            name: name, id: random.entityID(), namespace: "local", start: parent.cursor)
        subsegment.work(random.millis(median: 0.15, min: 0.02, max: 1))
        body(&self, &subsegment)
        subsegment.work(random.millis(median: 0.15, min: 0.02, max: 1))
        parent.append(subsegment.finish())
    }

    /// What a caller answers after a downstream failure: client errors are passed on, server
    /// errors become 502. Nil when the call succeeded.
    static func passOn(_ status: Int) -> Int? {
        switch status {
        case ..<400: return nil
        case 400..<500: return status
        default: return 502
        }
    }
}
