/// Requests split by outcome the way X-Ray counts them: ok, error (4xx other than 429),
/// throttle (429) and fault (5xx). X-Ray reports throttles *inside* its error count; here the
/// classes are disjoint so they can be stacked, and callers subtract throttles from errors.
public struct StatusMix: Hashable, Sendable {
    public var ok: Int
    public var error: Int
    public var throttle: Int
    public var fault: Int

    public init(ok: Int = 0, error: Int = 0, throttle: Int = 0, fault: Int = 0) {
        self.ok = ok
        self.error = error
        self.throttle = throttle
        self.fault = fault
    }

    public var total: Int { ok + error + throttle + fault }

    /// The glyph each class is drawn with.
    public struct Glyphs: Hashable, Sendable {
        public var ok: Character
        public var error: Character
        public var throttle: Character
        public var fault: Character

        public init(ok: Character, error: Character, throttle: Character, fault: Character) {
            self.ok = ok
            self.error = error
            self.throttle = throttle
            self.fault = fault
        }

        /// Full blocks: the colours tell the classes apart.
        public static let solid = Glyphs(ok: "█", error: "█", throttle: "█", fault: "█")
        /// Denser means worse, so faults stay the darkest part of the bar without any colour.
        public static let shaded = Glyphs(ok: "░", error: "▒", throttle: "▓", fault: "█")
    }

    /// Ordered from healthy to worst, which is also the order in which small classes are
    /// guaranteed a cell (`BarSegment.allocate`).
    public func segments(glyphs: Glyphs = .solid) -> [BarSegment] {
        [
            BarSegment(Double(ok), style: Style(.barOK), fill: glyphs.ok),
            BarSegment(Double(error), style: Style(.barError), fill: glyphs.error),
            BarSegment(Double(throttle), style: Style(.barThrottle), fill: glyphs.throttle),
            BarSegment(Double(fault), style: Style(.barFault), fill: glyphs.fault),
        ]
    }
}
