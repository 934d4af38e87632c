import Foundation
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// The threads that parse datagrams and hand the documents to the store, one a core, at a lower
/// scheduling priority (nice +5) than the rest of the machine. When the cores are busy, as in
/// a burst, the socket's event loop and the services sending the segments (on the same node,
/// for a DaemonSet) come first: the collector takes the burst into its queue and spool and
/// catches up when the cores are free, rather than competing with its senders for them. With
/// nothing else to run, the threads get whole cores as any others would.
final class IngestExecutor: TaskExecutor, @unchecked Sendable {
    /// How much lower than the other threads: at +5 a thread weighs about a third of one at 0
    /// in Linux's fair scheduler.
    static let niceness: Int32 = 5
    static let shared = IngestExecutor(threads: max(1, ProcessInfo.processInfo.activeProcessorCount))

    private var jobs = CircularBuffer<UnownedJob>()  // guarded by `condition`
    private let condition = NSCondition()

    private init(threads: Int) {
        for _ in 0..<threads {
            let thread = Thread { [self] in work() }
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        // On Linux, priority belongs to the calling thread.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, Self.niceness)
        ThreadName.set("xray-tui ingest")
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
