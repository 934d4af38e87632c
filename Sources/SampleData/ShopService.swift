import XRayModel

/// One service of the shop: the parts of its segments that say where it runs and which SDK
/// traced it. Origins are deliberately mixed (EC2, ECS, EKS, Lambda) so every kind of `aws`
/// block shows up in the explorer.
struct ShopService: Sendable {
    let name: String
    /// Host in the URLs its callers use.
    let host: String
    let origin: String
    let aws: AWSInfo
    let resourceARN: String?
    let service: ServiceInfo
    /// The address its own outgoing calls come from.
    let ip: String
    /// What its HTTP client sends as `User-Agent`.
    let userAgent: String

    func url(_ path: String) -> String { "http://\(host)\(path)" }

    static let account = "123456789012"
    static let region = "ap-northeast-2"

    enum Runtime {
        case java, python, node, go

        var sdk: AWSInfo.XRaySDK {
            switch self {
            case .java: return AWSInfo.XRaySDK(sdk: "X-Ray for Java", sdkVersion: "2.15.1")
            case .python: return AWSInfo.XRaySDK(sdk: "X-Ray for Python", sdkVersion: "2.14.0")
            case .node: return AWSInfo.XRaySDK(sdk: "X-Ray for Node.js", sdkVersion: "3.6.0")
            case .go: return AWSInfo.XRaySDK(sdk: "X-Ray for Go", sdkVersion: "1.8.3")
            }
        }

        var userAgent: String {
            switch self {
            case .java: return "Apache-HttpClient/4.5.14 (Java/21.0.3)"
            case .python: return "python-requests/2.31.0"
            case .node: return "axios/1.6.8"
            case .go: return "Go-http-client/1.1"
            }
        }

        func service(version: String) -> ServiceInfo {
            switch self {
            case .java:
                return ServiceInfo(version: version, runtime: "OpenJDK 64-Bit Server VM", runtimeVersion: "21.0.3")
            case .python: return ServiceInfo(version: version, runtime: "CPython", runtimeVersion: "3.12.3")
            case .node: return ServiceInfo(version: version, runtime: "node", runtimeVersion: "v20.12.2")
            case .go:
                var info = ServiceInfo(version: version)
                info.compiler = "gc"
                info.compilerVersion = "go1.22.2"
                return info
            }
        }
    }

    static func ec2(_ name: String, host: String, runtime: Runtime, zone: String, random: inout SeededRandom)
        -> ShopService
    {
        var aws = AWSInfo()
        aws.ec2 = AWSInfo.EC2(
            instanceID: "i-0" + random.hex(digits: 16), instanceSize: "m6i.large",
            amiID: "ami-0" + random.hex(digits: 16), availabilityZone: zone)
        aws.xray = runtime.sdk
        return ShopService(
            name: name, host: host, origin: "AWS::EC2::Instance", aws: aws, resourceARN: nil,
            service: runtime.service(version: "1.\(random.int(0...9)).\(random.int(0...30))"),
            ip: "10.0.\(random.int(1...3) * 16).\(random.int(4...250))", userAgent: runtime.userAgent)
    }

    static func ecs(_ name: String, host: String, runtime: Runtime, random: inout SeededRandom) -> ShopService {
        var aws = AWSInfo()
        let task = random.hex(digits: 32)
        var ecs = AWSInfo.ECS(
            container: "ip-10-0-\(random.int(0...63))-\(random.int(1...254)).ap-northeast-2.compute.internal",
            containerID: "\(task)-\(random.int(1_000_000_000...9_999_999_999))",
            containerARN: "arn:aws:ecs:\(region):\(account):container/shop/\(task)/\(random.uuid())")
        ecs.taskFamily = name
        ecs.launchType = "fargate"
        aws.ecs = ecs
        aws.xray = runtime.sdk
        return ShopService(
            name: name, host: host, origin: "AWS::ECS::Container", aws: aws, resourceARN: nil,
            service: runtime.service(version: "2.\(random.int(0...9)).\(random.int(0...30))"),
            ip: "10.0.\(random.int(4...7) * 16).\(random.int(4...250))", userAgent: runtime.userAgent)
    }

    static func eks(_ name: String, host: String, runtime: Runtime, random: inout SeededRandom) -> ShopService {
        let pod = Pod.replicas(
            of: host.split(separator: ".").first.map(String.init) ?? "svc", count: 1, subnet: 20 + random.int(0...40),
            random: &random)[0]
        var aws = AWSInfo()
        aws.eks = AWSInfo.EKS(pod: pod.name, clusterName: "shop-prod", containerID: pod.containerID)
        aws.xray = runtime.sdk
        return ShopService(
            name: name, host: host, origin: "AWS::EKS::Container", aws: aws, resourceARN: nil,
            service: runtime.service(version: "3.\(random.int(0...9)).\(random.int(0...30))"), ip: pod.ip,
            userAgent: runtime.userAgent)
    }

    static func lambda(_ name: String, host: String, runtime: Runtime) -> ShopService {
        var aws = AWSInfo()
        aws.accountID = account
        aws.xray = runtime.sdk
        return ShopService(
            name: name, host: host, origin: "AWS::Lambda::Function", aws: aws,
            resourceARN: "arn:aws:lambda:\(region):\(account):function:\(name)",
            service: runtime.service(version: "$LATEST"), ip: "169.254.76.1", userAgent: runtime.userAgent)
    }
}
