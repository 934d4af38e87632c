import Foundation
import Testing

@testable import XRayModel

/// Number tokens read off the tape give the Double that `strtod` gives, at every length of
/// the integer part (the first 19 digits take a shorter path than the rest) and with
/// fractions and exponents.
@Suite struct JSONNumberTests {
    @Test func numbersOfEveryLengthReadAsStrtodReadsThem() {
        var random = SplitMix(seed: 7)
        for digits in 1...26 {
            for _ in 0..<20 {
                var text = String(1 + random.below(9))
                for _ in 1..<digits { text += String(random.below(10)) }
                for suffix in ["", ".5", ".000123", "e3", "E-7", ".25e+2"] {
                    for sign in ["", "-"] {
                        let token = sign + text + suffix
                        let bytes = Array(token.utf8)
                        let value = bytes.withUnsafeBytes { buffer in
                            JSONNumber(buffer, 0, buffer.count)?.double(buffer, 0, buffer.count)
                        }
                        #expect(value == strtod(token, nil), "\(token)")
                    }
                }
            }
        }
    }
}
