import Foundation
import InteropSupport
import Testing
import XRayModel

/// Our API types are named member for member after botocore's model of the X-Ray API (the
/// model the AWS CLI and every Python client use), in the model's order, which is also the order
/// the AWS CLI prints. The member lists come from botocore itself, in the interop venv.
@Suite struct APIShapeTests {
    /// Our type, and the botocore shapes it stands for.
    static let pairs: [(any Sendable, [String])] = [
        (API.GetTraceSummariesRequest(), ["GetTraceSummariesRequest"]),
        (API.GetTraceSummariesResult(), ["GetTraceSummariesResult"]),
        (API.TraceSummary(), ["TraceSummary"]),
        (API.Http(), ["Http"]),
        (API.ServiceId(), ["ServiceId"]),
        (API.ValueWithServiceIds(), ["ValueWithServiceIds"]),
        (API.AnnotationValue(), ["AnnotationValue"]),
        (API.TraceUser(), ["TraceUser"]),
        (API.ResourceARNDetail(), ["ResourceARNDetail"]),
        (API.InstanceIdDetail(), ["InstanceIdDetail"]),
        (API.AvailabilityZoneDetail(), ["AvailabilityZoneDetail"]),
        (API.RootCause(), ["FaultRootCause", "ErrorRootCause", "ResponseTimeRootCause"]),
        (API.RootCauseService(), ["FaultRootCauseService", "ErrorRootCauseService", "ResponseTimeRootCauseService"]),
        (API.RootCauseException(), ["RootCauseException"]),
        (API.BatchGetTracesRequest(), ["BatchGetTracesRequest"]),
        (API.BatchGetTracesResult(), ["BatchGetTracesResult"]),
        (API.Trace(), ["Trace"]),
        (API.Segment(), ["Segment"]),
        (API.GetTraceGraphRequest(), ["GetTraceGraphRequest"]),
        (API.GetTraceGraphResult(), ["GetTraceGraphResult"]),
        (API.GetServiceGraphRequest(), ["GetServiceGraphRequest"]),
        (API.GetServiceGraphResult(), ["GetServiceGraphResult"]),
        (API.Service(), ["Service"]),
        (API.Edge(), ["Edge"]),
        (API.Statistics(), ["EdgeStatistics", "ServiceStatistics"]),
        (API.ErrorStatistics(), ["ErrorStatistics"]),
        (API.FaultStatistics(), ["FaultStatistics"]),
        (API.HistogramEntry(), ["HistogramEntry"]),
        (API.Alias(), ["Alias"]),
        (API.GetTimeSeriesServiceStatisticsRequest(), ["GetTimeSeriesServiceStatisticsRequest"]),
        (API.GetTimeSeriesServiceStatisticsResult(), ["GetTimeSeriesServiceStatisticsResult"]),
        (API.TimeSeriesServiceStatistics(), ["TimeSeriesServiceStatistics"]),
        (API.ForecastStatistics(), ["ForecastStatistics"]),
        (API.PutTraceSegmentsRequest(), ["PutTraceSegmentsRequest"]),
        (API.PutTraceSegmentsResult(), ["PutTraceSegmentsResult"]),
        (API.UnprocessedTraceSegment(), ["UnprocessedTraceSegment"]),
        (API.GetSamplingRulesRequest(), ["GetSamplingRulesRequest"]),
        (API.GetSamplingRulesResult(), ["GetSamplingRulesResult"]),
        (API.SamplingRuleRecord(), ["SamplingRuleRecord"]),
        (API.SamplingRule(), ["SamplingRule"]),
        (API.SamplingRateBoost(), ["SamplingRateBoost"]),
        (API.GetSamplingTargetsRequest(), ["GetSamplingTargetsRequest"]),
        (API.SamplingStatisticsDocument(), ["SamplingStatisticsDocument"]),
        (API.SamplingBoostStatisticsDocument(), ["SamplingBoostStatisticsDocument"]),
        (API.GetSamplingTargetsResult(), ["GetSamplingTargetsResult"]),
        (API.SamplingTargetDocument(), ["SamplingTargetDocument"]),
        (API.SamplingBoost(), ["SamplingBoost"]),
        (API.UnprocessedStatistics(), ["UnprocessedStatistics"]),
        (API.GetGroupsRequest(), ["GetGroupsRequest"]),
        (API.GetGroupsResult(), ["GetGroupsResult"]),
        (API.GroupSummary(), ["GroupSummary", "Group"]),
        (API.GetGroupRequest(), ["GetGroupRequest"]),
        (API.GetGroupResult(), ["GetGroupResult"]),
        (API.InsightsConfiguration(), ["InsightsConfiguration"]),
        (API.SamplingStrategy(), ["SamplingStrategy"]),
    ]

    @Test func membersMatchBotocoresModel() async throws {
        if case .failure(let error) = await PythonTools.shared() {
            if ProcessInfo.processInfo.environment["CI"] == "true" { throw error }
            print("SKIPPED: API shape check, because \(error)")
            try Test.cancel("\(error)")
        }
        let shapes = Array(Set(Self.pairs.flatMap(\.1)))
        let script = """
            import json, sys, botocore.loaders
            model = botocore.loaders.Loader().load_service_model('xray', 'service-2')['shapes']
            print(json.dumps({name: list(model[name]['members']) for name in sys.argv[1:]}))
            """
        let result = try Command.run(PythonTools.python, ["-c", script] + shapes, timeout: 60)
        try #require(result.status == 0, "\(result.outputTail)")
        let members = try JSONDecoder().decode([String: [String]].self, from: Data(result.stdout.utf8))

        for (value, shapeNames) in Self.pairs {
            let ours = Mirror(reflecting: value).children.compactMap(\.label)
            // One Swift type stands for shapes of one layout (the three root-cause kinds).
            var expected: [String] = []
            for name in shapeNames {
                for member in members[name] ?? [] where !expected.contains(member) { expected.append(member) }
            }
            #expect(ours == expected, "\(type(of: value)) vs \(shapeNames)")
        }
    }

    @Test func rootCauseEntityHoldsEveryKindsMembers() {
        // FaultRootCauseEntity: Name, Exceptions, Remote; ResponseTimeRootCauseEntity: Name, Coverage, Remote.
        #expect(
            Mirror(reflecting: API.RootCauseEntity()).children.compactMap(\.label) == [
                "Name", "Coverage", "Exceptions", "Remote",
            ])
    }
}
