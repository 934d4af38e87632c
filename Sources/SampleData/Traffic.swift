/// Who sends requests to an entry service: browsers, scripts and health checkers from a
/// handful of addresses, so filters like `http.clientip = "10.0.3.7"` find something.
enum Traffic {
    static let userAgents = [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        "curl/8.5.0",
        "python-requests/2.31.0",
        "ELB-HealthChecker/2.0",
        "kube-probe/1.29",
    ]

    static let clientIPs = [
        "10.0.3.7", "10.0.3.19", "10.0.5.112", "192.168.12.40", "192.168.12.41", "172.16.4.9",
        "203.0.113.25", "198.51.100.77",
    ]

    /// Addresses outside the VPC reach the service through a load balancer, so the SDK reads
    /// them from `X-Forwarded-For`.
    static func isForwarded(_ ip: String) -> Bool {
        ip.hasPrefix("203.") || ip.hasPrefix("198.")
    }

    static let users = [
        "alice", "bob", "carol", "dave", "kim.minji", "park.jisoo", "sato.yuki", "tanaka.hiroshi", "user-0042",
        "user-1337",
    ]
}
