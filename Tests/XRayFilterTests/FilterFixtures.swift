import Foundation
import XRayModel

/// Thirteen small traces, written as the documents an SDK sends, that the evaluation tests
/// filter. Times are chosen to stay clear of rounding: durations are whole milliseconds, and no
/// time or coverage comparison in the tests sits on a value a trace has.
///
/// | name | entry segment | what else |
/// |---|---|---|
/// | ok | front GET /api/orders 200, alice, 10.0.0.1 | DynamoDB `orders` GetItem (inferred), EC2 us-east-1a |
/// | notFound | front GET /api/items/42 404, bob, 10.0.0.2 | remote call to api.github.com (inferred) |
/// | throttled | front POST /api/checkout 429 | no user |
/// | fault | front GET /api/orders 500, alice | exceptions on front and on its `validate` subsegment |
/// | handled | front GET /api/cart 200, erin | traced call to back, which faults (500, TimeoutError) |
/// | backError | front GET /api/profile 200, frank | traced call to back, which answers 404 |
/// | partial | front in progress, carol | no response yet |
/// | slow | front GET /api/report 200 in 4 s, dave | SQL database `reports-db` (inferred) |
/// | lambda | Lambda service and function `orders-fn`, 김민준 | SQS queue `order-events` (inferred), resource ARN |
/// | japanese | front GET /検索 200, 山田太郎, 203.0.113.9 | |
/// | delete | front (ECS) DELETE 204, bob | DynamoDB `orders` DeleteItem throttled (inferred) |
/// | inventory | front GET /api/stock 200 | traced call to inventory, which is throttled (429) |
/// | health | front HEAD /health 503 (status only, no flag) | |
enum FilterFixtures {
    static func traceID(_ number: Int) -> String {
        "1-5f000000-" + String(repeating: "0", count: 22) + String(format: "%02x", number)
    }

    /// The documents of each trace, by name; `{T}` stands for the trace id.
    static let documents: [(name: String, documents: [String])] = [
        ("ok", [ok]), ("notFound", [notFound]), ("throttled", [throttled]), ("fault", [fault]),
        ("handled", handled), ("backError", backError), ("partial", [partial]), ("slow", [slow]),
        ("lambda", lambda), ("japanese", [japanese]), ("delete", [delete]), ("inventory", inventory),
        ("health", [health]),
    ]

    static var names: Set<String> { Set(documents.map(\.name)) }

    /// The assembled traces, by name.
    static let traces: [String: Trace] = {
        var traces: [String: Trace] = [:]
        for (number, entry) in documents.enumerated() {
            let id = traceID(number + 1)
            let stored = entry.documents.map { json in
                switch DocumentParser.parse(json.replacingOccurrences(of: "{T}", with: id)) {
                case .success(let document): return document
                case .failure(let rejection): fatalError("fixture \(entry.name) is invalid: \(rejection)")
                }
            }
            traces[entry.name] = TraceDocuments(traceID: id, documents: stored).assemble()
        }
        return traces
    }()

