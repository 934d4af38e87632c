import XRayModel

/// Responses and failures, recorded the way the SDKs record them, so the flags can never
/// disagree with the HTTP status (reference/xray.md §2.5).
extension SegmentDocument {
    /// Sets `http.response` and the flags Python's `apply_status_code` derives from it:
    /// 429 is throttle and error, other 4xx error, 5xx fault.
    mutating func respond(status: Int, contentLength: Int?) {
        var http = self.http ?? HTTPInfo()
        http.response = HTTPInfo.Response(status: status, contentLength: contentLength)
        self.http = http
        error = (400..<500).contains(status)
        throttle = status == 429
        fault = status >= 500
    }

    /// Records an exception in `cause`. The flags are left to `respond`, since in these
    /// scenarios every failure has a status and a recorded exception must not contradict it.
    mutating func record(_ failure: Failure, random: inout SeededRandom) {
        var details: CauseDetails
        if case .details(let existing) = cause {
            details = existing
        } else {
            details = CauseDetails(workingDirectory: failure.workingDirectory, paths: failure.paths)
        }
        details.exceptions.append(
            ExceptionRecord(
                id: random.entityID(), message: failure.message, type: failure.type,
                remote: failure.remote ? true : nil, stack: failure.stack))
        cause = .details(details)
    }
}

/// An exception as an SDK would capture it.
struct Failure: Sendable {
    var type: String
    var message: String
    /// The error came from a downstream service rather than this code.
    var remote: Bool = false
    var workingDirectory: String
    var paths: [String] = []
    var stack: [StackFrame]
}
