import Foundation

/// The two renderings of the signing time: `20150830T123600Z` for `X-Amz-Date` and the string to
/// sign, `20150830` for the credential scope and the signing key. Always UTC and always the
/// Gregorian calendar, whatever the user's locale, because the service recomputes both.
struct SigV4Timestamp: Sendable, Equatable {
    var dateTime: String
    var date: String

    init(_ instant: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        func padded(_ number: Int?, _ width: Int) -> String {
            let digits = String(number ?? 0)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        date = padded(parts.year, 4) + padded(parts.month, 2) + padded(parts.day, 2)
        dateTime = date + "T" + padded(parts.hour, 2) + padded(parts.minute, 2) + padded(parts.second, 2) + "Z"
    }
}
