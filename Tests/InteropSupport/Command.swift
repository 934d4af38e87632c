import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Shared by the interop tests: running child processes with timeouts, and the Python virtual
// environment that holds the real clients they drive.

public enum InteropError: Error, CustomStringConvertible, Sendable {
    /// The Python side could not be set up: skipped locally, a failure in CI.
    case unavailable(String)
    /// It was set up, and the run itself went wrong: always a failure.
    case failed(String)

    public var description: String {
        switch self {
        case .unavailable(let reason): return "the Python interop tools are unavailable: \(reason)"
        case .failed(let reason): return "the interop run failed: \(reason)"
        }
    }
}

/// Runs blocking work (processes, sockets, sleeps) off the cooperative thread pool.
public func onDedicatedThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.start()
    }
}

/// A child process with its output in temporary files (pipes could fill and stall it), an
/// environment scrubbed of anything that would change how Python or the SDK behaves, and a
/// timeout.
public final class Command {
    public struct Result: Sendable {
        public var status: Int32
        public var timedOut: Bool
        public var stdout: String
        public var stderr: String

        public init(status: Int32, timedOut: Bool, stdout: String, stderr: String) {
            self.status = status
            self.timedOut = timedOut
            self.stdout = stdout
            self.stderr = stderr
        }

        public var outputTail: String {
            let text = (stdout + "\n" + stderr).trimmingCharacters(in: .whitespacesAndNewlines)
            return String(text.suffix(3000))
        }
    }

    private let process = Process()
    private let stdoutURL: URL
    private let stderrURL: URL
    private let handles: [FileHandle]
    private var timedOut = false

    public init(_ executable: String, _ arguments: [String], extraEnvironment: [String: String] = [:]) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("xray-interop-\(UUID().uuidString)")
        stdoutURL = base.appendingPathExtension("out")
        stderrURL = base.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        handles = [try FileHandle(forWritingTo: stdoutURL), try FileHandle(forWritingTo: stderrURL)]

        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handles[0]
        process.standardError = handles[1]
        process.currentDirectoryURL = PythonTools.packageRoot
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys
        where key.hasPrefix("AWS_XRAY_") || key == "AWS_PROFILE" || key == "AWS_DEFAULT_PROFILE"
            || key.hasPrefix("PYTHON") || key == "VIRTUAL_ENV" || key.hasPrefix("OTEL_")
            || key == "LAMBDA_TASK_ROOT" || key == "__PYVENV_LAUNCHER__"
        {
            environment[key] = nil
        }
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        environment["PYTHONUNBUFFERED"] = "1"
        environment["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
        environment["AWS_XRAY_SDK_ENABLED"] = "true"
        environment["AWS_XRAY_CONTEXT_MISSING"] = "LOG_ERROR"
        environment.merge(extraEnvironment) { $1 }
        process.environment = environment
        do {
            try process.run()
        } catch {
            cleanUp()
            throw error
        }
    }

    public static func run(
        _ executable: String, _ arguments: [String], timeout: TimeInterval, extraEnvironment: [String: String] = [:]
    ) throws -> Result {
        let command = try Command(executable, arguments, extraEnvironment: extraEnvironment)
        let deadline = Date().addingTimeInterval(timeout)
        while command.isRunning {
            if Date() > deadline {
                command.stop()
                break
            }
            usleep(20_000)
        }
        return command.finish()
    }

    /// What the process has written to stdout so far.
    public var currentOutput: String? {
        (try? Data(contentsOf: stdoutURL)).map { String(decoding: $0, as: UTF8.self) }
    }

    public var isRunning: Bool { process.isRunning }

    public var processID: Int32 { process.processIdentifier }

    /// Sends a signal and does not wait (`finish()` waits).
    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// SIGTERM, then SIGKILL if it is still there five seconds later.
    public func stop() {
        guard process.isRunning else { return }
        timedOut = true
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    public func finish() -> Result {
        process.waitUntilExit()
        let stdout = (try? Data(contentsOf: stdoutURL)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let stderr = (try? Data(contentsOf: stderrURL)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        cleanUp()
        return Result(status: process.terminationStatus, timedOut: timedOut, stdout: stdout, stderr: stderr)
    }

    private func cleanUp() {
        for handle in handles { try? handle.close() }
        try? FileManager.default.removeItem(at: stdoutURL)
        try? FileManager.default.removeItem(at: stderrURL)
    }
}

/// An exclusive `flock` on a file, waited for with a timeout.
struct FileLock {
    let descriptor: Int32

    init(path: String, timeout: TimeInterval) throws {
        descriptor = open(path, O_CREAT | O_RDWR, 0o644)
        guard descriptor >= 0 else {
            throw InteropError.unavailable("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                let reason = String(cString: strerror(errno))
                _ = close(descriptor)
                throw InteropError.unavailable("cannot lock \(path) within \(Int(timeout)) s: \(reason)")
            }
            usleep(200_000)
        }
    }

    func release() {
        flock(descriptor, LOCK_UN)
        _ = close(descriptor)
    }
}
