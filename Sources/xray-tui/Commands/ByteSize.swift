import Foundation

/// Sizes as people write them on a command line: `2GB`, `500MB`, `1.5G`, `64k`, `1000000`.
/// Decimal units, as disks are sold and `df -H` prints them.
enum ByteSize {
    static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [(suffix: String, factor: Double)] = [
            ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3), ("T", 1e12), ("G", 1e9), ("M", 1e6), ("K", 1e3),
            ("B", 1),
        ]
        let unit = units.first { trimmed.hasSuffix($0.suffix) }
        let number = unit.map { String(trimmed.dropLast($0.suffix.count)) } ?? trimmed
        guard let value = Double(number.trimmingCharacters(in: .whitespaces)), value.isFinite, value >= 0 else {
            return nil
        }
        let bytes = value * (unit?.factor ?? 1)
        // `1e30GB` is not a size: nil rather than a trap converting it.
        return bytes < 9e18 ? Int(bytes) : nil
    }
}
