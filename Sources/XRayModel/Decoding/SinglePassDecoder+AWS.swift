// The `aws` block read in one pass, with the keys of `SegmentDecoder`.

extension SinglePassDecoder {
    mutating func aws(into aws: inout AWSInfo) throws(Decline) {
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
            case .ec2:
                aws.ec2 = AWSInfo.EC2()
                try ec2(into: &aws.ec2!)
            case .ecs:
                aws.ecs = AWSInfo.ECS()
                try ecs(into: &aws.ecs!)
            case .eks:
                aws.eks = AWSInfo.EKS()
                try eks(into: &aws.eks!)
            case .elasticBeanstalk:
                aws.elasticBeanstalk = AWSInfo.ElasticBeanstalk()
                try elasticBeanstalk(into: &aws.elasticBeanstalk!)
            case .xray:
                aws.xray = AWSInfo.XRaySDK()
                try xraySDK(into: &aws.xray!)
            case .cloudwatchLogs: aws.cloudwatchLogs = try list { decoder throws(Decline) in try decoder.logs() }
            }
        }
    }

    private mutating func ec2(into ec2: inout AWSInfo.EC2) throws(Decline) {
        var object = try openObject()
        while let key: EC2Key = try nextField(&object) {
            switch key {
            case .instanceID: ec2.instanceID = try text()
            case .instanceSize: ec2.instanceSize = try text()
            case .amiID: ec2.amiID = try text()
            case .availabilityZone: ec2.availabilityZone = try text()
            }
        }
    }

    private mutating func ecs(into ecs: inout AWSInfo.ECS) throws(Decline) {
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
    }

    private mutating func eks(into eks: inout AWSInfo.EKS) throws(Decline) {
        var object = try openObject()
        while let key: EKSKey = try nextField(&object) {
            switch key {
            case .pod: eks.pod = try text()
            case .clusterName: eks.clusterName = try text()
            case .containerID: eks.containerID = try text()
            }
        }
    }

    private mutating func elasticBeanstalk(into beanstalk: inout AWSInfo.ElasticBeanstalk) throws(Decline) {
        var object = try openObject()
        while let key: BeanstalkKey = try nextField(&object) {
            switch key {
            case .environmentName: beanstalk.environmentName = try text()
            case .versionLabel: beanstalk.versionLabel = try text()
            case .deploymentID: beanstalk.deploymentID = try integer()
            }
        }
    }

    private mutating func xraySDK(into xray: inout AWSInfo.XRaySDK) throws(Decline) {
        var object = try openObject()
        while let key: XRaySDKKey = try nextField(&object) {
            switch key {
            case .autoInstrumentation: xray.autoInstrumentation = try flag()
            case .sdkVersion: xray.sdkVersion = try text()
            case .sdk: xray.sdk = try text()
            case .samplingRuleName: xray.samplingRuleName = try text()
            }
        }
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
