import Foundation
import InteropSupport
import Testing

/// `aws xray ARGUMENTS` against a collector on `port` (unsigned, no config or credentials
/// files), its JSON output parsed.
func awsXRay(port: Int, _ arguments: [String]) async throws -> [String: Any] {
    let output = try await offPool {
        let environment = [
            "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1",
        ]
        let result = try Command.run(
            PythonTools.aws,
            ["xray"] + arguments + [
                "--endpoint-url", "http://127.0.0.1:\(port)", "--no-sign-request", "--region", "us-east-1",
                "--output", "json",
            ], timeout: 120, extraEnvironment: environment)
        guard result.status == 0, !result.timedOut else {
            throw InteropError.failed("aws xray \(arguments.joined(separator: " ")):\n\(result.outputTail)")
        }
        return result.stdout
    }
    let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
    return try #require(object, "aws xray \(arguments.joined(separator: " ")) printed \(output)")
}
