// The blocks of a segment document (`service`, `http`, `aws`, `sql`, `cause`), read in the
// order of their `init(from:)` in Blocks+Codable.swift, AWSInfo.swift and
// SegmentDocument+Codable.swift.

enum ServiceInfoKey: Int, SchemaKey {
    case version, runtime, runtimeVersion, compiler, compilerVersion
    static let names = FieldNames(["version", "runtime", "runtime_version", "compiler", "compiler_version"])
}

enum HTTPKey: Int, SchemaKey {
    case request, response
    static let names = FieldNames(["request", "response"])
}

enum HTTPRequestKey: Int, SchemaKey {
    case method, url, userAgent, clientIP, xForwardedFor, traced
    static let names = FieldNames(["method", "url", "user_agent", "client_ip", "x_forwarded_for", "traced"])
}

enum HTTPResponseKey: Int, SchemaKey {
    case status, contentLength
    static let names = FieldNames(["status", "content_length"])
}

enum SQLKey: Int, SchemaKey {
    case connectionString, url, sanitizedQuery, databaseType, databaseVersion, driverVersion, user, preparation
    static let names = FieldNames([
        "connection_string", "url", "sanitized_query", "database_type", "database_version", "driver_version",
        "user", "preparation",
    ])
}

enum CauseKey: Int, SchemaKey {
    case workingDirectory, paths, exceptions
    static let names = FieldNames(["working_directory", "paths", "exceptions"])
}

enum ExceptionKey: Int, SchemaKey {
    case id, message, type, remote, truncated, skipped, cause, stack
    static let names = FieldNames(["id", "message", "type", "remote", "truncated", "skipped", "cause", "stack"])
}

enum StackFrameKey: Int, SchemaKey {
    case path, line, label
    static let names = FieldNames(["path", "line", "label"])
}

extension SegmentDecoder {
    mutating func service(_ fields: Fields<ServiceInfoKey>) throws(RejectionReason) -> ServiceInfo {
        var service = ServiceInfo(
            version: try text(fields, .version), runtime: try text(fields, .runtime),
            runtimeVersion: try text(fields, .runtimeVersion))
        service.compiler = try text(fields, .compiler)
        service.compilerVersion = try text(fields, .compilerVersion)
        return service
    }

    mutating func http(_ fields: Fields<HTTPKey>) throws(RejectionReason) -> HTTPInfo {
        let request = try block(fields, .request, HTTPRequestKey.self) { decoder, fields throws(RejectionReason) in
            HTTPInfo.Request(
                method: try decoder.text(fields, .method), url: try decoder.text(fields, .url),
                userAgent: try decoder.text(fields, .userAgent), clientIP: try decoder.text(fields, .clientIP),
                xForwardedFor: try decoder.flag(fields, .xForwardedFor), traced: try decoder.flag(fields, .traced))
        }
        let response = try block(fields, .response, HTTPResponseKey.self) { decoder, fields throws(RejectionReason) in
            HTTPInfo.Response(
                status: try decoder.integer(fields, .status),
                // Typed `any` by the daemon's own schema: a bad one is dropped, not fatal.
                contentLength: (try? decoder.integer(fields, .contentLength)) ?? nil)
        }
        return HTTPInfo(request: request, response: response)
    }

    mutating func sql(_ fields: Fields<SQLKey>) throws(RejectionReason) -> SQLInfo {
        var sql = SQLInfo()
        sql.connectionString = try text(fields, .connectionString)
        sql.url = try text(fields, .url)
        sql.sanitizedQuery = try text(fields, .sanitizedQuery)
        sql.databaseType = try text(fields, .databaseType)
        sql.databaseVersion = try text(fields, .databaseVersion)
        sql.driverVersion = try text(fields, .driverVersion)
        sql.user = try text(fields, .user)
        sql.preparation = try text(fields, .preparation)
        return sql
    }

    /// The id of an exception recorded elsewhere, or the details.
    mutating func cause(_ fields: Fields<SegmentKey>, _ key: SegmentKey) throws(RejectionReason) -> Cause? {
        guard let index = node(fields, key) else { return nil }
        let node = tape.nodes[index]
        if node.kind == .string, let id = JSONTape.text(node, in: bytes) { return .exceptionID(id) }
        let details = try block(fields, key, CauseKey.self) { decoder, fields throws(RejectionReason) in
            CauseDetails(
                workingDirectory: try decoder.text(fields, .workingDirectory),
                paths: try decoder.strings(fields, .paths, clean: true) ?? [],
                exceptions: try decoder.list(fields, .exceptions) { decoder, element throws(RejectionReason) in
                    try decoder.element(element, ExceptionKey.self) { decoder, fields throws(RejectionReason) in
                        try decoder.exception(fields)
                    }
                } ?? [])
        }
        return details.map(Cause.details)
    }

    private mutating func exception(_ fields: Fields<ExceptionKey>) throws(RejectionReason) -> ExceptionRecord {
        ExceptionRecord(
            id: try text(fields, .id), message: try text(fields, .message), type: try text(fields, .type),
            remote: try flag(fields, .remote), truncated: try integer(fields, .truncated),
            skipped: try integer(fields, .skipped), cause: try text(fields, .cause),
            stack: try list(fields, .stack) { decoder, element throws(RejectionReason) in
                try decoder.element(element, StackFrameKey.self) { decoder, fields throws(RejectionReason) in
                    StackFrame(
                        path: try decoder.text(fields, .path), line: try decoder.integer(fields, .line),
                        label: try decoder.text(fields, .label))
                }
            } ?? [])
    }
}
