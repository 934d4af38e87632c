import Foundation

/// The real clients the interop tests drive, installed from PyPI into
/// `<package root>/.build/interop-venv` on first use and reused after: the AWS X-Ray SDK for
/// Python and the AWS CLI (v1, which brings botocore), and Flask and requests for the sample
/// apps the SDK instruments, moto, whose server mocks the AWS X-Ray API, and the OpenTelemetry
/// SDK with its OTLP exporters (HTTP and gRPC) and the Flask, requests and sqlite3
/// instrumentations. Versions are pinned so a run today and a run next month test the
/// same clients.
public enum PythonTools {
    public static let xraySDKVersion = "2.15.0"
    public static let awsCLIVersion = "1.45.11"
    public static let flaskVersion = "3.1.3"
    public static let requestsVersion = "2.34.2"
    public static let motoVersion = "5.2.1"
    public static let boto3Version = "1.43.11"
    public static let botocoreVersion = "1.43.11"
    /// The SDK and its exporters are released together; the instrumentations in step with them.
    public static let openTelemetryVersion = "1.45.1"
    public static let openTelemetryInstrumentationVersion = "0.66b1"

    /// The distributions and their pinned versions, as pip names them.
    static let pins: [(name: String, version: String, extras: String)] = [
        ("aws-xray-sdk", xraySDKVersion, ""), ("awscli", awsCLIVersion, ""), ("flask", flaskVersion, ""),
        ("requests", requestsVersion, ""), ("moto", motoVersion, "[server]"),
        // moto wants boto3; without these pins pip would pull a newer botocore than the AWS
        // CLI's own pin allows.
        ("boto3", boto3Version, ""), ("botocore", botocoreVersion, ""),
        ("opentelemetry-sdk", openTelemetryVersion, ""),
        ("opentelemetry-exporter-otlp-proto-http", openTelemetryVersion, ""),
        ("opentelemetry-exporter-otlp-proto-grpc", openTelemetryVersion, ""),
        ("opentelemetry-instrumentation-flask", openTelemetryInstrumentationVersion, ""),
        ("opentelemetry-instrumentation-requests", openTelemetryInstrumentationVersion, ""),
        ("opentelemetry-instrumentation-sqlite3", openTelemetryInstrumentationVersion, ""),
    ]

    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    public static let venv = packageRoot.appendingPathComponent(".build/interop-venv")
    public static let python = venv.appendingPathComponent("bin/python").path
    public static let aws = venv.appendingPathComponent("bin/aws").path

    /// Exits 0 when every pinned distribution imports and has its pinned version, so a venv made
    /// for older pins (or fewer packages) is brought up to date.
    private static let versionCheck = [
        "-c",
        """
        import aws_xray_sdk, awscli, flask, requests, moto.server
        import opentelemetry.sdk.trace, opentelemetry.exporter.otlp.proto.grpc.trace_exporter
        import opentelemetry.exporter.otlp.proto.http.trace_exporter, opentelemetry.instrumentation.flask
        from importlib.metadata import version
        pins = {\(pins.map { "'\($0.name)': '\($0.version)'" }.joined(separator: ", "))}
        raise SystemExit(0 if all(version(name) == pinned for name, pinned in pins.items()) else 3)
        """,
    ]

    private static var pipInstall: [String] {
        ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--quiet"]
            + pins.map { "\($0.name)\($0.extras)==\($0.version)" }
    }

    /// Makes the virtual environment hold the pinned clients, under a file lock so concurrent
    /// test processes do not install over each other. Throws `InteropError.unavailable` with
    /// the failing command and its output when that is impossible.
    public static func provision() throws {
        let buildDirectory = venv.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: buildDirectory, withIntermediateDirectories: true)
        } catch {
            throw InteropError.unavailable("cannot create \(buildDirectory.path): \(error)")
        }
        let lock = try FileLock(path: buildDirectory.appendingPathComponent("interop-venv.lock").path, timeout: 900)
        defer { lock.release() }

        if FileManager.default.isExecutableFile(atPath: python) {
            if let result = try? Command.run(python, versionCheck, timeout: 60), result.status == 0 { return }
            // An older venv: install the pins over it (other test processes may be using it, so
            // do not pull it from under them), and start afresh only if that does not work.
            if let install = try? Command.run(python, pipInstall, timeout: 900), install.status == 0,
                !install.timedOut,
                let result = try? Command.run(python, versionCheck, timeout: 60), result.status == 0
            {
                return
            }
        }

        let systemPython = ProcessInfo.processInfo.environment["XRAY_INTEROP_PYTHON"] ?? "python3"
        let steps: [(String, [String], TimeInterval)] = [
            ("/usr/bin/env", [systemPython, "-m", "venv", "--clear", venv.path], 180),
            (python, pipInstall, 900),
            (python, versionCheck, 60),
        ]
        for (executable, arguments, timeout) in steps {
            let commandLine = ([executable] + arguments).joined(separator: " ")
            let result: Command.Result
            do {
                result = try Command.run(executable, arguments, timeout: timeout)
            } catch {
                throw InteropError.unavailable("`\(commandLine)` could not start: \(error)")
            }
            guard result.status == 0, !result.timedOut else {
                let how = result.timedOut ? "timed out after \(Int(timeout)) s" : "exited with \(result.status)"
                throw InteropError.unavailable("`\(commandLine)` \(how)\n\(result.outputTail)")
            }
        }
    }

    /// Provisions once per test process; every caller gets the same outcome.
    public static func shared() async -> Result<Void, InteropError> {
        await once.value
    }

    private static let once = Task<Result<Void, InteropError>, Never> {
        await onDedicatedThread {
            Result { try provision() }.mapError { $0 as? InteropError ?? .unavailable(String(describing: $0)) }
        }
    }
}
