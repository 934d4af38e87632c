/// The sample applications the generator can play. Each one is a small, fixed system whose
/// traffic is varied by the seed, so demos, tests and benchmarks see the same shapes every time.
public enum Scenario: String, CaseIterable, Sendable {
    /// The AWS EKS workshop X-Ray sample: a front-end that calls one back-end.
    case eksWorkshop = "eks-workshop"
    /// A larger shop of about eight services, AWS calls, SQL, deep and streamed traces.
    case shop

    /// Requests per second when the caller does not choose: the workshop's front calls its
    /// back once a second; the shop is busier.
    public var defaultRate: Double {
        switch self {
        case .eksWorkshop: return 1
        case .shop: return 2
        }
    }
}
