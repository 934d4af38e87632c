import ArgumentParser
import Foundation
import SampleData
import XRayModel

struct SampleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample", abstract: "Write generated segment documents (NDJSON) to stdout.")

    @Option(help: "The scenario: \(Scenario.allCases.map(\.rawValue).joined(separator: ", ")).")
    var scenario: String

    @Option(help: "How much traffic to generate (10m, 1h).")
    var duration: String = "10m"

    @Option(help: "Requests per second (default: the scenario's).")
    var rate: Double?

    @Option(help: "Seed for the generator; the same seed gives the same documents.")
    var seed: UInt64 = 1

    @Option(help: "When the traffic starts: ISO 8601, epoch seconds, or now.")
    var start: String = "now"

    func run() async throws {
        guard let chosen = Scenario(rawValue: scenario) else {
            throw ValidationError(
                "unknown scenario \"\(scenario)\"; choose one of \(Scenario.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        guard let seconds = TimeFormat.duration(duration), seconds > 0 else {
            throw ValidationError("--duration: cannot read \"\(duration)\" (try 10m, 1h)")
        }
        let now = Date().timeIntervalSince1970
        guard let startTime = TimeFormat.time(start, now: now) else {
            throw ValidationError("--start: cannot read \"\(start)\" as a time")
        }
        if let rate, rate <= 0 { throw ValidationError("--rate must be above 0") }
        let generator = SampleGenerator(scenario: chosen, seed: seed, start: startTime, duration: seconds, rate: rate)
        var output = ""
        for document in generator.documents() {
            output += document.raw
            output += "\n"
            if output.utf8.count > 1 << 20 {
                FileHandle.standardOutput.write(Data(output.utf8))
                output = ""
            }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}
