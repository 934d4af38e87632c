import Foundation

// Codable for the small blocks of a segment document: `service`, `http` and `sql`.
// Strings are sanitized as they are decoded; numbers are lenient (see LenientDecoding).

extension ServiceInfo: Codable {
    enum CodingKeys: String, CodingKey {
        case version, runtime, compiler
        case runtimeVersion = "runtime_version", compilerVersion = "compiler_version"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.text(.version)
        runtime = try container.text(.runtime)
        runtimeVersion = try container.text(.runtimeVersion)
        compiler = try container.text(.compiler)
        compilerVersion = try container.text(.compilerVersion)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(version, forKey: .version)
        try container.encodeIfPresent(runtime, forKey: .runtime)
        try container.encodeIfPresent(runtimeVersion, forKey: .runtimeVersion)
        try container.encodeIfPresent(compiler, forKey: .compiler)
        try container.encodeIfPresent(compilerVersion, forKey: .compilerVersion)
    }
}

extension HTTPInfo: Codable {
    enum CodingKeys: String, CodingKey { case request, response }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        request = try container.decodeIfPresent(Request.self, forKey: .request)
        response = try container.decodeIfPresent(Response.self, forKey: .response)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(request, forKey: .request)
        try container.encodeIfPresent(response, forKey: .response)
    }
}

extension HTTPInfo.Request: Codable {
    enum CodingKeys: String, CodingKey {
        case method, url, traced
        case userAgent = "user_agent", clientIP = "client_ip", xForwardedFor = "x_forwarded_for"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        method = try container.text(.method)
        url = try container.text(.url)
        userAgent = try container.text(.userAgent)
        clientIP = try container.text(.clientIP)
        xForwardedFor = try container.flag(.xForwardedFor)
        traced = try container.flag(.traced)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(method, forKey: .method)
        try container.encodeIfPresent(url, forKey: .url)
        try container.encodeIfPresent(userAgent, forKey: .userAgent)
        try container.encodeIfPresent(clientIP, forKey: .clientIP)
        try container.encodeIfPresent(xForwardedFor, forKey: .xForwardedFor)
        try container.encodeIfPresent(traced, forKey: .traced)
    }
}

extension HTTPInfo.Response: Codable {
    enum CodingKeys: String, CodingKey {
        case status
        case contentLength = "content_length"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = try container.integer(.status)
        // content_length is typed `any` by the daemon's own schema: a bad one is dropped, not fatal.
        contentLength = (try? container.integer(.contentLength)) ?? nil
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(status, forKey: .status)
        try container.encodeIfPresent(contentLength, forKey: .contentLength)
    }
}

extension SQLInfo: Codable {
    enum CodingKeys: String, CodingKey {
        case url, user, preparation
        case connectionString = "connection_string", sanitizedQuery = "sanitized_query"
        case databaseType = "database_type", databaseVersion = "database_version"
        case driverVersion = "driver_version"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        connectionString = try container.text(.connectionString)
        url = try container.text(.url)
        sanitizedQuery = try container.text(.sanitizedQuery)
        databaseType = try container.text(.databaseType)
        databaseVersion = try container.text(.databaseVersion)
        driverVersion = try container.text(.driverVersion)
        user = try container.text(.user)
        preparation = try container.text(.preparation)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(connectionString, forKey: .connectionString)
        try container.encodeIfPresent(url, forKey: .url)
        try container.encodeIfPresent(sanitizedQuery, forKey: .sanitizedQuery)
        try container.encodeIfPresent(databaseType, forKey: .databaseType)
        try container.encodeIfPresent(databaseVersion, forKey: .databaseVersion)
        try container.encodeIfPresent(driverVersion, forKey: .driverVersion)
        try container.encodeIfPresent(user, forKey: .user)
        try container.encodeIfPresent(preparation, forKey: .preparation)
    }
}
