// The blocks of a segment document read in one pass, with the keys of `SegmentDecoder`.

extension SinglePassDecoder {
    mutating func service(into service: inout ServiceInfo) throws(Decline) {
        var object = try openObject()
        while let key: ServiceInfoKey = try nextField(&object) {
            switch key {
            case .version: service.version = try text()
            case .runtime: service.runtime = try text()
            case .runtimeVersion: service.runtimeVersion = try text()
            case .compiler: service.compiler = try text()
            case .compilerVersion: service.compilerVersion = try text()
            }
        }
    }

    mutating func http(into http: inout HTTPInfo) throws(Decline) {
        var object = try openObject()
        while let key: HTTPKey = try nextField(&object) {
            switch key {
            case .request:
                http.request = HTTPInfo.Request()
                try httpRequest(into: &http.request!)
            case .response:
                http.response = HTTPInfo.Response()
                try httpResponse(into: &http.response!)
            }
        }
    }

    private mutating func httpRequest(into request: inout HTTPInfo.Request) throws(Decline) {
        var object = try openObject()
        while let key: HTTPRequestKey = try nextField(&object) {
            switch key {
            case .method: request.method = try text()
            case .url: request.url = try text()
            case .userAgent: request.userAgent = try text()
            case .clientIP: request.clientIP = try text()
            case .xForwardedFor: request.xForwardedFor = try flag()
            case .traced: request.traced = try flag()
            }
        }
    }

    private mutating func httpResponse(into response: inout HTTPInfo.Response) throws(Decline) {
        var object = try openObject()
        while let key: HTTPResponseKey = try nextField(&object) {
            switch key {
            case .status: response.status = try integer()
            // Typed `any` by the daemon's own schema: a bad one is dropped, not fatal.
            case .contentLength: response.contentLength = try integerOrNil()
            }
        }
    }

    mutating func sql(into sql: inout SQLInfo) throws(Decline) {
        var object = try openObject()
        while let key: SQLKey = try nextField(&object) {
            switch key {
            case .connectionString: sql.connectionString = try text()
            case .url: sql.url = try text()
            case .sanitizedQuery: sql.sanitizedQuery = try text()
            case .databaseType: sql.databaseType = try text()
            case .databaseVersion: sql.databaseVersion = try text()
            case .driverVersion: sql.driverVersion = try text()
            case .user: sql.user = try text()
            case .preparation: sql.preparation = try text()
            }
        }
    }

    /// The id of an exception recorded elsewhere, or the details.
    mutating func cause() throws(Decline) -> Cause {
        if current == UInt8(ascii: "\"") { return .exceptionID(try text()) }
        var details = CauseDetails()
        var object = try openObject()
        while let key: CauseKey = try nextField(&object) {
            switch key {
            case .workingDirectory: details.workingDirectory = try text()
            case .paths: details.paths = try texts(clean: true)
            case .exceptions: details.exceptions = try list { decoder throws(Decline) in try decoder.exception() }
            }
        }
        return .details(details)
    }

    private mutating func exception() throws(Decline) -> ExceptionRecord {
        var exception = ExceptionRecord()
        var object = try openObject()
        while let key: ExceptionKey = try nextField(&object) {
            switch key {
            case .id: exception.id = try text()
            case .message: exception.message = try text()
            case .type: exception.type = try text()
            case .remote: exception.remote = try flag()
            case .truncated: exception.truncated = try integer()
            case .skipped: exception.skipped = try integer()
            case .cause: exception.cause = try text()
            case .stack: exception.stack = try list { decoder throws(Decline) in try decoder.stackFrame() }
            }
        }
        return exception
    }

    private mutating func stackFrame() throws(Decline) -> StackFrame {
        var frame = StackFrame()
        var object = try openObject()
        while let key: StackFrameKey = try nextField(&object) {
            switch key {
            case .path: frame.path = try text()
            case .line: frame.line = try integer()
            case .label: frame.label = try text()
            }
        }
        return frame
    }
}
