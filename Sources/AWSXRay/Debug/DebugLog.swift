import Foundation
import XRayModel

/// `--debug`'s output: one block per HTTP exchange, written whole so exchanges running side by
/// side (BatchGetTraces chunks, the credential chain) do not interleave.
public final class DebugLog: @unchecked Sendable {
    private let lock = NSLock()
    private let handle: FileHandle
    private var noted = Set<String>()

    public init(handle: FileHandle = .standardError) { self.handle = handle }

    /// `lines` as one block, the first stamped with `time` (when the exchange began).
    public func write(_ lines: [String], at time: Date = Date()) {
        let stamp = TimeFormat.iso8601(time.timeIntervalSince1970, fractional: true)
        let text = lines.enumerated().map { $0 == 0 ? "\(stamp) \($1)" : "    \($1)" }.joined(separator: "\n") + "\n"
        lock.withLock { handle.write(Data(text.utf8)) }
    }

    /// Writes `line` the first time it is seen (which credentials are in use, once per change).
    public func note(_ line: String) {
        let isNew = lock.withLock { noted.insert(line).inserted }
        if isNew { write([line]) }
    }
}

/// A transport that logs each request and its answer (or failure) to a `DebugLog`, redacted.
public struct DebugTransport: HTTPTransport {
    let inner: any HTTPTransport
    let log: DebugLog

    public init(_ inner: any HTTPTransport, log: DebugLog) {
        self.inner = inner
        self.log = log
    }

    public func send(_ request: HTTPExchange.Request) async throws -> HTTPExchange.Response {
        let path = request.url.path
        var lines = ["-> \(request.method) \(request.url.absoluteString)"]
        lines += Redaction.headers(request.headers).map { "\($0.name): \($0.value)" }
        let body = Redaction.body(request.body, path: "")
        if !body.isEmpty { lines.append("body: " + body) }
        let started = Date()
        do {
            let response = try await inner.send(request)
            let milliseconds = Int(Date().timeIntervalSince(started) * 1000)
            lines.append("<- HTTP \(response.status) in \(milliseconds) ms")
            lines += Redaction.headers(response.headers).map { "\($0.name): \($0.value)" }
            let answer = Redaction.body(response.body, path: path)
            if !answer.isEmpty { lines.append("body: " + answer) }
            log.write(lines, at: started)
            return response
        } catch {
            lines.append("<- no answer: \(describeTransportError(error))")
            log.write(lines, at: started)
            throw error
        }
    }
}
