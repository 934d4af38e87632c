extension Double {
    /// Seconds rounded to the microsecond, the precision documents carry: differences and sums
    /// of epoch times otherwise print as 0.053530216217041016 instead of 0.05353.
    public var roundedToMicroseconds: Double { (self * 1_000_000).rounded() / 1_000_000 }
}
