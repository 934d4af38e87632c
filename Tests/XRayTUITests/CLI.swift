import Foundation
import Testing

/// Runs the built `xray-tui` binary the way a user does, and captures what it prints.
enum CLI {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func sample(_ name: String) -> String { packageRoot.appendingPathComponent("sample-data/\(name)").path }

    /// The binary sits beside the test bundle in the build directory.
    static var binary: URL {
        get throws {
            var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("xray-tui")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
            let fallback = packageRoot.appendingPathComponent(".build/debug/xray-tui")
            guard FileManager.default.isExecutableFile(atPath: fallback.path) else {
                throw CLIError.binaryNotFound(CommandLine.arguments[0])
            }
            return fallback
        }
    }

    enum CLIError: Error { case binaryNotFound(String) }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs on a thread of its own: waiting for a child process must not hold one of the few
    /// threads of Swift's cooperative pool, or tests that need the pool (the explorer's loads)
    /// starve on a 2-core machine.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Result {
        try await offPool { try runBlocking(arguments, environment: environment) }
    }

    /// `environment` is added to the test's own.
    static func runBlocking(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = try binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = packageRoot
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes while the process runs so a full pipe cannot block it.
        let errorData = LockedData()
        let reader = Thread { errorData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorData.isSet { usleep(1000) }
        return Result(
            status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
            stderr: String(decoding: errorData.value, as: UTF8.self))
    }

    static func json(_ arguments: [String]) async throws -> [String: Any] {
        let result = try await run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }
}

/// Runs blocking work (child processes, sockets, sleeps) on a thread of its own, off Swift's
/// cooperative pool.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    func set(_ value: Data) { lock.withLock { data = value } }
    var isSet: Bool { lock.withLock { data != nil } }
    var value: Data { lock.withLock { data ?? Data() } }
}