    static let ok = #"""
        {"id":"0100000000000001","trace_id":"{T}","name":"front","origin":"AWS::EC2::Instance",
         "start_time":1000.0,"end_time":1000.2,"user":"alice",
         "http":{"request":{"method":"GET","url":"http://shop.example.com/api/orders",
                            "user_agent":"Mozilla/5.0 (X11; Linux)","client_ip":"10.0.0.1"},
                 "response":{"status":200}},
         "annotations":{"customer":"c-100","items":3,"vip":true,"order.id":"o-1"},
         "aws":{"account_id":"111111111111","ec2":{"instance_id":"i-0aaa","availability_zone":"us-east-1a"}},
         "subsegments":[
           {"id":"0100000000000002","name":"DynamoDB","namespace":"aws","start_time":1000.05,"end_time":1000.1,
            "aws":{"operation":"GetItem","table_name":"orders"},"http":{"response":{"status":200}}}
         ]}
        """#

    static let notFound = #"""
        {"id":"0200000000000001","trace_id":"{T}","name":"front","origin":"AWS::EC2::Instance",
         "start_time":2000.0,"end_time":2000.05,"user":"bob","error":true,
         "http":{"request":{"method":"GET","url":"http://shop.example.com/api/items/42",
                            "user_agent":"curl/8.4.0","client_ip":"10.0.0.2"},
                 "response":{"status":404}},
         "annotations":{"customer":"c-200","items":0,"vip":false},
         "aws":{"account_id":"111111111111","ec2":{"instance_id":"i-0bbb","availability_zone":"us-east-1b"}},
         "subsegments":[
           {"id":"0200000000000002","name":"api.github.com","namespace":"remote",
            "start_time":2000.01,"end_time":2000.03,
            "http":{"request":{"method":"GET","url":"https://api.github.com/users/42"},"response":{"status":200}}}
         ]}
        """#

    static let throttled = #"""
        {"id":"0300000000000001","trace_id":"{T}","name":"front","origin":"AWS::EC2::Instance",
         "start_time":3000.0,"end_time":3000.1,"error":true,"throttle":true,
         "http":{"request":{"method":"POST","url":"http://shop.example.com/api/checkout",
                            "user_agent":"python-requests/2.31.0","client_ip":"10.0.0.3"},
                 "response":{"status":429}},
         "annotations":{"items":12},
         "aws":{"account_id":"111111111111"}}
        """#

    static let fault = #"""
        {"id":"0400000000000001","trace_id":"{T}","name":"front","origin":"AWS::EC2::Instance",
         "start_time":4000.0,"end_time":4000.3,"user":"alice","fault":true,
         "http":{"request":{"method":"GET","url":"http://shop.example.com/api/orders",
                            "user_agent":"curl/8.4.0","client_ip":"10.0.0.1"},
                 "response":{"status":500}},
         "annotations":{"customer":"c-100"},
         "cause":{"working_directory":"/app","exceptions":[
           {"id":"0400000000000e01","type":"NullPointerException","message":"order was null"}]},
         "subsegments":[
           {"id":"0400000000000002","name":"validate","start_time":4000.1,"end_time":4000.2,"fault":true,
            "cause":{"working_directory":"/app","exceptions":[
              {"id":"0400000000000e02","type":"ValidationError","message":"missing field: sku"}]}}
         ]}
        """#

    static let handled = [
        #"""
        {"id":"0500000000000001","trace_id":"{T}","name":"front","origin":"AWS::EC2::Instance",
         "start_time":5000.0,"end_time":5000.5,"user":"erin",
         "http":{"request":{"method":"GET","url":"http://shop.example.com/api/cart",
                            "user_agent":"curl/8.4.0","client_ip":"10.0.0.6"},
                 "response":{"status":200}},
         "subsegments":[
           {"id":"0500000000000002","name":"back","namespace":"remote","start_time":5000.1,"end_time":5000.4,
            "fault":true,
            "http":{"request":{"method":"GET","url":"http://back.internal/cart","traced":true},
                    "response":{"status":500}}}
         ]}
        """#,
        #"""
        {"id":"0500000000000003","trace_id":"{T}","parent_id":"0500000000000002","name":"back",
         "origin":"AWS::ECS::Container","start_time":5000.15,"end_time":5000.35,"fault":true,
         "http":{"request":{"method":"GET","url":"http://back.internal/cart"},"response":{"status":500}},
         "aws":{"ecs":{"container":"back-1","availability_zone":"eu-west-1b"}},
         "cause":{"working_directory":"/srv","exceptions":[
           {"id":"0500000000000e01","type":"TimeoutError","message":"database timed out"}]}}
        """#,
    ]

    static let backError = [
        #"""
        {"id":"0600000000000001","trace_id":"{T}","name":"front","origin":"AWS::EC2::Instance",
         "start_time":6000.0,"end_time":6000.3,"user":"frank",
         "http":{"request":{"method":"GET","url":"http://shop.example.com/api/profile",
                            "user_agent":"Mozilla/5.0 (Macintosh)","client_ip":"10.0.0.7"},
                 "response":{"status":200}},
         "subsegments":[
           {"id":"0600000000000002","name":"back","namespace":"remote","start_time":6000.05,"end_time":6000.25,
            "error":true,
            "http":{"request":{"method":"GET","url":"http://back.internal/profile","traced":true},
                    "response":{"status":404}}}
         ]}
        """#,
        #"""
        {"id":"0600000000000003","trace_id":"{T}","parent_id":"0600000000000002","name":"back",
         "origin":"AWS::ECS::Container","start_time":6000.06,"end_time":6000.24,"error":true,
         "http":{"request":{"method":"GET","url":"http://back.internal/profile"},"response":{"status":404}}}
        """#,
    ]

    static let partial = #"""
        {"id":"0700000000000001","trace_id":"{T}","name":"front","origin":"AWS::EC2::Instance",
         "start_time":7000.0,"in_progress":true,"user":"carol",
         "http":{"request":{"method":"GET","url":"http://shop.example.com/api/slow-report",
                            "user_agent":"curl/8.4.0","client_ip":"10.0.0.4"}}}
        """#

    static let slow = #"""
        {"id":"0800000000000001","trace_id":"{T}","name":"front","origin":"AWS::EC2::Instance",
         "start_time":8000.0,"end_time":8004.0,"user":"dave",
         "http":{"request":{"method":"GET","url":"http://shop.example.com/api/report",
                            "user_agent":"Mozilla/5.0 (X11; Linux)","client_ip":"10.0.0.8"},
                 "response":{"status":200}},
         "annotations":{"report.kind":"monthly"},
         "subsegments":[
           {"id":"0800000000000002","name":"generate","namespace":"local","start_time":8000.1,"end_time":8003.9,
            "subsegments":[
              {"id":"0800000000000003","name":"reports-db","namespace":"remote",
               "start_time":8000.2,"end_time":8003.5,
               "sql":{"url":"postgresql://db.internal/reports","database_type":"PostgreSQL"}}
            ]}
         ]}
        """#

    static let lambda = [
        #"""
        {"id":"0900000000000001","trace_id":"{T}","name":"orders-fn","origin":"AWS::Lambda",
         "start_time":9000.0,"end_time":9000.3,"aws":{"account_id":"222222222222"}}
        """#,
        #"""
        {"id":"0900000000000002","trace_id":"{T}","parent_id":"0900000000000001","name":"orders-fn",
         "origin":"AWS::Lambda::Function","start_time":9000.02,"end_time":9000.28,"user":"김민준",
         "resource_arn":"arn:aws:lambda:us-east-1:222222222222:function:orders-fn",
         "aws":{"account_id":"222222222222"},
         "annotations":{"지역":"서울","cold_start":true},
         "subsegments":[
           {"id":"0900000000000003","name":"SQS","namespace":"aws","start_time":9000.1,"end_time":9000.2,
            "aws":{"operation":"SendMessage",
                   "queue_url":"https://sqs.us-east-1.amazonaws.com/222222222222/order-events"},
            "http":{"response":{"status":200}}}
         ]}
        """#,
    ]

    static let japanese = #"""
        {"id":"0a00000000000001","trace_id":"{T}","name":"front","origin":"AWS::EC2::Instance",
         "start_time":10000.0,"end_time":10000.1,"user":"山田太郎",
         "http":{"request":{"method":"GET","url":"http://shop.example.com/検索?q=本",
                            "user_agent":"Mozilla/5.0 (iPhone)","client_ip":"203.0.113.9"},
                 "response":{"status":200}},
         "annotations":{"customer":"顧客-7"}}
        """#

    static let delete = #"""
        {"id":"0b00000000000001","trace_id":"{T}","name":"front","origin":"AWS::ECS::Container",
         "start_time":11000.0,"end_time":11000.08,"user":"bob",
         "http":{"request":{"method":"DELETE","url":"http://shop.example.com/api/orders/7",
                            "user_agent":"curl/8.4.0","client_ip":"10.0.0.2"},
                 "response":{"status":204}},
         "annotations":{"customer":"c-300","items":7.5,"retry.count":2},
         "aws":{"ecs":{"container":"front-2","availability_zone":"eu-west-1a"}},
         "subsegments":[
           {"id":"0b00000000000002","name":"DynamoDB","namespace":"aws","start_time":11000.01,"end_time":11000.03,
            "error":true,"throttle":true,
            "aws":{"operation":"DeleteItem","table_name":"orders"},"http":{"response":{"status":400}}}
         ]}
        """#

    static let inventory = [
        #"""
        {"id":"0c00000000000001","trace_id":"{T}","name":"front","origin":"AWS::EC2::Instance",
         "start_time":12000.0,"end_time":12000.2,
         "http":{"request":{"method":"GET","url":"http://shop.example.com/api/stock",
                            "user_agent":"curl/8.4.0","client_ip":"10.0.0.9"},
                 "response":{"status":200}},
         "subsegments":[
           {"id":"0c00000000000002","name":"inventory","namespace":"remote",
            "start_time":12000.02,"end_time":12000.15,"error":true,"throttle":true,
            "http":{"request":{"method":"GET","url":"http://inventory.internal/stock","traced":true},
                    "response":{"status":429}}}
         ]}
        """#,
        #"""
        {"id":"0c00000000000003","trace_id":"{T}","parent_id":"0c00000000000002","name":"inventory",
         "origin":"AWS::EC2::Instance","start_time":12000.03,"end_time":12000.14,"error":true,"throttle":true,
         "http":{"response":{"status":429}},
         "aws":{"ec2":{"instance_id":"i-0ccc","availability_zone":"us-west-2c"}}}
        """#,
    ]

    static let health = #"""
        {"id":"0d00000000000001","trace_id":"{T}","name":"front","origin":"AWS::EC2::Instance",
         "start_time":13000.0,"end_time":13000.01,
         "http":{"request":{"method":"HEAD","url":"http://shop.example.com/health",
                            "user_agent":"ELB-HealthChecker/2.0","client_ip":"10.0.0.5","x_forwarded_for":true},
                 "response":{"status":503}}}
        """#
}

/// Groups the group tests resolve against: `errors`, `slow` (also by ARN), `bad` (names `errors`).
enum TestGroups {
    static func group(_ name: String, _ filter: String?, arn: String? = nil) -> API.GroupSummary {
        var group = API.GroupSummary()
        group.GroupName = name
        group.GroupARN = arn ?? "arn:aws:xray:us-east-1:111111111111:group/\(name)/ABC"
        group.FilterExpression = filter
        return group
    }

    static let all = [
        group("errors", "fault OR error"), group("slow", "responsetime > 1"),
        group("bad", #"group.name = "errors" OR partial"#),
    ]
}
