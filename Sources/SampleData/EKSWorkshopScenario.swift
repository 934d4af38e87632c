import XRayModel

/// The AWS EKS workshop X-Ray sample: `x-ray-sample-front-k8s` calls `x-ray-sample-back-k8s`
/// once a second, both Go services traced with the X-Ray SDK for Go on the
/// `eksworkshop-eksctl` cluster. Every request is one trace of exactly two segments: the
/// front's, with an embedded `remote` subsegment for the call, and the back's, whose
/// `parent_id` is that subsegment.
struct EKSWorkshopScenario {
    static let frontName = "x-ray-sample-front-k8s"
    static let backName = "x-ray-sample-back-k8s"
    static let cluster = "eksworkshop-eksctl"
    static let frontURL = "http://x-ray-sample-front-k8s.default.svc.cluster.local"
    static let backURL = "http://x-ray-sample-back-k8s.default.svc.cluster.local/"
    static let paths = ["/", "/", "/", "/", "/api/message", "/api/message", "/status", "/favicon.ico"]

    private var random: SeededRandom
    private let frontPods: [Pod]
    private let backPods: [Pod]

    init(random: SeededRandom) {
        self.random = random
        frontPods = Pod.replicas(of: Self.frontName, count: 3, subnet: 33, random: &self.random)
        backPods = Pod.replicas(of: Self.backName, count: 3, subnet: 71, random: &self.random)
    }

    /// Requests on a one-per-interval ticker with a few milliseconds of scheduling jitter,
    /// like the front's `time.Tick` loop.
    mutating func run(start: Int64, duration: Int64, rate: Double, into emitter: inout DocumentEmitter) {
        let interval = Double(Micros.perSecond) / rate
        var tick = 0
        while true {
            let offset = Int64((Double(tick) * interval).rounded())
            guard offset < duration else { break }
            let jitter = random.millis(0, 4)
            emitter.send(request(at: start + offset + jitter))
            tick += 1
        }
    }

    /// One front-to-back request: the back's segment and then the front's.
    mutating func request(at start: Int64) -> [SentSegment] {
        let outcome = EKSOutcome.draw(&random)
        let traceID = random.traceID(startingAt: start / Micros.perSecond)
        let frontPod = random.pick(frontPods)
        let backPod = random.pick(backPods)
        let path = random.pick(Self.paths)

        var front = SpanDraft.segment(
            name: Self.frontName, id: random.entityID(), traceID: traceID, parentID: nil, start: start)
        front.document.origin = "AWS::EKS::Container"
        front.document.aws = Self.awsInfo(frontPod)
        front.document.service = Self.goService
        let clientIP = random.pick(Traffic.clientIPs)
        front.document.http = HTTPInfo(
            request: HTTPInfo.Request(
                method: random.chance(0.93) ? "GET" : "POST", url: Self.frontURL + path,
                userAgent: random.pick(Traffic.userAgents), clientIP: clientIP,
                xForwardedFor: Traffic.isForwarded(clientIP) ? true : nil))
        if random.chance(0.3) { front.document.user = random.pick(Traffic.users) }
        front.work(random.millis(0.2, 1.5))

        // The call: the subsegment opens, the request crosses the network, the back works.
        var call = SpanDraft.subsegment(
            name: Self.backName, id: random.entityID(), namespace: "remote", start: front.cursor)
        call.document.http = HTTPInfo(
            request: HTTPInfo.Request(method: "GET", url: Self.backURL, traced: true))
        call.work(random.millis(0.3, 1.5))
        let back = backSegment(
            traceID: traceID, parentID: call.document.id, start: call.cursor, pod: backPod,
            callerIP: frontPod.ip, outcome: outcome)
        call.wait(until: back)
        call.work(random.millis(0.3, 1.5))
        let backStatus = outcome.backStatus
        call.document.respond(status: backStatus, contentLength: back.http?.response?.contentLength)
        if backStatus >= 500 {
            call.document.record(
                GoFailure.remote("back-end returned \(backStatus)"), random: &random)
        }
        front.append(call.finish())

        front.work(random.millis(0.2, 2))
        let frontStatus = outcome.frontStatus
        front.document.respond(status: frontStatus, contentLength: Self.contentLength(frontStatus, &random))
        if case .frontFault = outcome {
            front.document.record(GoFailure.frontPanic, random: &random)
        } else if frontStatus >= 500 {
            front.document.record(GoFailure.badGateway(backStatus), random: &random)
        }
        let backMillis = ((back.endTime ?? back.startTime) - back.startTime) * 1000
        front.document.annotations = [
            "route": .string(path),
            "backend_ms": .number((backMillis * 10).rounded() / 10),
            "healthy": .bool(frontStatus < 400),
        ]
        front.document.metadata = [
            "default": .object([
                "backend": .string(Self.backName),
                "pod": .string(frontPod.name),
            ])
        ]
        return [SentSegment(document: back), SentSegment(document: front.finish())]
    }

    private mutating func backSegment(
        traceID: String, parentID: String, start: Int64, pod: Pod, callerIP: String, outcome: EKSOutcome
    ) -> SegmentDocument {
        var back = SpanDraft.segment(
            name: Self.backName, id: random.entityID(), traceID: traceID, parentID: parentID, start: start)
        back.document.origin = "AWS::EKS::Container"
        back.document.aws = Self.awsInfo(pod)
        back.document.service = Self.goService
        back.document.http = HTTPInfo(
            request: HTTPInfo.Request(
                method: "GET", url: Self.backURL, userAgent: "Go-http-client/1.1", clientIP: callerIP))

        // Most requests take a few to a few tens of milliseconds; a few stall for seconds.
        let total =
            random.chance(0.015)
            ? random.millis(2000, 6000)
            : random.millis(median: 12, spread: 0.55, min: 2, max: 50)
        back.work(random.millis(0.1, 0.6))
        if random.chance(0.5) {
            var local = SpanDraft.subsegment(
                name: "generate-message", id: random.entityID(), namespace: nil, start: back.cursor)
            local.work(max(50, total * Int64(random.int(40...80)) / 100))
            local.document.metadata = ["default": .object(["words": .int(Int64(random.int(3...12)))])]
            back.append(local.finish())
        }
        back.cursor = max(back.cursor + random.millis(0.05, 0.3), start + total)

        let status = outcome.backStatus
        back.document.respond(status: status, contentLength: Self.contentLength(status, &random))
        if status >= 500 { back.document.record(GoFailure.backFault(status, &random), random: &random) }
        back.document.annotations = ["pod": .string(pod.name), "slow": .bool(total >= 1_000_000)]
        back.document.metadata = [
            "default": .object(["message": .string(random.pick(Self.messages))])
        ]
        return back.finish()
    }

    private static let messages = [
        "Hello from the back-end!", "The back-end says hi", "42", "Keep calm and trace on",
        "안녕하세요", "こんにちは",
    ]

    private static let goService: ServiceInfo = {
        var service = ServiceInfo()
        service.compiler = "gc"
        service.compilerVersion = "go1.21.6"
        return service
    }()

    private static func awsInfo(_ pod: Pod) -> AWSInfo {
        var aws = AWSInfo()
        aws.eks = AWSInfo.EKS(pod: pod.name, clusterName: cluster, containerID: pod.containerID)
        aws.xray = AWSInfo.XRaySDK(sdk: "X-Ray for Go", sdkVersion: "1.8.3")
        return aws
    }

    private static func contentLength(_ status: Int, _ random: inout SeededRandom) -> Int {
        status < 400 ? random.int(120...2400) : random.int(19...180)
    }
}
