/// What a batch's resource attributes say about where its spans ran: the service's name, and
/// the `aws` blocks, `origin` and SDK that segments carry.
struct ResourceInfo: Sendable {
    let attributes: [OTLPAttribute]
    /// Attributes the decoder skipped (past `DecodeBudget.maxListLength`).
    let droppedValues: Int

    init(_ attributes: [OTLPAttribute], droppedValues: Int = 0) {
        self.attributes = attributes
        self.droppedValues = droppedValues
    }

    func text(_ key: String) -> String? { attributes[key]?.text }

    var serviceName: String? { text("service.name") }

    /// `cloud.platform` to the X-Ray origin the exporter writes.
    var origin: String? {
        switch text("cloud.platform") {
        case "aws_ec2": return "AWS::EC2::Instance"
        case "aws_ecs":
            switch text("aws.ecs.launchtype")?.lowercased() {
            case "ec2": return "AWS::ECS::EC2"
            case "fargate": return "AWS::ECS::Fargate"
            default: return "AWS::ECS::Container"
            }
        case "aws_eks": return "AWS::EKS::Container"
        case "aws_elastic_beanstalk": return "AWS::ElasticBeanstalk::Environment"
        case "aws_app_runner": return "AWS::AppRunner::Service"
        default: return nil
        }
    }

    /// The resource's part of a segment's `aws` block: `ec2`, `ecs`, `eks` and `xray`.
    var awsBlocks: [String: Any] {
        var blocks: [String: Any] = [:]
        func block(_ pairs: [(String, String)]) -> [String: Any]? {
            var result: [String: Any] = [:]
            for (field, key) in pairs { if let value = text(key) { result[field] = value } }
            return result.isEmpty ? nil : result
        }
        if text("cloud.provider") == "aws" || text("host.id") != nil {
            blocks["ec2"] = block([
                ("instance_id", "host.id"), ("availability_zone", "cloud.availability_zone"),
                ("instance_size", "host.type"), ("ami_id", "host.image.id"),
            ])
        }
        blocks["ecs"] = block([
            ("container", "container.name"), ("container_id", "container.id"),
            ("task_arn", "aws.ecs.task.arn"), ("task_family", "aws.ecs.task.family"),
            ("cluster_arn", "aws.ecs.cluster.arn"), ("launch_type", "aws.ecs.launchtype"),
        ])
        if text("k8s.cluster.name") != nil || text("k8s.pod.name") != nil {
            blocks["eks"] = block([
                ("cluster_name", "k8s.cluster.name"), ("pod", "k8s.pod.name"), ("container_id", "container.id"),
            ])
        }
        if let sdk = text("telemetry.sdk.name") {
            var xray: [String: Any] = ["sdk": text("telemetry.sdk.language").map { "\(sdk) for \($0)" } ?? sdk]
            if let version = text("telemetry.sdk.version") { xray["sdk_version"] = version }
            if text("telemetry.auto.version") != nil || text("telemetry.distro.version") != nil {
                xray["auto_instrumentation"] = true
            }
            blocks["xray"] = xray
        }
        return blocks
    }
}
