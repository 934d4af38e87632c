import Foundation
import XRayModel

extension SpanView {
    /// 4xx is an error (429 a throttle too), 5xx a fault; with no status, a span status of
    /// ERROR is a fault.
    var errorFlags: (error: Bool, fault: Bool, throttle: Bool) {
        if let status = httpStatus {
            if (400...499).contains(status) { return (true, false, status == 429) }
            if (500...599).contains(status) { return (false, true, false) }
        }
        return (false, span.statusCode == .error, false)
    }

    /// `cause.exceptions` from the span's `exception` events; with none, a failed span's
    /// status message becomes the one exception.
    var cause: [String: Any]? {
        let remote = span.kind == .client || span.kind == .producer
        var exceptions: [[String: Any]] = []
        for (index, event) in span.events.enumerated() where event.name == "exception" {
            var exception: [String: Any] = ["id": FNV1a.hex("\(span.spanID.hex) exception \(index)")]
            if let type = event.attributes["exception.type"]?.text { exception["type"] = type }
            if let message = event.attributes["exception.message"]?.text { exception["message"] = message }
            if let trace = event.attributes["exception.stacktrace"]?.text {
                let frames = StackTraceParser.frames(trace, language: resource.text("telemetry.sdk.language"))
                if !frames.isEmpty { exception["stack"] = frames }
            }
            if remote { exception["remote"] = true }
            exceptions.append(exception)
        }
        if exceptions.isEmpty {
            let flags = errorFlags
            guard flags.error || flags.fault else { return nil }
            guard let message = span.statusMessage.isEmpty ? text("http.status_text") : span.statusMessage else {
                return nil
            }
            var exception: [String: Any] = ["id": FNV1a.hex("\(span.spanID.hex) status"), "message": message]
            if remote { exception["remote"] = true }
            exceptions.append(exception)
        }
        return ["exceptions": exceptions]
    }
}

/// Stack frames (`path`, `line`, `label`, innermost first as X-Ray orders them) from the
/// `exception.stacktrace` text of the languages whose format is regular enough to read.
enum StackTraceParser {
    static func frames(_ text: String, language: String?) -> [[String: Any]] {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        var frames: [[String: Any]] = []
        for line in lines {
            if let frame = python(line) ?? java(line) ?? javascript(line) { frames.append(frame) }
        }
        // Python prints the innermost call last; the others first.
        let isPython = language == "python" || lines.first?.hasPrefix("Traceback") == true
        return isPython ? frames.reversed() : frames
    }

    /// `File "/app/main.py", line 12, in handler`
    private static func python(_ line: String) -> [String: Any]? {
        guard line.hasPrefix("File \""), let close = line.dropFirst(6).firstIndex(of: "\"") else { return nil }
        let path = String(line[line.index(line.startIndex, offsetBy: 6)..<close])
        var frame: [String: Any] = ["path": path]
        let rest = line[line.index(after: close)...]
        if let lineRange = rest.range(of: "line ") {
            let digits = rest[lineRange.upperBound...].prefix(while: \.isNumber)
            if let number = Int(digits) { frame["line"] = number }
        }
        if let inRange = rest.range(of: ", in ") { frame["label"] = String(rest[inRange.upperBound...]) }
        return frame
    }

    /// `at com.example.Cart.add(Cart.java:42)`
    private static func java(_ line: String) -> [String: Any]? {
        guard line.hasPrefix("at "), line.hasSuffix(")"), let open = line.lastIndex(of: "(") else { return nil }
        let label = String(line[line.index(line.startIndex, offsetBy: 3)..<open])
        guard !label.contains(" ") else { return nil }
        let location = line[line.index(after: open)..<line.index(before: line.endIndex)]
        var frame: [String: Any] = ["label": label]
        let parts = location.split(separator: ":")
        frame["path"] = String(parts.first ?? location)
        if parts.count > 1, let number = Int(parts[1]) { frame["line"] = number }
        return frame
    }

    /// `at handler (/app/server.js:10:5)` or `at /app/server.js:10:5`
    private static func javascript(_ line: String) -> [String: Any]? {
        guard line.hasPrefix("at ") else { return nil }
        var body = line.dropFirst(3)
        var label: String?
        if body.hasSuffix(")"), let open = body.lastIndex(of: "(") {
            label = body[..<open].trimmingCharacters(in: .whitespaces)
            body = body[body.index(after: open)..<body.index(before: body.endIndex)]
        }
        let parts = body.split(separator: ":")
        guard parts.count >= 3, let number = Int(parts[parts.count - 2]) else { return nil }
        var frame: [String: Any] = ["path": parts.dropLast(2).joined(separator: ":"), "line": number]
        if let label { frame["label"] = label }
        return frame
    }
}
