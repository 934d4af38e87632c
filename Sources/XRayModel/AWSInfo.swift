/// The `aws` block (reference/xray.md §2.7). Segments carry where the service runs
/// (EC2, ECS, EKS, Elastic Beanstalk, the SDK); subsegments of AWS SDK calls carry the call
/// (operation, region, request id, table or queue).
public struct AWSInfo: Sendable, Hashable {
    public var accountID: String?
    public var operation: String?
    public var region: String?
    public var requestID: String?
    public var queueURL: String?
    public var tableName: String?
    public var tableNames: [String]?
    public var resourceNames: [String]?
    public var bucketName: String?
    public var topicARN: String?
    public var retries: Int?
    public var ec2: EC2?
    public var ecs: ECS?
    public var eks: EKS?
    public var elasticBeanstalk: ElasticBeanstalk?
    public var xray: XRaySDK?
    public var cloudwatchLogs: [CloudWatchLogs]?

    public init() {}

    public struct EC2: Sendable, Hashable {
        public var instanceID: String?
        public var instanceSize: String?
        public var amiID: String?
        public var availabilityZone: String?
        public init(
            instanceID: String? = nil, instanceSize: String? = nil, amiID: String? = nil,
            availabilityZone: String? = nil
        ) {
            self.instanceID = instanceID
            self.instanceSize = instanceSize
            self.amiID = amiID
            self.availabilityZone = availabilityZone
        }
    }

    public struct ECS: Sendable, Hashable {
        public var container: String?
        public var containerID: String?
        public var containerARN: String?
        public var taskARN: String?
        public var taskFamily: String?
        public var clusterARN: String?
        public var launchType: String?
        public var availabilityZone: String?
        public init(container: String? = nil, containerID: String? = nil, containerARN: String? = nil) {
            self.container = container
            self.containerID = containerID
            self.containerARN = containerARN
        }
    }

    public struct EKS: Sendable, Hashable {
        public var pod: String?
        public var clusterName: String?
        public var containerID: String?
        public init(pod: String? = nil, clusterName: String? = nil, containerID: String? = nil) {
            self.pod = pod
            self.clusterName = clusterName
            self.containerID = containerID
        }
    }

    public struct ElasticBeanstalk: Sendable, Hashable {
        public var environmentName: String?
        public var versionLabel: String?
        public var deploymentID: Int?
        public init(environmentName: String? = nil, versionLabel: String? = nil, deploymentID: Int? = nil) {
            self.environmentName = environmentName
            self.versionLabel = versionLabel
            self.deploymentID = deploymentID
        }
    }

    public struct XRaySDK: Sendable, Hashable {
        public var autoInstrumentation: Bool?
        public var sdkVersion: String?
        public var sdk: String?
        public var samplingRuleName: String?
        public init(sdk: String? = nil, sdkVersion: String? = nil) {
            self.sdk = sdk
            self.sdkVersion = sdkVersion
        }
    }

    public struct CloudWatchLogs: Sendable, Hashable {
        public var logGroup: String?
        public var arn: String?
        public init(logGroup: String? = nil, arn: String? = nil) {
            self.logGroup = logGroup
            self.arn = arn
        }
    }
}

