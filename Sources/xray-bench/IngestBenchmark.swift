import Collector
import Foundation
import SampleData
import TraceStore
import XRayModel

#if canImport(Glibc)
    import Glibc
#endif

// The collector under load: datagrams sent over loopback at rising rates for a few seconds
// each, into a collector with a database on disk. For each rate: how many arrived, how many
// were stored, how many were lost (in the kernel or the queue). The baseline is a bare socket
// that only counts datagrams, measured at the same rates in the same run: what this machine's
// loopback delivers at all. The figure to watch is the highest rate with zero loss, ours
// against the baseline's.

func runIngestBenchmarks(rates: [Int], seconds: Double) async {
    let documents = SampleGenerator(scenario: .shop, seed: 11, start: 1_795_680_000, duration: 3_600).documents()
    let datagrams = UniqueDatagrams(documents.map { UDPSender.datagram(for: Data($0.bytes)) })
    let averageBytes = datagrams.base.map(\.count).reduce(0, +) / max(1, datagrams.base.count)
    print(
        "ingest: \(datagrams.base.count) distinct datagrams of \(averageBytes) bytes on average, made unique past "
            + "that by their trace ids; \(Int(seconds)) s per rate; CPU is the whole process's, the sender's included")
    var baselineBest = 0
    var oursBest = 0
    var lastBaselineLost = 0
    for rate in rates {
        let baseline = measureBareSocket(datagrams: datagrams, rate: rate, seconds: seconds)
        lastBaselineLost = baseline.lost
        let ours = await measureCollector(datagrams: datagrams, rate: rate, seconds: seconds)
        // Past what the sender can keep up (it shares the cores with the collector), a run
        // takes longer than asked: the rate that counts is the one reached.
        if baseline.lost == 0 { baselineBest = max(baselineBest, baseline.sentPerSecond) }
        if ours.lost == 0 { oursBest = max(oursBest, ours.sentPerSecond) }
        print(
            "ingest \(rate)/s (sent at \(baseline.sentPerSecond) and \(ours.sentPerSecond)/s): bare socket lost "
                + "\(baseline.lost) of \(baseline.sent); collector lost \(ours.lost) of "
                + "\(ours.sent) (kernel \(ours.kernel), queue \(ours.queue)); \(ours.spooled) waited on disk; stored \(Int(ours.storedPerSecond))/s; "
                + "CPU per 1,000 documents: collector \(milliseconds(ours.cpuPerThousand)), "
                + "bare socket \(milliseconds(baseline.cpuPerThousand)) "
                + "(ratio \(String(format: "%.1f", ours.cpuPerThousand / max(1e-9, baseline.cpuPerThousand))))")
    }
    // When the bare socket lost nothing even at the top rate, its limit lies higher (or is the
    // sender's) and the ratio is an upper bound.
    let bound =
        baselineBest > 0 && lastBaselineLost == 0 ? " (nothing lost at the top rate; the ratio is at most this)" : ""
    print(
        "ingest: highest rate reached with zero loss: collector \(oursBest)/s, bare socket \(baselineBest)/s\(bound) "
            + "(ratio \(String(format: "%.2f", Double(oursBest) / Double(max(1, baselineBest)))))")
}

struct IngestRun {
    var sent = 0
    /// How long sending took: past the rate the sender can keep, longer than asked.
    var sendSeconds = 0.0
    var lost = 0
    var kernel = 0
    var queue = 0
    /// Datagrams that waited in the spool on disk (stored later, not lost).
    var spooled = 0
    var storedPerSecond = 0.0
    var sentPerSecond: Int { Int(Double(sent) / max(1e-9, sendSeconds)) }
    /// The process's CPU time (user and system) per 1,000 datagrams sent.
    var cpuPerThousand = 0.0
}

/// CPU time the process has used so far (user and system), in seconds.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// The sample's datagrams, and as many more as a run sends: past the sample, the `n`th pass
/// over it has its trace ids' first four random digits replaced by `n` (as hex), so every
/// document the collector receives is new to it, as with real traffic (a repeated document is
/// recognised and costs less).
struct UniqueDatagrams: Sendable {
    let base: [Data]
    /// Where each datagram's trace id's random part starts, nil for one without a trace id.
    private let offsets: [Int?]

