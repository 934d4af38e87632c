import Foundation
import Testing

@testable import XRayModel

/// Small hand-made documents whose summary and graph numbers are worked out in the tests.
enum Fixtures {
    static let traceID = "1-5f000000-000000000000000000000001"

    /// front (502, fault) calls DynamoDB table `orders` (200) and the traced service back (500).
    static let front = """
        {"id":"a000000000000001","trace_id":"\(traceID)","name":"front","origin":"AWS::EKS::Container",
         "start_time":100.0,"end_time":100.5,"fault":true,"user":"alice",
         "http":{"request":{"method":"GET","url":"http://front/api","user_agent":"curl/8","client_ip":"10.0.3.7"},
                 "response":{"status":502,"content_length":12}},
         "annotations":{"customer":"c1","items":3,"vip":true},
         "aws":{"account_id":"123456789012","ec2":{"instance_id":"i-1","availability_zone":"us-east-1a"}},
         "subsegments":[
           {"id":"b000000000000001","name":"back","namespace":"remote","start_time":100.1,"end_time":100.4,
            "fault":true,"http":{"request":{"method":"GET","url":"http://back/","traced":true},"response":{"status":500}}},
           {"id":"d000000000000001","name":"DynamoDB","namespace":"aws","start_time":100.05,"end_time":100.08,
            "aws":{"operation":"GetItem","table_name":"orders","region":"us-east-1"},"http":{"response":{"status":200}}}
         ]}
        """

    static let back = """
        {"id":"c000000000000001","trace_id":"\(traceID)","parent_id":"b000000000000001","name":"back",
         "origin":"AWS::EKS::Container","start_time":100.15,"end_time":100.35,"fault":true,
         "http":{"response":{"status":500}},
         "cause":{"working_directory":"/app","exceptions":[{"id":"e000000000000001","type":"ValueError","message":"boom",
           "stack":[{"path":"app.py","line":12,"label":"handler"}]}]}}
        """

    static func stored(_ json: String) throws -> StoredDocument {
        try DocumentParser.parse(json).get()
    }

    static func trace(_ jsons: [String]) throws -> Trace {
        let documents = try jsons.map(stored)
        return TraceDocuments(traceID: documents[0].traceID, documents: documents).assemble()
    }
}

func approximately(_ a: Double?, _ b: Double, tolerance: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance
}
