import Foundation

/// Runs a `credential_process` command line through `/bin/sh -c`, off the cooperative thread
/// pool (the command may take seconds, e.g. a password manager), with stdin closed so it can
/// never read the keys meant for the terminal UI.
enum ShellCommand {
    struct Output: Sendable {
        var status: Int32
        var stdout: Data
        var stderr: Data
    }

    static func run(_ command: String, environment: [String: String]) async throws(CredentialError) -> Output {
        let result: Result<Output, CredentialError> = await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: runBlocking(command, environment: environment)) }
            thread.start()
        }
        return try result.get()
    }

    private static func runBlocking(_ command: String, environment: [String: String]) -> Result<Output, CredentialError>
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.environment = environment
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .failure(.failed("cannot start /bin/sh for credential_process: \(error.localizedDescription)"))
        }
        // Both pipes are drained at once: a chatty stderr must not fill its pipe and stall the
        // command before it prints the JSON.
        let errorData = ErrorSink()
        let group = DispatchGroup()
        group.enter()
        let reader = Thread {
            errorData.set(stderr.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        reader.start()
        let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return .success(Output(status: process.terminationStatus, stdout: outputData, stderr: errorData.get()))
    }

    /// Hands stderr's bytes from the reader thread back; the group's wait orders the accesses.
    private final class ErrorSink: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()

        func set(_ value: Data) { lock.withLock { data = value } }
        func get() -> Data { lock.withLock { data } }
    }
}