extension AWSInfo: Codable {
    enum CodingKeys: String, CodingKey {
        case operation, region, retries, ec2, ecs, eks, xray
        case accountID = "account_id", requestID = "request_id", queueURL = "queue_url"
        case tableName = "table_name", tableNames = "table_names", resourceNames = "resource_names"
        case bucketName = "bucket_name", topicARN = "topic_arn"
        case elasticBeanstalk = "elastic_beanstalk", cloudwatchLogs = "cloudwatch_logs"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        accountID = try container.text(.accountID)
        operation = try container.text(.operation)
        region = try container.text(.region)
        requestID = try container.text(.requestID)
        queueURL = try container.text(.queueURL)
        tableName = try container.text(.tableName)
        tableNames = try container.decodeIfPresent([String].self, forKey: .tableNames)?.map(Sanitizer.clean)
        resourceNames = try container.decodeIfPresent([String].self, forKey: .resourceNames)?.map(Sanitizer.clean)
        bucketName = try container.text(.bucketName)
        topicARN = try container.text(.topicARN)
        retries = try container.integer(.retries)
        ec2 = try container.decodeIfPresent(EC2.self, forKey: .ec2)
        ecs = try container.decodeIfPresent(ECS.self, forKey: .ecs)
        eks = try container.decodeIfPresent(EKS.self, forKey: .eks)
        elasticBeanstalk = try container.decodeIfPresent(ElasticBeanstalk.self, forKey: .elasticBeanstalk)
        xray = try container.decodeIfPresent(XRaySDK.self, forKey: .xray)
        cloudwatchLogs = try container.decodeIfPresent([CloudWatchLogs].self, forKey: .cloudwatchLogs)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(accountID, forKey: .accountID)
        try container.encodeIfPresent(operation, forKey: .operation)
        try container.encodeIfPresent(region, forKey: .region)
        try container.encodeIfPresent(requestID, forKey: .requestID)
        try container.encodeIfPresent(queueURL, forKey: .queueURL)
        try container.encodeIfPresent(tableName, forKey: .tableName)
        try container.encodeIfPresent(tableNames, forKey: .tableNames)
        try container.encodeIfPresent(resourceNames, forKey: .resourceNames)
        try container.encodeIfPresent(bucketName, forKey: .bucketName)
        try container.encodeIfPresent(topicARN, forKey: .topicARN)
        try container.encodeIfPresent(retries, forKey: .retries)
        try container.encodeIfPresent(ec2, forKey: .ec2)
        try container.encodeIfPresent(ecs, forKey: .ecs)
        try container.encodeIfPresent(eks, forKey: .eks)
        try container.encodeIfPresent(elasticBeanstalk, forKey: .elasticBeanstalk)
        try container.encodeIfPresent(xray, forKey: .xray)
        try container.encodeIfPresent(cloudwatchLogs, forKey: .cloudwatchLogs)
    }
}

extension AWSInfo.EC2: Codable {
    enum CodingKeys: String, CodingKey {
        case instanceID = "instance_id", instanceSize = "instance_size", amiID = "ami_id"
        case availabilityZone = "availability_zone"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        instanceID = try container.text(.instanceID)
        instanceSize = try container.text(.instanceSize)
        amiID = try container.text(.amiID)
        availabilityZone = try container.text(.availabilityZone)
    }
}

extension AWSInfo.ECS: Codable {
    enum CodingKeys: String, CodingKey {
        case container
        case containerID = "container_id", containerARN = "container_arn", taskARN = "task_arn"
        case taskFamily = "task_family", clusterARN = "cluster_arn", launchType = "launch_type"
        case availabilityZone = "availability_zone"
    }

    public init(from decoder: Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        container = try values.text(.container)
        containerID = try values.text(.containerID)
        containerARN = try values.text(.containerARN)
        taskARN = try values.text(.taskARN)
        taskFamily = try values.text(.taskFamily)
        clusterARN = try values.text(.clusterARN)
        launchType = try values.text(.launchType)
        availabilityZone = try values.text(.availabilityZone)
    }
}

extension AWSInfo.EKS: Codable {
    enum CodingKeys: String, CodingKey {
        case pod
        case clusterName = "cluster_name", containerID = "container_id"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        pod = try container.text(.pod)
        clusterName = try container.text(.clusterName)
        containerID = try container.text(.containerID)
    }
}

extension AWSInfo.ElasticBeanstalk: Codable {
    enum CodingKeys: String, CodingKey {
        case environmentName = "environment_name", versionLabel = "version_label"
        case deploymentID = "deployment_id"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        environmentName = try container.text(.environmentName)
        versionLabel = try container.text(.versionLabel)
        deploymentID = try container.integer(.deploymentID)
    }
}

extension AWSInfo.XRaySDK: Codable {
    enum CodingKeys: String, CodingKey {
        case sdk
        case autoInstrumentation = "auto_instrumentation", sdkVersion = "sdk_version"
        case samplingRuleName = "sampling_rule_name"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        autoInstrumentation = try container.flag(.autoInstrumentation)
        sdkVersion = try container.text(.sdkVersion)
        sdk = try container.text(.sdk)
        samplingRuleName = try container.text(.samplingRuleName)
    }
}

extension AWSInfo.CloudWatchLogs: Codable {
    enum CodingKeys: String, CodingKey {
        case arn
        case logGroup = "log_group"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        logGroup = try container.text(.logGroup)
        arn = try container.text(.arn)
    }
}
