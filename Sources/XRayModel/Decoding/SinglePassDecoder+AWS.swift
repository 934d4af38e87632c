// The `aws` block read in one pass, with the keys of `SegmentDecoder`.

extension SinglePassDecoder {
    mutating func aws() throws(Decline) -> AWSInfo {
        var aws = AWSInfo()
        var object = try openObject()
        while let key: AWSKey = try nextField(&object) {
            switch key {
            case .accountID: aws.accountID = try text()
            case .operation: aws.operation = try text()
            case .region: aws.region = try text()
            case .requestID: aws.requestID = try text()
            case .queueURL: aws.queueURL = try text()
            case .tableName: aws.tableName = try text()
            case .tableNames: aws.tableNames = try texts(clean: true)
            case .resourceNames: aws.resourceNames = try texts(clean: true)
            case .bucketName: aws.bucketName = try text()
            case .topicARN: aws.topicARN = try text()
            case .retries: aws.retries = try integer()
            case .ec2: aws.ec2 = try ec2()
            case .ecs: aws.ecs = try ecs()
            case .eks: aws.eks = try eks()
            case .elasticBeanstalk: aws.elasticBeanstalk = try elasticBeanstalk()
            case .xray: aws.xray = try xraySDK()
            case .cloudwatchLogs: aws.cloudwatchLogs = try list { decoder throws(Decline) in try decoder.logs() }
            }
        }
        return aws
    }

    private mutating func ec2() throws(Decline) -> AWSInfo.EC2 {
        var ec2 = AWSInfo.EC2()
        var object = try openObject()
        while let key: EC2Key = try nextField(&object) {
            switch key {
            case .instanceID: ec2.instanceID = try text()
            case .instanceSize: ec2.instanceSize = try text()
            case .amiID: ec2.amiID = try text()
            case .availabilityZone: ec2.availabilityZone = try text()
            }
        }
        return ec2
    }

    private mutating func ecs() throws(Decline) -> AWSInfo.ECS {
        var ecs = AWSInfo.ECS()
        var object = try openObject()
        while let key: ECSKey = try nextField(&object) {
            switch key {
            case .container: ecs.container = try text()
            case .containerID: ecs.containerID = try text()
            case .containerARN: ecs.containerARN = try text()
            case .taskARN: ecs.taskARN = try text()
            case .taskFamily: ecs.taskFamily = try text()
            case .clusterARN: ecs.clusterARN = try text()
            case .launchType: ecs.launchType = try text()
            case .availabilityZone: ecs.availabilityZone = try text()
            }
        }
        return ecs
    }

    private mutating func eks() throws(Decline) -> AWSInfo.EKS {
        var eks = AWSInfo.EKS()
        var object = try openObject()
        while let key: EKSKey = try nextField(&object) {
            switch key {
            case .pod: eks.pod = try text()
            case .clusterName: eks.clusterName = try text()
            case .containerID: eks.containerID = try text()
            }
        }
        return eks
    }

    private mutating func elasticBeanstalk() throws(Decline) -> AWSInfo.ElasticBeanstalk {
        var beanstalk = AWSInfo.ElasticBeanstalk()
        var object = try openObject()
        while let key: BeanstalkKey = try nextField(&object) {
            switch key {
            case .environmentName: beanstalk.environmentName = try text()
            case .versionLabel: beanstalk.versionLabel = try text()
            case .deploymentID: beanstalk.deploymentID = try integer()
            }
        }
        return beanstalk
    }

    private mutating func xraySDK() throws(Decline) -> AWSInfo.XRaySDK {
        var xray = AWSInfo.XRaySDK()
        var object = try openObject()
        while let key: XRaySDKKey = try nextField(&object) {
            switch key {
            case .autoInstrumentation: xray.autoInstrumentation = try flag()
            case .sdkVersion: xray.sdkVersion = try text()
            case .sdk: xray.sdk = try text()
            case .samplingRuleName: xray.samplingRuleName = try text()
            }
        }
        return xray
    }

    private mutating func logs() throws(Decline) -> AWSInfo.CloudWatchLogs {
        var logs = AWSInfo.CloudWatchLogs()
        var object = try openObject()
        while let key: LogsKey = try nextField(&object) {
            switch key {
            case .logGroup: logs.logGroup = try text()
            case .arn: logs.arn = try text()
            }
        }
        return logs
    }
}
