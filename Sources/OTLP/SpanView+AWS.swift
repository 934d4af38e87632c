extension SpanView {
    /// The `aws` block: the call's fields from span attributes, and on segments the resource's
    /// `ec2`, `ecs`, `eks` and `xray` blocks.
    func aws(asSegment: Bool) -> [String: Any]? {
        var aws: [String: Any] = asSegment ? resource.awsBlocks : [:]
        let fields: [(String, [String])] = [
            ("operation", ["aws.operation", "rpc.method"]), ("account_id", ["aws.account_id"]),
            ("region", ["aws.region"]), ("request_id", ["aws.request_id", "aws.requestId"]),
            ("queue_url", ["aws.queue_url", "aws.queue.url", "messaging.url"]),
            ("table_name", ["aws.table_name", "aws.table.name"]),
        ]
        for (field, keys) in fields {
            // `rpc.method` names an AWS operation only on AWS SDK spans.
            for key in keys where key != "rpc.method" || isAWSCall {
                if let value = text(key) {
                    aws[field] = value
                    break
                }
            }
        }
        if case .array(let tables) = value("aws.dynamodb.table_names") {
            let names = tables.compactMap(\.text)
            if names.count == 1 { aws["table_name"] = names[0] } else if !names.isEmpty { aws["table_names"] = names }
        }
        return aws.isEmpty ? nil : aws
    }

    /// The `sql` block, for the SQL databases the exporter knows.
    var sql: [String: Any]? {
        let sqlSystems: Set<String> = [
            "db2", "derby", "hive", "mariadb", "mssql", "mysql", "oracle", "postgresql", "sqlite", "teradata",
            "other_sql",
        ]
        guard let system = text("db.system.name", "db.system"), sqlSystems.contains(system) else { return nil }
        var sql: [String: Any] = ["database_type": system, "url": span.name]
        let database = text("db.namespace", "db.name") ?? ""
        sql["connection_string"] = (text("db.connection_string") ?? "localhost") + "/" + database
        if let user = text("db.user") { sql["user"] = user }
        if let query = text("db.query.text", "db.statement") { sql["sanitized_query"] = query }
        return sql
    }
}
