import Foundation

/// Times as users type and read them: ISO 8601, epoch seconds, or relative to now (`15m`).
public enum TimeFormat {
    public static func iso8601(_ epoch: Double, fractional: Bool = false) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions =
            fractional ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: epoch))
    }

    /// `15m`, `2h`, `1d`, `30s`, `90` (seconds) as a number of seconds.
    public static func duration(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = trimmed.last else { return nil }
        let scale: Double
        switch unit {
        case "s": scale = 1
        case "m": scale = 60
        case "h": scale = 3600
        case "d": scale = 86_400
        case "w": scale = 604_800
        default: return Double(trimmed).flatMap { $0 >= 0 ? $0 : nil }
        }
        guard let value = Double(trimmed.dropLast()), value >= 0 else { return nil }
        return value * scale
    }

    /// An absolute time: ISO 8601 (with or without fractional seconds or a zone; no zone means
    /// UTC), epoch seconds, `now`, or a duration meaning that long before `now`.
    public static func time(_ text: String, now: Double) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "now" { return now }
        if let epoch = Double(trimmed), epoch > 100_000_000 { return epoch }
        if let ago = duration(trimmed) { return now - ago }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        let options: [ISO8601DateFormatter.Options] = [
            [.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime],
            [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate],
            [.withFullDate],
        ]
        for option in options {
            formatter.formatOptions = option
            if let date = formatter.date(from: trimmed) { return date.timeIntervalSince1970 }
        }
        return nil
    }
}
