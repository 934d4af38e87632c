import Testing

@testable import XRayModel

/// The scans that find where a JSON string's text stops (sixteen bytes at a time with SSE2,
/// eight in a word elsewhere) against the plain definition, byte by byte.
@Suite struct StringScanTests {
    /// The first quote or backslash from `index`, and whether a byte before it is a control
    /// byte, DEL or not ASCII.
    static func expected(_ bytes: [UInt8], from index: Int) -> (stop: Int, marked: Bool) {
        var marked = false
        for position in index..<max(index, bytes.count) {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return (position, marked) }
            if byte < 0x20 || byte >= 0x7F { marked = true }
        }
        return (bytes.count, marked)
    }

    /// Random text of every length up to 80 from an alphabet weighted toward the bytes that
    /// matter (and their neighbours: 0x1F and 0x20, 0x7E to 0x80, 0xFF), scanned from every
    /// offset.
    @Test func bothScansAgreeWithTheDefinition() {
        let special: [UInt8] = [0x22, 0x5C, 0x00, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0xC3, 0xFF, 0x21, 0x5B, 0x5D]
        var random = SplitMix(seed: 16)
        var checked = 0
        for length in 0...80 {
            for _ in 0..<40 {
                let bytes = (0..<length).map { _ in
                    random.below(4) == 0
                        ? special[random.below(special.count)] : UInt8(ascii: "a") + UInt8(random.below(26))
                }
                bytes.withUnsafeBytes { buffer in
                    for index in 0...length {
                        let want = Self.expected(bytes, from: index)
                        var marked = false
                        let stop = StringScan.stopByEight(in: buffer, from: index, marked: &marked)
                        #expect(stop == want.stop && marked == want.marked, "by eight from \(index) in \(bytes)")
                        #if arch(x86_64)
                            var markedBySixteen = false
                            let stopBySixteen = StringScan.stopBySixteen(
                                in: buffer, from: index, marked: &markedBySixteen)
                            #expect(
                                stopBySixteen == want.stop && markedBySixteen == want.marked,
                                "by sixteen from \(index) in \(bytes)")
                        #endif
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 100_000)
    }
}
