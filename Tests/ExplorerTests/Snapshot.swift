import Foundation
import Testing

/// Compares rendered text with `Snapshots/NAME.txt` beside this file. `RECORD_SNAPSHOTS=1
/// swift test` writes the files instead (then read them, as a person would, before committing).
func expectSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Snapshots/\(name).txt")
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try (text + "\n").write(to: file, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record(
            "no snapshot \(file.path); run with RECORD_SNAPSHOTS=1 to write it", sourceLocation: sourceLocation)
        return
    }
    #expect(text + "\n" == expected, "snapshot \(name) differs", sourceLocation: sourceLocation)
}
