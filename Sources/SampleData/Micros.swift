/// Generated times are whole microseconds (`Int64`) until they are written. Integer arithmetic
/// keeps every child inside its parent and every end after its start, and the seconds written
/// to JSON then carry at most six decimals, the precision X-Ray recommends.
enum Micros {
    static let perSecond: Int64 = 1_000_000

    /// Epoch seconds as written in a document.
    static func seconds(_ micros: Int64) -> Double {
        Double(micros) / 1_000_000
    }

    /// The nearest whole microsecond; exact for any value made by `seconds(_:)`.
    static func from(seconds: Double) -> Int64 {
        Int64((seconds * 1_000_000).rounded())
    }

    static func millis(_ value: Double) -> Int64 {
        Int64((value * 1000).rounded())
    }
}
