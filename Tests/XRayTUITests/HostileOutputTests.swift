import Foundation
import InteropSupport
import Testing

/// Hostile text (`HostileCorpus`) in every CLI output format: no byte a terminal would act
/// on (escape sequences, C1 controls, DEL, bidi overrides) comes out raw, in any of them.
@Suite("Hostile text in CLI output")
struct HostileOutputTests {
    static func corpusFile() throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID()).ndjson")
        try HostileCorpus.accepted(crowd: 50).joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func noCommandPrintsARawControlCharacter() async throws {
        let file = try Self.corpusFile()
        defer { try? FileManager.default.removeItem(at: file) }
        let source = ["--source", file.path]
        let window = ["--start", "0", "--end", "9999999999"]
        let ids = [HostileCorpus.traceID, HostileCorpus.cycleTrace, HostileCorpus.crowdTrace]
        var commands: [[String]] = []
        for format in ["table", "json", "ndjson"] {
            commands.append(["traces"] + source + window + ["--format", format])
        }
        for format in ["waterfall", "json"] { commands.append(["trace"] + ids + source + ["--format", format]) }
        for format in ["text", "json", "dot"] { commands.append(["map"] + source + window + ["--format", format]) }
        for command in commands {
            let result = try await CLI.run(command)
            #expect(result.status == 0, "\(command.joined(separator: " ")): \(result.stderr)")
            #expect(!result.stdout.isEmpty, "\(command.joined(separator: " ")) printed nothing")
            for (stream, text) in [("stdout", result.stdout), ("stderr", result.stderr)] {
                if let unsafe = HostileCorpus.firstUnsafe(in: Data(text.utf8)) {
                    let start = text.utf8.index(text.utf8.startIndex, offsetBy: max(0, unsafe.offset - 40))
                    Issue.record(
                        "\(command.prefix(2).joined(separator: " ")) --format \(command.last!): \(stream) has \(unsafe.what) at byte \(unsafe.offset): …\(String(text[start...].prefix(80)).debugDescription)"
                    )
                }
            }
        }
    }
}
