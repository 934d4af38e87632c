/// `log` and `exp` from nothing but IEEE addition, multiplication and division, which every
/// platform rounds the same way. The C library's versions may differ in the last bit between
/// glibc and Darwin, and one flipped bit can move a time across a microsecond boundary, so
/// sample files generated on a Mac would not match those generated on Linux.
/// Accuracy is a few ulps, far more than sample data needs.
enum PortableMath {
    /// ln 2 split as fdlibm does: `ln2Hi` has trailing zero bits, so `k * ln2Hi` is exact
    /// for the `k` we meet, and the range reduction loses nothing.
    static let ln2Hi = 6.931_471_803_691_238_164_90e-01
    static let ln2Lo = 1.908_214_929_270_587_700_02e-10

    /// Natural logarithm of a positive, finite number.
    static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite)
        // x = m * 2^e with m in [sqrt(1/2), sqrt(2)): both steps are exact.
        var m = x.significand
        var e = Double(x.exponent)
        if m > 1.414_213_562_373_095 {
            m /= 2
            e += 1
        }
        // ln(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.172: the series converges fast.
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var term = s
        var sum = 0.0
        var n = 1.0
        while n < 40 {
            sum += term / n
            term *= s2
            n += 2
        }
        return e * ln2Hi + (e * ln2Lo + 2 * sum)
    }

    /// e raised to a finite power (small enough not to overflow).
    static func exp(_ x: Double) -> Double {
        // x = k ln2 + r with |r| <= ln2 / 2 (about); e^x = 2^k e^r, and scaling by 2^k is exact.
        let k = (x / (ln2Hi + ln2Lo)).rounded()
        let r = (x - k * ln2Hi) - k * ln2Lo
        var term = 1.0
        var sum = 1.0
        for n in 1...20 {
            term *= r / Double(n)
            sum += term
        }
        return Double(sign: .plus, exponent: Int(k), significand: sum)
    }
}
