import Foundation
import NIOConcurrencyHelpers
import Testing
import TraceStore
import XRayModel

@testable import Collector

/// The spool on disk behind the memory queue: what goes in comes out in order, a full spool
/// drops its oldest (counted), what a run leaves is read at the next start, and damaged or
/// foreign files are named and never stop the collector.
@Suite struct IngestSpoolTests {
    /// Lines the spool logged.
    final class LogLines: Sendable {
        private let lines = NIOLockedValueBox<[String]>([])
        var log: RateLimitedLog {
            RateLimitedLog(interval: 0) { [lines] line in lines.withLockedValue { $0.append(line) } }
        }
        var all: [String] { lines.withLockedValue { $0 } }
    }

    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-test-\(UUID())").path
    }

    /// Datagram `number`: its number in text, padded to `size` bytes.
    static func datagram(_ number: Int, size: Int = 12) -> Data {
        var text = "\(number)#"
        text += String(repeating: "x", count: max(0, size - text.count))
        return Data(text.utf8)
    }

    static func number(_ datagram: Data) -> Int? {
        Int(String(decoding: datagram.prefix { $0 != UInt8(ascii: "#") }, as: UTF8.self))
    }

    func spoolFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".spool") }
            .sorted()
    }

    func takeAll(_ spool: IngestSpool) -> [Int] {
        var numbers: [Int] = []
        while true {
            let batch = spool.take(limit: 7)
            if batch.isEmpty { return numbers }
            numbers += batch.compactMap(Self.number)
        }
    }

    @Test func datagramsComeBackInOrderAndReadFilesAreDeleted() throws {
        let counters = CounterBox()
        let spool = try IngestSpool.open(.init(directory: folder), counters: counters, log: .silent)
        defer { spool.close() }
        for start in stride(from: 0, to: 100, by: 10) {
            spool.append((start..<start + 10).map { Self.datagram($0, size: 10 + $0) })
        }
        #expect(spool.depth == 100 && counters.value.spooled == 100)
        #expect(spoolFiles().count == 1)
        let first = spool.take(limit: 30)
        #expect(first.map { Self.number($0) } == Array(0..<30))
        #expect(first.map(\.count) == (0..<30).map { 10 + $0 })
        #expect(takeAll(spool) == Array(30..<100))
        #expect(spool.depth == 0 && spool.diskBytes == 0 && spoolFiles().isEmpty)
        #expect(counters.value.dropped == 0)
    }

    /// Polls until `condition` holds: the spool's writer runs on its own thread.
    func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<400 where !condition() { try? await Task.sleep(for: .milliseconds(10)) }
        return condition()
    }

    @Test func aFullQueueSpillsToTheSpoolAndKeepsTheOrder() async throws {
        let counters = CounterBox()
        let spool = try IngestSpool.open(.init(directory: folder), counters: counters, log: .silent)
        let entry = IngestQueue.entryBytes
        let queue = IngestQueue(
            capacityBytes: 2 * (1 + entry) + 100_000, counters: counters, spool: spool, spillBytes: 100_000)
        defer { queue.closeSpool() }
        for byte in UInt8(1)...5 { queue.push(Data([byte])) }
        #expect(queue.depth == 5 && counters.value.dropped == 0 && queue.isSpilling)
        #expect(await eventually { spool.depth == 3 && queue.waitingForWriter == 0 })
        #expect(await queue.next(limit: 10) == [Data([1]), Data([2])])
        // The memory has room again, but the spool is not empty: 6 goes behind 5.
        queue.push(Data([6]))
        #expect(await eventually { spool.depth == 4 })
        #expect(await queue.next(limit: 10) == [Data([3]), Data([4]), Data([5]), Data([6])])
        queue.push(Data([7]))
        #expect(await eventually { spool.depth == 1 })
        #expect(await queue.next(limit: 10) == [Data([7])])
        // Once the parser finds the spool and the spill empty, new datagrams use memory again.
        let waiting = Task { await queue.next(limit: 10) }
        #expect(await eventually { !queue.isSpilling })
        queue.push(Data([8]))
        #expect(await waiting.value == [Data([8])])
        #expect(counters.value.received == 8 && counters.value.spooled == 5 && counters.value.dropped == 0)
        #expect(spoolFiles().isEmpty)
    }

    /// When the writer cannot keep up, the oldest waiting for it are dropped and counted;
    /// without a spool, the memory queue's oldest are.
    @Test func aWriterThatFallsBehindDropsTheOldestWaitingForIt() async throws {
        let counters = CounterBox()
        let spool = try IngestSpool.open(.init(directory: folder), counters: counters, log: .silent)
        let entry = IngestQueue.entryBytes
        let queue = IngestQueue(
            capacityBytes: 2 * (1 + entry) + 3 * (1 + entry), counters: counters, spool: spool,
            spillBytes: 3 * (1 + entry))
        defer { queue.closeSpool() }
        // One read larger than the memory queue and the spill together: the writer cannot run
        // in the middle of it.
        queue.push(contentsOf: (UInt8(1)...9).map { Data([$0]) })
        #expect(counters.value.dropped == 4 && counters.value.received == 9)
        var taken: [Data] = []
        while taken.count < 5 { taken += await queue.next(limit: 10) ?? [] }
        #expect(taken == [1, 2, 7, 8, 9].map { Data([$0]) })
    }

    @Test func aFullSpoolDropsItsOldestFileAndCountsIt() throws {
        let counters = CounterBox()
        let capacity = 3_000_000
        let spool = try IngestSpool.open(
            .init(directory: folder, capacityBytes: capacity), counters: counters, log: .silent)
        defer { spool.close() }
        #expect(spool.segmentBytes == 1 << 20)
        let total = 1_000
        for start in stride(from: 0, to: total, by: 10) {
            spool.append((start..<start + 10).map { Self.datagram($0, size: 10_000) })
            #expect(spool.diskBytes <= capacity)
        }
        let left = spool.depth
        #expect(left > 0 && left < total)
        #expect(counters.value.spooled == total && counters.value.dropped == total - left)
        // What is left is the newest, whole and in order.
        #expect(takeAll(spool) == Array((total - left)..<total))
    }

    @Test func aBatchLargerThanTheWholeSpoolKeepsItsNewest() throws {
        let counters = CounterBox()
        let spool = try IngestSpool.open(
            .init(directory: folder, capacityBytes: 1_000_000), counters: counters, log: .silent)
        defer { spool.close() }
        spool.append((0..<30).map { Self.datagram($0, size: 60_000) })
        let left = spool.depth
        #expect(left == 16 && counters.value.dropped == 14)
        #expect(takeAll(spool) == Array(14..<30))
    }

    @Test func whatIsLeftIsReadAtTheNextStart() throws {
        let first = CounterBox()
        let lines = LogLines()
        var spool = try IngestSpool.open(
            .init(directory: folder, capacityBytes: 4_000_000), counters: first, log: lines.log)
        for start in stride(from: 0, to: 500, by: 50) {
            spool.append((start..<start + 50).map { Self.datagram($0, size: 5_000) })
        }
        #expect(spoolFiles().count > 1)
        #expect(spool.take(limit: 120).count == 120)
        #expect(spool.close() == 380)
        #expect(lines.all.contains { $0.contains("380 datagrams wait in the spool \(folder)") })

        let second = CounterBox()
        spool = try IngestSpool.open(.init(directory: folder), counters: second, log: lines.log)
        defer { spool.close() }
        #expect(spool.recovered == 380 && second.value.recovered == 380 && spool.depth == 380)
        spool.append([Self.datagram(500)])
        #expect(takeAll(spool) == Array(120...500))
        #expect(spoolFiles().isEmpty)
    }

    /// After a crash there is no read position: the oldest file is read again from its start
    /// (the store recognises what it already has); a position that is not a record's start is
    /// named and ignored.
    @Test func withoutAGoodReadPositionTheOldestFileIsReadAgain() throws {
        var spool = try IngestSpool.open(.init(directory: folder), counters: CounterBox(), log: .silent)
        spool.append((0..<20).map { Self.datagram($0) })
        #expect(spool.take(limit: 5).count == 5)
        spool.close()
        let position = folder + "/" + IngestSpool.positionFile
        let name = spoolFiles()[0]
        #expect(try String(contentsOfFile: position, encoding: .utf8) == "\(name) \(8 + 5 * 16)\n")
        try FileManager.default.removeItem(atPath: position)
        spool = try IngestSpool.open(.init(directory: folder), counters: CounterBox(), log: .silent)
        #expect(spool.recovered == 20)
        #expect(spool.take(limit: 3).compactMap(Self.number) == [0, 1, 2])
        spool.close()

        try "\(name) 13\n".write(toFile: position, atomically: true, encoding: .utf8)
        let lines = LogLines()
        spool = try IngestSpool.open(.init(directory: folder), counters: CounterBox(), log: lines.log)
        defer { spool.close() }
        #expect(spool.recovered == 20)
        #expect(lines.all.contains { $0.contains("read position 13 is not where a record") }, "\(lines.all)")
        #expect(!FileManager.default.fileExists(atPath: position))
    }

    @Test func aPartialRecordLeftByACrashIsCutOffAndSaidSo() throws {
        var spool = try IngestSpool.open(.init(directory: folder), counters: CounterBox(), log: .silent)
        spool.append((0..<5).map { Self.datagram($0) })
        spool.close()
        let path = folder + "/" + spoolFiles()[0]
        let handle = try #require(FileHandle(forWritingAtPath: path))
        let wholeSize = try handle.seekToEnd()
        // A length that promises 1,000 bytes, and 10 of them: a write cut short.
        handle.write(Data([0xE8, 0x03, 0, 0]) + Data(repeating: 1, count: 10))
        try handle.close()

        let lines = LogLines()
        spool = try IngestSpool.open(.init(directory: folder), counters: CounterBox(), log: lines.log)
        defer { spool.close() }
        #expect(spool.recovered == 5)
        #expect(
            lines.all.contains {
                $0.contains(path) && $0.contains("at byte \(wholeSize)") && $0.contains("5 datagrams kept")
            },
            "\(lines.all)")
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        #expect(size == Int(wholeSize))
        #expect(takeAll(spool) == Array(0..<5))
    }

    @Test func aDamagedRecordDropsTheRestOfItsFileNamingIt() throws {
        let counters = CounterBox()
        let lines = LogLines()
        let spool = try IngestSpool.open(.init(directory: folder), counters: counters, log: lines.log)
        defer { spool.close() }
        spool.append((0..<3).map { Self.datagram($0) })
        spool.append((3..<6).map { Self.datagram($0) })
        // The third record's length, overwritten while the spool has the file open.
        let path = folder + "/" + spoolFiles()[0]
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seek(toOffset: UInt64(SpoolSegment.header.count + 2 * (4 + 12)))
        handle.write(Data([0xFF, 0xFF, 0xFF, 0x7F]))
        try handle.close()
        #expect(spool.take(limit: 10).compactMap(Self.number) == [0, 1])
        #expect(counters.value.dropped == 4 && spool.depth == 0 && spoolFiles().isEmpty)
        #expect(lines.all.contains { $0.contains(path) && $0.contains("damaged") }, "\(lines.all)")
        spool.append([Self.datagram(9)])
        #expect(takeAll(spool) == [9])
    }

    /// Runs a command, for mounting a small disk; its exit status.
    static func run(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// A full disk (a 1 MB tmpfs; needs permission to mount, as CI has; skipped and said so
    /// without it): a batch that does not fit is dropped whole, counted and logged with the
    /// reason; what was written before reads back whole; once read, there is room again.
    @Test func aFullDiskDropsTheBatchAndSaysWhy() throws {
        let mountPoint = folder + "/small-disk"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        guard try Self.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint]) == 0 else {
            print("SKIPPED: the spool's full-disk test, because mounting a tmpfs failed")
            try Test.cancel("cannot mount a tmpfs here")
        }
        defer { _ = try? Self.run(["umount", "-l", mountPoint]) }
        let counters = CounterBox()
        let lines = LogLines()
        let spool = try IngestSpool.open(
            .init(directory: mountPoint + "/spool", capacityBytes: 100_000_000), counters: counters, log: lines.log)
        defer { spool.close() }
        for start in stride(from: 0, to: 400, by: 10) {
            spool.append((start..<start + 10).map { Self.datagram($0, size: 10_000) })
        }
        let kept = spool.depth
        #expect(kept > 0 && kept < 400)
        #expect(counters.value.spooled == kept && counters.value.dropped == 400 - kept)
        #expect(
            lines.all.contains { $0.contains("No space left on device") && $0.contains(mountPoint + "/spool/") },
            "\(lines.all)")
        // The failed write was cut off: the file ends at its last whole record.
        let files = try FileManager.default.contentsOfDirectory(atPath: mountPoint + "/spool").filter {
            $0.hasSuffix(".spool")
        }
        let sizes = try files.map {
            try FileManager.default.attributesOfItem(atPath: mountPoint + "/spool/" + $0)[.size] as? Int
        }
        #expect(sizes == [SpoolSegment.header.count + kept * (4 + 10_000)])
        #expect(takeAll(spool) == Array(0..<kept))
        spool.append([Self.datagram(1_000)])
        #expect(takeAll(spool) == [1_000])
    }

    @Test func aFileThatIsNotASpoolFileIsLeftAlone() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let foreign = folder + "/0000000000000004.spool"
        try Data("not a spool".utf8).write(to: URL(fileURLWithPath: foreign))
        let lines = LogLines()
        let spool = try IngestSpool.open(.init(directory: folder), counters: CounterBox(), log: lines.log)
        defer { spool.close() }
        #expect(spool.depth == 0)
        #expect(lines.all.contains { $0.contains(foreign) && $0.contains("not a spool file") }, "\(lines.all)")
        spool.append([Self.datagram(1)])
        #expect(spoolFiles() == ["0000000000000004.spool", "0000000000000005.spool"])
        #expect(takeAll(spool) == [1])
        #expect(FileManager.default.fileExists(atPath: foreign))
    }

    @Test func oneCollectorPerSpool() throws {
        let spool = try IngestSpool.open(.init(directory: folder), counters: CounterBox(), log: .silent)
        #expect {
            try IngestSpool.open(.init(directory: folder), counters: CounterBox(), log: .silent)
        } throws: { error in
            "\(error)".contains("the spool folder \(folder) is in use by another xray-tui collector")
        }
        spool.close()
        let again = try IngestSpool.open(.init(directory: folder), counters: CounterBox(), log: .silent)
        again.close()
    }

    @Test func aFolderThatCannotBeMadeIsNamed() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = folder + "/a-file"
        try Data().write(to: URL(fileURLWithPath: file))
        #expect {
            try IngestSpool.open(.init(directory: file + "/spool"), counters: CounterBox(), log: .silent)
        } throws: { error in
            "\(error)".contains("cannot create the spool folder \(file)/spool")
        }
    }

    /// The collector, with a memory queue of a few datagrams: a burst pushed at once waits on
    /// disk and is all stored; a spool an earlier run left is stored at start.
    @Test func theCollectorStoresABurstThroughTheSpoolAndWhatAnEarlierRunLeft() async throws {
        let count = 3_000
        let earlier = try IngestSpool.open(.init(directory: folder), counters: CounterBox(), log: .silent)
        earlier.append((count..<count + 200).map(IngestPipelineTests.datagram))
        earlier.close()

        let store = TraceStore()
        // A memory queue of about 750 datagrams, and 250 waiting for the spool's writer.
        let collector = try await Collector.start(
            store: store,
            configuration: Collector.Configuration(
                udp: HostAndPort(host: "127.0.0.1", port: 0), queueBytes: 250_000, spool: .init(directory: folder)))
        #expect(collector.counters.value.recovered == 200)
        // Reads of 100 datagrams, as the socket hands them over, paced by the writer.
        for start in stride(from: 0, to: count, by: 100) {
            collector.queue.push(contentsOf: (start..<start + 100).map(IngestPipelineTests.datagram))
            for _ in 0..<1_000 where collector.queue.waitingForWriter > 100 {
                try await Task.sleep(for: .milliseconds(1))
            }
        }
        let malformed = (0..<count + 200).filter { $0 % 701 == 0 }.count
        var stored = false
        for _ in 0..<400 where !stored {
            let value = collector.counters.value
            stored = value.accepted + value.rejectedTotal == count + 200
            if !stored { try await Task.sleep(for: .milliseconds(25)) }
        }
        let counters = collector.counters.value
        #expect(stored, "\(counters)")
        #expect(
            counters.accepted == count + 200 - malformed && counters.dropped == 0,
            "\(counters.spooled) of \(count) went through the spool")
        #expect(await store.traceCount == count + 200 - malformed)
        await collector.stop()
        #expect(spoolFiles().isEmpty)
    }

    /// With nothing arriving, what an earlier run left is stored all the same.
    @Test func aSpoolLeftByAnEarlierRunIsStoredWithNothingArriving() async throws {
        let earlier = try IngestSpool.open(.init(directory: folder), counters: CounterBox(), log: .silent)
        earlier.append((1...300).map(IngestPipelineTests.datagram))
        earlier.close()
        let store = TraceStore()
        let collector = try await Collector.start(
            store: store,
            configuration: Collector.Configuration(
                udp: HostAndPort(host: "127.0.0.1", port: 0), spool: .init(directory: folder)))
        #expect(collector.counters.value.recovered == 300)
        #expect(await eventually { collector.counters.value.accepted == 300 })
        #expect(await store.traceCount == 300)
        await collector.stop()
        #expect(spoolFiles().isEmpty)
    }

    @Test func aSpoolInUseStopsTheCollectorFromStartingWithItsReason() async throws {
        let holder = try IngestSpool.open(.init(directory: folder), counters: CounterBox(), log: .silent)
        defer { holder.close() }
        await #expect {
            try await Collector.start(
                store: TraceStore(),
                configuration: Collector.Configuration(
                    udp: HostAndPort(host: "127.0.0.1", port: 0), spool: .init(directory: folder)))
        } throws: { error in
            "\(error)".contains("in use by another xray-tui collector")
        }
    }
}

/// The ingest threads run what is sent to them, below the other threads' priority.
@Suite struct IngestExecutorTests {
    /// The calling thread's name as the system has it (what `ps -L` shows).
    static func threadName() -> String? {
        (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8))?
            .trimmingCharacters(in: .newlines)
    }

    @Test func jobsRunOnTheIngestThreadsAtTheirLowerPriority() async {
        let (niceness, name) = await Task(executorPreference: IngestExecutor.shared) {
            // A child task runs there too, as the pipeline's parsing does.
            async let child = Self.threadName()
            let niceness = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
            return (niceness, await child)
        }.value
        #expect(niceness == IngestExecutor.niceness)
        #expect(name == "xray-tui ingest")
    }
}
