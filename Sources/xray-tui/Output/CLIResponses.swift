import XRayModel

// The AWS CLI paginates these operations and prints the merged result: the paginated list
// first, then the paginator's non-aggregate keys in the paginator's order (botocore
// `paginators-1.json`). These shapes print the same members in that same order, so our JSON is
// what `aws xray ...` prints for the same data (checked byte for byte in AWSCLIInteropTests).

/// `aws xray get-trace-summaries`.
struct TraceSummariesOutput: Encodable {
    var TraceSummaries: [API.TraceSummary]
    var TracesProcessedCount: Int?
    var ApproximateTime: Double?
}

/// `aws xray get-service-graph`.
struct ServiceGraphOutput: Encodable {
    var Services: [API.Service]?
    var StartTime: Double?
    var EndTime: Double?
    var ContainsOldGroupVersions: Bool?

    init(_ result: API.GetServiceGraphResult) {
        Services = result.Services
        StartTime = result.StartTime
        EndTime = result.EndTime
        ContainsOldGroupVersions = result.ContainsOldGroupVersions
    }
}
