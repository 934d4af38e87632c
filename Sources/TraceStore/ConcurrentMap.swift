import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// `map` on every core, in order. For work of microseconds an element or more (parsing
    /// documents, assembling traces): a read of a page of traces is that, times a thousand.
    func concurrentMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        concurrentSlices { slice in slice.map(transform) }
    }

    /// Hands contiguous slices to every core and joins what each returns, in order: for work
    /// that wants something of its own per slice (a compression context).
    func concurrentSlices<T: Sendable>(_ body: @Sendable (ArraySlice<Element>) -> [T]) -> [T] {
        guard count > 64 else { return body(self[...]) }
        let slices = Swift.min(count / 32, ProcessInfo.processInfo.activeProcessorCount * 4)
        let results = SliceResults<T>(count: slices)
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            results.set(slice, body(self[(count * slice / slices)..<(count * (slice + 1) / slices)]))
        }
        return results.joined
    }
}

/// Each slice writes its own element once, before `joined` is read.
private final class SliceResults<T>: @unchecked Sendable {
    private var slices: [[T]]
    private let lock = NSLock()

    init(count: Int) { slices = Array(repeating: [], count: count) }

    func set(_ index: Int, _ values: [T]) { lock.withLock { slices[index] = values } }

    var joined: [T] { slices.flatMap { $0 } }
}