    init(_ base: [Data]) {
        self.base = base
        let marker = Data(#""trace_id":""#.utf8)
        offsets = base.map { datagram in
            // "1-" and the eight time digits and "-" come before the random part.
            datagram.firstRange(of: marker).map { $0.upperBound - datagram.startIndex + 11 }
        }
    }

    /// Appends the `index`th datagram to `bytes` and returns its length.
    func append(_ index: Int, to bytes: inout [UInt8]) -> Int {
        let (pass, position) = index.quotientAndRemainder(dividingBy: base.count)
        let datagram = base[position]
        let start = bytes.count
        bytes.append(contentsOf: datagram)
        if pass > 0, let offset = offsets[position] {
            // The pass number as four lowercase hex digits.
            for digit in 0..<4 {
                let value = UInt8((pass % 65_536) >> (4 * (3 - digit)) & 0xF)
                bytes[start + offset + digit] = value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
            }
        }
        return datagram.count
    }
}

/// Sends `rate` datagrams a second for `seconds`, 64 at a time, sleeping when ahead of time.
func sendPaced(_ datagrams: UniqueDatagrams, to address: HostAndPort, rate: Int, seconds: Double) -> Int {
    guard let sender = BatchSender(host: address.host, port: address.port) else { return 0 }
    let total = Int(Double(rate) * seconds)
    let batchSize = 64
    var bytes: [UInt8] = []
    var lengths: [Int] = []
    let start = Date()
    for batchStart in stride(from: 0, to: total, by: batchSize) {
        bytes.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
        for index in batchStart..<min(total, batchStart + batchSize) {
            lengths.append(datagrams.append(index, to: &bytes))
        }
        sender.send(bytes, lengths: lengths)
        let ahead = Double(batchStart + lengths.count) / Double(rate) - Date().timeIntervalSince(start)
        if ahead > 0.001 { usleep(UInt32(ahead * 1_000_000)) }
    }
    return sender.sent
}

/// The baseline: a socket with the same receive buffer, read by a loop that only counts.
func measureBareSocket(datagrams: UniqueDatagrams, rate: Int, seconds: Double) -> IngestRun {
    let cpuBefore = processCPUSeconds()
    let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
    defer { close(descriptor) }
    var size = Int32(DaemonListener.receiveBufferBytes)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVBUFFORCE, &size, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
    }
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    var timeout = timeval(tv_sec: 0, tv_usec: 500_000)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    let port = Int(UInt16(bigEndian: address.sin_port))
    let received = ManagedCounter()
    let reader = Thread {
        var buffer = [UInt8](repeating: 0, count: 65_537)
        while recv(descriptor, &buffer, buffer.count, 0) >= 0 { received.add(1) }
        received.finish()
    }
    reader.start()
    let sendStart = Date()
    let sent = sendPaced(datagrams, to: HostAndPort(host: "127.0.0.1", port: port), rate: rate, seconds: seconds)
    let sendSeconds = Date().timeIntervalSince(sendStart)
    received.waitUntilFinished()
    let cpu = processCPUSeconds() - cpuBefore
    return IngestRun(
        sent: sent, sendSeconds: sendSeconds, lost: sent - received.value,
        cpuPerThousand: cpu / Double(max(1, sent)) * 1000)
}

/// The collector as `xray-tui collect` runs it, with its database (and the spool beside it) in
/// a temporary folder.
func measureCollector(datagrams: UniqueDatagrams, rate: Int, seconds: Double) async -> IngestRun {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xray-bench-\(UUID())")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let database = folder.appendingPathComponent("traces.db").path
    guard
        let store = try? await TraceStore.open(path: database, name: "bench", retention: nil),
        let collector = try? await Collector.start(
            store: store,
            configuration: Collector.Configuration(
                udp: HostAndPort(host: "127.0.0.1", port: 0), spool: .beside(database: database)))
    else {
        print("ingest: cannot start the collector")
        return IngestRun()
    }
    let start = Date()
    let cpuBefore = processCPUSeconds()
    let address = collector.udpAddress
    // On a thread of its own, as the bare socket's sender is, and off the task pool that the
    // collector's parsing and store run on.
    let sent = await withCheckedContinuation { done in
        Thread { done.resume(returning: sendPaced(datagrams, to: address, rate: rate, seconds: seconds)) }.start()
    }
    let sendSeconds = Date().timeIntervalSince(start)
    // Wait for the queue to drain and the writes to reach the disk.
    var last = -1
    while collector.snapshot.accepted + collector.snapshot.rejectedTotal != last || collector.queue.depth > 0 {
        last = collector.snapshot.accepted + collector.snapshot.rejectedTotal
        try? await Task.sleep(for: .milliseconds(200))
    }
    try? await store.flush()
    let elapsed = Date().timeIntervalSince(start)
    let cpu = processCPUSeconds() - cpuBefore
    let counters = collector.snapshot
    await collector.stop()
    await store.close()
    return IngestRun(
        sent: sent, sendSeconds: sendSeconds, lost: sent - counters.accepted, kernel: counters.droppedByKernel,
        queue: counters.dropped,
        spooled: counters.spooled, storedPerSecond: Double(counters.accepted) / elapsed,
        cpuPerThousand: cpu / Double(max(1, sent)) * 1000)
}

/// A counter the reader thread bumps and the sender's thread reads when the reader is done.
final class ManagedCounter: @unchecked Sendable {
    private let lock = NSCondition()
    private var count = 0
    private var finished = false

    func add(_ amount: Int) {
        lock.lock()
        count += amount
        lock.unlock()
    }

    func finish() {
        lock.lock()
        finished = true
        lock.broadcast()
        lock.unlock()
    }

    func waitUntilFinished() {
        lock.lock()
        while !finished { lock.wait() }
        lock.unlock()
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
