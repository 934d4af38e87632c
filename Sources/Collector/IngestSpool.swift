import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#endif

/// Where datagrams wait when the memory queue is full: files in a folder beside the database,
/// read back in order once the memory queue is empty. A burst faster than the store can take
/// then waits on disk instead of being dropped (an OpenTelemetry Collector's persistent queue
/// and a log shipper's disk buffer do the same). It is bounded in bytes: when full, the oldest
/// file's datagrams are dropped and counted. What is left when the collector stops is read at
/// its next start on the same folder, so a stop or a crash loses nothing the spool took; the
/// files are not synced, so a crash of the machine itself may.
public final class IngestSpool: Sendable {
    public struct Settings: Sendable, Hashable {
        public var directory: String
        public var capacityBytes: Int

        public init(directory: String, capacityBytes: Int = IngestSpool.defaultCapacityBytes) {
            self.directory = directory
            self.capacityBytes = capacityBytes
        }

        /// The spool of the database at `path`: `traces.db.spool` beside `traces.db`.
        public static func beside(database path: String, capacityBytes: Int = IngestSpool.defaultCapacityBytes)
            -> Settings
        {
            Settings(directory: path + ".spool", capacityBytes: capacityBytes)
        }
    }

    /// 2 GB: in `xray-bench ingest`, 3,000,000 datagrams of 760 bytes sent at 231,641 a second
    /// (over three times what the store takes) passed through it without filling it (README,
    /// "Collector ingest").
    public static let defaultCapacityBytes = 2_000_000_000

    private struct State {
        var segments: [SpoolSegment] = []
        var nextSequence = 0
        var readBuffer: [UInt8] = []
        var closed = false

        var depth: Int { segments.reduce(0) { $0 + $1.unreadRecords } }
        var diskBytes: Int { segments.reduce(0) { $0 + $1.size } }
    }

    public let settings: Settings
    /// Datagrams found at start, left by an earlier run.
    public let recovered: Int
    /// One file holds at most this much: a sixteenth of the spool, at most 64 MB (and at least
    /// 1 MB), so that a full spool drops a small part of itself at a time.
    let segmentBytes: Int
    private let state: NIOLockedValueBox<State>
    private let lockDescriptor: Int32
    private let counters: CounterBox
    private let log: RateLimitedLog

    private init(
        settings: Settings, state: State, lockDescriptor: Int32, counters: CounterBox, log: RateLimitedLog
    ) {
        self.settings = settings
        recovered = state.depth
        segmentBytes = min(64 << 20, max(1 << 20, settings.capacityBytes / 16))
        self.state = NIOLockedValueBox(state)
        self.lockDescriptor = lockDescriptor
        self.counters = counters
        self.log = log
    }

