// The `aws` block, read in the order of `AWSInfo.init(from:)`.

enum AWSKey: Int, SchemaKey {
    case accountID, operation, region, requestID, queueURL, tableName, tableNames, resourceNames, bucketName
    case topicARN, retries, ec2, ecs, eks, elasticBeanstalk, xray, cloudwatchLogs
    static let names = FieldNames([
        "account_id", "operation", "region", "request_id", "queue_url", "table_name", "table_names",
        "resource_names", "bucket_name", "topic_arn", "retries", "ec2", "ecs", "eks", "elastic_beanstalk", "xray",
        "cloudwatch_logs",
    ])
}

enum EC2Key: Int, SchemaKey {
    case instanceID, instanceSize, amiID, availabilityZone
    static let names = FieldNames(["instance_id", "instance_size", "ami_id", "availability_zone"])
}

enum ECSKey: Int, SchemaKey {
    case container, containerID, containerARN, taskARN, taskFamily, clusterARN, launchType, availabilityZone
    static let names = FieldNames([
        "container", "container_id", "container_arn", "task_arn", "task_family", "cluster_arn", "launch_type",
        "availability_zone",
    ])
}

enum EKSKey: Int, SchemaKey {
    case pod, clusterName, containerID
    static let names = FieldNames(["pod", "cluster_name", "container_id"])
}

enum BeanstalkKey: Int, SchemaKey {
    case environmentName, versionLabel, deploymentID
    static let names = FieldNames(["environment_name", "version_label", "deployment_id"])
}

enum XRaySDKKey: Int, SchemaKey {
    case autoInstrumentation, sdkVersion, sdk, samplingRuleName
    static let names = FieldNames(["auto_instrumentation", "sdk_version", "sdk", "sampling_rule_name"])
}

enum LogsKey: Int, SchemaKey {
    case logGroup, arn
    static let names = FieldNames(["log_group", "arn"])
}

extension SegmentDecoder {
    mutating func aws(_ fields: Fields<AWSKey>) throws(RejectionReason) -> AWSInfo {
        var aws = AWSInfo()
        aws.accountID = try text(fields, .accountID)
        aws.operation = try text(fields, .operation)
        aws.region = try text(fields, .region)
        aws.requestID = try text(fields, .requestID)
        aws.queueURL = try text(fields, .queueURL)
        aws.tableName = try text(fields, .tableName)
        aws.tableNames = try strings(fields, .tableNames, clean: true)
        aws.resourceNames = try strings(fields, .resourceNames, clean: true)
        aws.bucketName = try text(fields, .bucketName)
        aws.topicARN = try text(fields, .topicARN)
        aws.retries = try integer(fields, .retries)
        aws.ec2 = try block(fields, .ec2, EC2Key.self) { decoder, fields throws(RejectionReason) in
            AWSInfo.EC2(
                instanceID: try decoder.text(fields, .instanceID),
                instanceSize: try decoder.text(fields, .instanceSize),
                amiID: try decoder.text(fields, .amiID), availabilityZone: try decoder.text(fields, .availabilityZone))
        }
        aws.ecs = try block(fields, .ecs, ECSKey.self) { decoder, fields throws(RejectionReason) in
            var ecs = AWSInfo.ECS(
                container: try decoder.text(fields, .container), containerID: try decoder.text(fields, .containerID),
                containerARN: try decoder.text(fields, .containerARN))
            ecs.taskARN = try decoder.text(fields, .taskARN)
            ecs.taskFamily = try decoder.text(fields, .taskFamily)
            ecs.clusterARN = try decoder.text(fields, .clusterARN)
            ecs.launchType = try decoder.text(fields, .launchType)
            ecs.availabilityZone = try decoder.text(fields, .availabilityZone)
            return ecs
        }
        aws.eks = try block(fields, .eks, EKSKey.self) { decoder, fields throws(RejectionReason) in
            AWSInfo.EKS(
                pod: try decoder.text(fields, .pod), clusterName: try decoder.text(fields, .clusterName),
                containerID: try decoder.text(fields, .containerID))
        }
        aws.elasticBeanstalk = try block(fields, .elasticBeanstalk, BeanstalkKey.self) {
            decoder, fields throws(RejectionReason) in
            AWSInfo.ElasticBeanstalk(
                environmentName: try decoder.text(fields, .environmentName),
                versionLabel: try decoder.text(fields, .versionLabel),
                deploymentID: try decoder.integer(fields, .deploymentID))
        }
        aws.xray = try block(fields, .xray, XRaySDKKey.self) { decoder, fields throws(RejectionReason) in
            var xray = AWSInfo.XRaySDK()
            xray.autoInstrumentation = try decoder.flag(fields, .autoInstrumentation)
            xray.sdkVersion = try decoder.text(fields, .sdkVersion)
            xray.sdk = try decoder.text(fields, .sdk)
            xray.samplingRuleName = try decoder.text(fields, .samplingRuleName)
            return xray
        }
        aws.cloudwatchLogs = try list(fields, .cloudwatchLogs) { decoder, element throws(RejectionReason) in
            try decoder.element(element, LogsKey.self) { decoder, fields throws(RejectionReason) in
                AWSInfo.CloudWatchLogs(
                    logGroup: try decoder.text(fields, .logGroup), arn: try decoder.text(fields, .arn))
            }
        }
        return aws
    }
}
