/// One Kubernetes pod of a deployment: what an EKS segment reports in `aws.eks`, and the pod
/// IP its callees see as `client_ip`.
struct Pod: Sendable {
    let name: String
    let containerID: String
    let ip: String

    /// Pods named as a Deployment names them: `<deployment>-<template hash>-<5 characters>`.
    static func replicas(of deployment: String, count: Int, subnet: Int, random: inout SeededRandom) -> [Pod] {
        let alphabet = "bcdfghjklmnpqrstvwxz2456789"
        let templateHash = random.string(length: 10, from: alphabet)
        return (0..<count).map { _ in
            Pod(
                name: "\(deployment)-\(templateHash)-\(random.string(length: 5, from: alphabet))",
                containerID: random.hex(digits: 64),
                ip: "192.168.\(subnet).\(random.int(2...250))")
        }
    }
}