    /// Opens the folder (creating it), takes its lock (one collector per spool) and picks up
    /// the files an earlier run left, to be read first.
    public static func open(_ settings: Settings, counters: CounterBox, log: RateLimitedLog) throws(SpoolError)
        -> IngestSpool
    {
        let directory = settings.directory
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SpoolError("cannot create the spool folder \(directory): \(error.localizedDescription)")
        }
        let lockPath = directory + "/lock"
        let lockDescriptor = Glibc.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lockDescriptor >= 0 else { throw .system("open", lockPath) }
        guard flock(lockDescriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            Glibc.close(lockDescriptor)
            if code == EWOULDBLOCK {
                throw SpoolError("the spool folder \(directory) is in use by another xray-tui collector")
            }
            throw .system("lock", lockPath, code)
        }
        do {
            var state = State()
            let position = readPosition(in: directory)
            for (sequence, name) in try segmentFiles(in: directory) {
                // Past every file with a spool file's name, so that a new one never meets one.
                state.nextSequence = sequence + 1
                let path = directory + "/" + name
                let start = position?.name == name ? position?.offset : nil
                guard let (segment, notes) = try SpoolSegment.recover(path: path, from: start) else {
                    log.always("\(path) is not a spool file; left as it is")
                    continue
                }
                for note in notes { log.always(note) }
                if segment.unreadRecords == 0 {
                    segment.remove()
                } else {
                    state.segments.append(segment)
                }
            }
            unlink(directory + "/" + positionFile)
            let spool = IngestSpool(
                settings: settings, state: state, lockDescriptor: lockDescriptor, counters: counters, log: log)
            if spool.recovered > 0 {
                counters.update { $0.recovered += spool.recovered }
                log.always(
                    "\(spool.recovered) datagrams left in the spool \(directory) by an earlier run are stored first")
            }
            return spool
        } catch {
            Glibc.close(lockDescriptor)
            throw error
        }
    }

    /// Where reading stopped in the oldest file, written at close: "NAME OFFSET". After a crash
    /// there is none and that file is read again from its start; the store recognises a
    /// document it already has.
    static let positionFile = "position"

    private static func readPosition(in directory: String) -> (name: String, offset: Int)? {
        guard let text = try? String(contentsOfFile: directory + "/" + positionFile, encoding: .utf8) else {
            return nil
        }
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count == 2, let offset = Int(fields[1]) else { return nil }
        return (String(fields[0]), offset)
    }

    /// The spool's files by sequence number: `0000000000000042.spool`.
    private static func segmentFiles(in directory: String) throws(SpoolError) -> [(Int, String)] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw SpoolError("cannot list the spool folder \(directory): \(error.localizedDescription)")
        }
        return names.compactMap { name -> (Int, String)? in
            guard name.hasSuffix(".spool"), let sequence = Int(name.dropLast(6)) else { return nil }
            return (sequence, name)
        }.sorted { $0.0 < $1.0 }
    }

    /// Datagrams waiting in the spool.
    public var depth: Int { state.withLockedValue { $0.depth } }

    /// What the spool's files take on disk.
    public var diskBytes: Int { state.withLockedValue { $0.diskBytes } }

    public var isEmpty: Bool { depth == 0 }

    /// Writes datagrams after those already spooled. When they do not fit, the oldest files
    /// go first (their unread datagrams counted as dropped), then, for a batch larger than the
    /// whole spool, its own oldest datagrams. A failed write drops the batch, counted and
    /// logged with the reason (a full disk, say).
    func append(_ datagrams: [Data]) {
        guard !datagrams.isEmpty else { return }
        let (spooled, dropped, failure) = state.withLockedValue { state -> (Int, Int, SpoolError?) in
            guard !state.closed else { return (0, datagrams.count, nil) }
            var dropped = 0
            var batch = datagrams[...]
            var batchBytes = batch.reduce(0) { $0 + 4 + $1.count }
            while !state.segments.isEmpty && state.diskBytes + batchBytes > settings.capacityBytes {
                let oldest = state.segments.removeFirst()
                dropped += oldest.unreadRecords
                oldest.remove()
            }
            while let first = batch.first, SpoolSegment.header.count + batchBytes > settings.capacityBytes {
                batchBytes -= 4 + first.count
                batch = batch.dropFirst()
                dropped += 1
            }
            guard !batch.isEmpty else { return (0, dropped, nil) }
            do throws(SpoolError) {
                if state.segments.isEmpty || state.segments[state.segments.count - 1].size + batchBytes > segmentBytes {
                    let name = String(format: "%016d.spool", state.nextSequence)
                    state.segments.append(try SpoolSegment.create(path: settings.directory + "/" + name))
                    state.nextSequence += 1
                }
                try state.segments[state.segments.count - 1].append(SpoolSegment.encode(batch), count: batch.count)
                return (batch.count, dropped, nil)
            } catch {
                return (0, dropped + batch.count, error)
            }
        }
        counters.update {
            $0.spooled += spooled
            $0.dropped += dropped
        }
        if let failure { log.write("dropped \(dropped) datagrams: \(failure)", key: "spool-write") }
    }

    /// Up to `limit` datagrams, the oldest first. A file that is fully read is deleted.
    func take(limit: Int) -> [Data] {
        let (datagrams, dropped, failure) = state.withLockedValue { state -> ([Data], Int, SpoolError?) in
            var datagrams: [Data] = []
            var dropped = 0
            var failure: SpoolError?
            while !state.closed, datagrams.count < limit, !state.segments.isEmpty {
                do throws(SpoolError) {
                    try state.segments[0].read(
                        limit: limit - datagrams.count, into: &datagrams, buffer: &state.readBuffer)
                } catch {
                    dropped += state.segments[0].unreadRecords
                    state.segments[0].skipRest()
                    failure = error
                }
                if state.segments[0].unreadBytes == 0 { state.segments.removeFirst().remove() }
            }
            return (datagrams, dropped, failure)
        }
        if dropped > 0 { counters.update { $0.dropped += dropped } }
        if let failure { log.write("dropped \(dropped) datagrams: \(failure)", key: "spool-read") }
        return datagrams
    }

    /// Closes the files and the lock, leaving what is unread for the next start (and saying
    /// so). Returns how many datagrams are left.
    @discardableResult
    func close() -> Int {
        let left = state.withLockedValue { state -> Int in
            guard !state.closed else { return 0 }
            state.closed = true
            if let oldest = state.segments.first {
                let name = (oldest.path as NSString).lastPathComponent
                let path = settings.directory + "/" + Self.positionFile
                do {
                    try "\(name) \(oldest.readOffset)\n".write(toFile: path, atomically: true, encoding: .utf8)
                } catch {
                    log.always(
                        "cannot write \(path) (\(error.localizedDescription)); \(name) is read again from its start")
                }
            }
            for segment in state.segments { segment.close() }
            Glibc.close(lockDescriptor)
            return state.depth
        }
        if left > 0 {
            log.always(
                "\(left) datagrams wait in the spool \(settings.directory); they are stored when a collector next "
                    + "starts on it")
        }
        return left
    }
}
