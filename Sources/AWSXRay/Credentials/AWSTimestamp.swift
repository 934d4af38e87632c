import Foundation

/// ISO 8601 times as the credential sources write them: STS with milliseconds
/// (`2024-05-01T12:00:00.123Z`), the metadata endpoints and most `credential_process` tools
/// without (`2024-05-01T12:00:00Z`), some with an offset (`+02:00`).
enum AWSTimestamp {
    static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingWhitespace()
        // Formatters are made per call: they are not Sendable, and this runs rarely.
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = withFraction.date(from: trimmed) { return date }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        return plain.date(from: trimmed)
    }
}
