import Foundation
import NIOConcurrencyHelpers

/// A log that writes at most one line per key per interval and says how many it held back, so
/// a misconfigured SDK sending a thousand bad datagrams a second cannot flood the log.
public final class RateLimitedLog: Sendable {
    private struct Entry {
        var lastWritten: Double
        var suppressed: Int
    }

    private let sink: @Sendable (String) -> Void
    private let interval: Double
    private let clock: @Sendable () -> Double
    private let entries = NIOLockedValueBox([String: Entry]())

    public init(
        interval: Double = 10, clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
        sink: @escaping @Sendable (String) -> Void
    ) {
        self.interval = interval
        self.clock = clock
        self.sink = sink
    }

    /// A log that says nothing (the explorer shows the counters instead of log lines).
    public static let silent = RateLimitedLog { _ in }

    public func write(_ message: String, key: String) {
        let now = clock()
        let held: Int? = entries.withLockedValue { entries in
            if let entry = entries[key], now - entry.lastWritten < interval {
                entries[key]!.suppressed += 1
                return nil
            }
            let held = entries[key]?.suppressed ?? 0
            entries[key] = Entry(lastWritten: now, suppressed: 0)
            return held
        }
        guard let held else { return }
        sink(held > 0 ? "\(message) (and \(held) more like it since the last report)" : message)
    }

    /// Always written (start-up, shutdown, the per-minute counters).
    public func always(_ message: String) { sink(message) }
}
