import Collector
import Foundation
import InteropSupport
import Testing

/// `xray-tui collect`, `import` and `send` as a user runs them: real processes, real sockets,
/// a database on disk, `kill -9` and SIGTERM.
@Suite(.serialized) struct CollectCommandTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("xray-collect-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    var database: String { folder.appendingPathComponent("traces.db").path }

    static func sampleDocuments(_ count: Int) throws -> [Data] {
        let text = try String(contentsOfFile: CLI.sample("eks-workshop.ndjson"), encoding: .utf8)
        return text.split(separator: "\n").prefix(count).map { Data($0.utf8) }
    }

    static func traceIDs(of documents: [Data]) -> Set<String> {
        Set(
            documents.compactMap {
                (try? JSONSerialization.jsonObject(with: $0) as? [String: Any])?["trace_id"] as? String
            })
    }

    @Test(.timeLimit(.minutes(3)))
    func everythingAcceptedSurvivesKill9() async throws {
        let database = self.database
        let documents = try Self.sampleDocuments(2_000)
        let (before, after) = try await offPool { () throws -> (Set<String>, Set<String>) in
            let collector = try CollectorProcess(database: database)
            try collector.waitUntilReady()
            let sender = try UDPSender(to: collector.address)
            for document in documents { sender.send(document: document) }
            // Accepted, then more than a second before the kill.
            let deadline = Date().addingTimeInterval(60)
            while try collector.metric("xray_tui_documents_accepted_total") < documents.count, Date() < deadline {
                usleep(50_000)
            }
            let before = try collector.traceIDs()
            sleep(2)
            collector.kill9()

            let restarted = try CollectorProcess(database: database, port: collector.port)
            defer {
                restarted.command.stop()
                _ = restarted.command.finish()
            }
            try restarted.waitUntilReady()
            return (before, try restarted.traceIDs())
        }
        #expect(before == Self.traceIDs(of: documents))
        #expect(after == before, "\(before.subtracting(after).count) traces lost to kill -9")
    }

    /// `kill -9` in the middle of heavy ingest (`send` at 20,000 documents a second, still
    /// sending): every trace the API served more than a second before the kill is there after
    /// the restart, and SQLite finds the database intact.
    @Test(.timeLimit(.minutes(3)))
    func kill9DuringHeavyIngestLosesNothingAcceptedAndLeavesTheDatabaseIntact() async throws {
        let database = self.database
        let (before, after, integrity) = try await offPool { () throws -> (Set<String>, Set<String>, String) in
            let collector = try CollectorProcess(database: database)
            try collector.waitUntilReady()
            let sender = try Command(
                try CLI.binary.path,
                [
                    "send", CLI.sample("eks-workshop.ndjson"), "--to", "127.0.0.1:\(collector.port)", "--rate", "20000",
                    "--loop", "--retime",
                ])
            defer { sender.stop() }
            // A second of the rate at least (the whole test suite may be slowing both down).
            let deadline = Date().addingTimeInterval(60)
            while try collector.metric("xray_tui_documents_accepted_total") < 20_000, Date() < deadline {
                usleep(100_000)
            }
            let before = try collector.traceIDs()
            sleep(2)
            collector.kill9()
            sender.stop()
            _ = sender.finish()
            let check = try Command.run(
                "/usr/bin/env",
                [
                    "python3", "-c",
                    "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])",
                    database,
                ],
                timeout: 120)

            let restarted = try CollectorProcess(database: database, port: collector.port)
            defer {
                restarted.command.stop()
                _ = restarted.command.finish()
            }
            try restarted.waitUntilReady()
            return (before, try restarted.traceIDs(), check.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        #expect(before.count > 1000, "the sender was too slow to test anything: \(before.count) traces")
        #expect(before.subtracting(after).isEmpty, "\(before.subtracting(after).count) of \(before.count) traces lost")
        #expect(integrity == "ok")
    }

    /// A full disk (a 24 MB tmpfs, filled): the collector says so, keeps serving everything it
    /// accepted, and writes it all once space returns. Needs permission to mount (root, as
    /// CI runs); skipped, and said so, without it.
    /// A 24 MB tmpfs mounted in the test's folder, or the test cancelled (and said so) where
    /// mounting is not allowed. The caller unmounts it.
    func smallDisk(for test: String) async throws -> String {
        let mountPoint = folder.appendingPathComponent("small-disk").path
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mounted = try await offPool {
            try Command.run(
                "/usr/bin/env", ["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mountPoint], timeout: 30)
        }
        guard mounted.status == 0 else {
            print("SKIPPED: \(test), because mounting a tmpfs failed: \(mounted.outputTail)")
            try Test.cancel("cannot mount a tmpfs here")
        }
        return mountPoint
    }

    @Test(.timeLimit(.minutes(3)))
    func aFullDiskIsReportedServedThroughAndRecoveredFrom() async throws {
        let mountPoint = try await smallDisk(for: "the full-disk test")
        defer { _ = try? Command.run("/usr/bin/env", ["umount", "-l", mountPoint], timeout: 30) }
        let database = mountPoint + "/traces.db"
        let documents = try Self.sampleDocuments(7_200)
        let result = try await offPool { () throws -> (log: String, served: Int, written: Int, afterRestart: Int) in
            let collector = try CollectorProcess(database: database, extra: ["--max-db-size", "off"])
            try collector.waitUntilReady()
            // Leave under 3 MB free: the sample's documents need more.
            let filler = mountPoint + "/filler"
            _ = try Command.run(
                "/usr/bin/env", ["dd", "if=/dev/zero", "of=\(filler)", "bs=1M", "count=21"], timeout: 30)
            let sender = try UDPSender(to: collector.address)
            for document in documents {
                sender.send(document: document)
                usleep(100)
            }
            let deadline = Date().addingTimeInterval(90)
            func wait(_ metric: String, atLeast value: Int) throws {
                while try collector.metric(metric) < value, Date() < deadline { usleep(100_000) }
            }
            try wait("xray_tui_documents_accepted_total", atLeast: documents.count)
            try wait("xray_tui_database_write_errors_total", atLeast: 1)
            let served = try collector.traceIDs().count
            try FileManager.default.removeItem(atPath: filler)
            try wait("xray_tui_database_documents_written_total", atLeast: documents.count)
            let written = try collector.metric("xray_tui_database_documents_written_total")
            collector.command.stop()
            let log = collector.command.finish().stderr
            let restarted = try CollectorProcess(database: database, port: collector.port)
            defer {
                restarted.command.stop()
                _ = restarted.command.finish()
            }
            try restarted.waitUntilReady()
            return (log, served, written, try restarted.traceIDs().count)
        }
        let traces = Self.traceIDs(of: documents).count
        #expect(result.log.contains("the disk is full"), "\(result.log)")
        #expect(result.log.contains("writing to \(database) again"), "\(result.log)")
        #expect(result.served == traces, "served while the disk was full")
        #expect(result.written == documents.count)
        #expect(result.afterRestart == traces)
    }

    /// The same on a store of 100,000 traces (imported first): what the collector receives
    /// over UDP is written while the large store is open, and all of it is there after the
    /// kill, with the 100,000.
    @Test(.timeLimit(.minutes(10)))
    func everythingAcceptedSurvivesKill9OnALargeStore() async throws {
        let database = self.database
        let recording = folder.appendingPathComponent("large.ndjson").path
        let start = Int(Date().timeIntervalSince1970) - 7200
        let sampled = try await CLI.run([
            "sample", "--scenario", "eks-workshop", "--rate", "100", "--duration", "1000s", "--start", "\(start)",
        ])
        #expect(sampled.status == 0, "\(sampled.stderr)")
        try sampled.stdout.write(toFile: recording, atomically: false, encoding: .utf8)
        let imported = try await CLI.run(["import", recording, "--db", database])
        #expect(imported.stdout.contains("200000 new documents"), "\(imported.stdout) \(imported.stderr)")

        let documents = try Self.sampleDocuments(7_200)
        let (counted, before, after, recounted) = try await offPool {
            () throws -> (Int, Set<String>, Set<String>, Int) in
            let collector = try CollectorProcess(database: database)
            try collector.waitUntilReady()
            let sender = try UDPSender(to: collector.address)
            for document in documents { sender.send(document: document) }
            let deadline = Date().addingTimeInterval(120)
            while try collector.metric("xray_tui_documents_accepted_total") < documents.count, Date() < deadline {
                usleep(50_000)
            }
            // The sample's hour, apart from the 100,000 imported traces.
            let sampleHour = (1_795_683_600.0 - 60, 1_795_687_200.0 + 60)
            let before = try collector.traceIDs(from: sampleHour.0, to: sampleHour.1)
            let counted = try collector.metric("xray_tui_traces")
            sleep(2)
            collector.kill9()

            let restarted = try CollectorProcess(database: database, port: collector.port)
            defer {
                restarted.command.stop()
                _ = restarted.command.finish()
            }
            try restarted.waitUntilReady()
            return (
                counted, before, try restarted.traceIDs(from: sampleHour.0, to: sampleHour.1),
                try restarted.metric("xray_tui_traces")
            )
        }
        #expect(before == Self.traceIDs(of: documents))
        #expect(counted == 100_000 + before.count)
        #expect(after == before, "\(before.subtracting(after).count) traces lost to kill -9")
        #expect(recounted == counted)
    }

    /// Sends `documents` over UDP as fast as it can to a new collector, sends it SIGTERM at
    /// once, then starts another on the same database and reads what the test needs from it.
    func burstThenSigterm<T: Sendable>(
        _ documents: [Data], database: String, extra: [String] = [],
        whenReopened: @escaping @Sendable (CollectorProcess) throws -> T
    ) async throws -> (Command.Result, T) {
        try await offPool { () throws -> (Command.Result, T) in
            let collector = try CollectorProcess(database: database, extra: extra)
            try collector.waitUntilReady()
            let sender = try UDPSender(to: collector.address)
            for document in documents { sender.send(document: document) }
            collector.command.signal(SIGTERM)
            let result = collector.command.finish()
            let reopened = try CollectorProcess(database: database, port: collector.port)
            defer {
                reopened.command.stop()
                _ = reopened.command.finish()
            }
            try reopened.waitUntilReady()
            return (result, try whenReopened(reopened))
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func sigtermDrainsTheQueueAndClosesTheDatabase() async throws {
        let database = self.database
        let documents = try Self.sampleDocuments(3_000)
        // No waiting: whatever is still queued must be stored before it exits.
        let (result, stored) = try await burstThenSigterm(documents, database: database) { try $0.traceIDs() }
        #expect(result.status == 0, "\(result.outputTail)")
        #expect(result.stderr.contains("SIGTERM: draining the queue and closing the database"))
        // The final line counts what was accepted; all of it is in the database.
        let line = try #require(result.stderr.split(separator: "\n").first { $0.contains("stopped:") })
        let accepted = try #require(Int(line.split(separator: ",")[1].split(separator: " ")[0]))
        #expect(accepted > 0)
        let sentTraces = Self.traceIDs(of: documents)
        #expect(stored.isSubset(of: sentTraces))
        #expect(accepted == documents.count ? stored == sentTraces : !stored.isEmpty, "\(line)")
    }

    /// A burst larger than the memory queue (1 MB here) waits in the spool beside the database;
    /// SIGTERM leaves what is still there for the next start, which stores it first. Every
    /// datagram received is stored, refused or counted as dropped, across the restart.
    @Test(.timeLimit(.minutes(3)))
    func aBurstWaitsOnDiskAndARestartStoresWhatWasLeft() async throws {
        let database = self.database
        let documents = try Self.sampleDocuments(6_000)
        let (result, (recovered, stored)) = try await burstThenSigterm(
            documents, database: database, extra: ["--queue-size", "1MB"]
        ) { reopened in
            let recovered = try reopened.metric("xray_tui_datagrams_recovered_total")
            let deadline = Date().addingTimeInterval(60)
            while try reopened.metric("xray_tui_documents_accepted_total") < recovered, Date() < deadline {
                usleep(50_000)
            }
            return (recovered, try reopened.traceIDs())
        }
        #expect(result.status == 0, "\(result.outputTail)")
        #expect(result.stderr.contains("spool \(database).spool (at most 2GB)"), "\(result.outputTail)")
        let line = try #require(result.stderr.split(separator: "\n").first { $0.contains("stopped:") })
        // "stopped: 6000 received, 4100 accepted, 0 rejected, 5200 waited on disk; ..."
        func count(_ label: String) -> Int {
            line.split(separator: ",").lazy.compactMap { part -> Int? in
                guard let range = part.range(of: " " + label) else { return nil }
                return part[..<range.lowerBound].split(separator: " ").last.flatMap { Int($0) }
            }.first ?? 0
        }
        let (received, accepted, dropped) = (count("received"), count("accepted"), count("dropped"))
        #expect(count("waited on disk") > 0, "\(line)")
        #expect(count("rejected") == 0 && received > 0, "\(line)")
        #expect(recovered == received - accepted - dropped, "\(line); \(recovered) recovered")
        if received == documents.count && dropped == 0 {
            #expect(stored == Self.traceIDs(of: documents), "\(line)")
        }
        if recovered > 0 {
            #expect(result.stderr.contains("\(recovered) datagrams wait in the spool"), "\(result.outputTail)")
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func importThenServeAndASecondCollectorIsRefused() async throws {
        let imported = try await CLI.run(["import", CLI.sample("eks-workshop.ndjson"), "--db", database])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("7200 new documents, 0 replaced, 0 already there"), "\(imported.stdout)")
        let again = try await CLI.run(["import", CLI.sample("eks-workshop.ndjson"), "--db", database])
        #expect(again.stdout.contains("0 new documents, 0 replaced, 7200 already there"), "\(again.stdout)")

        let database = self.database
        let (ids, refusedDatabase, refusedPort) = try await offPool {
            () throws -> (Set<String>, Command.Result, Command.Result) in
            let collector = try CollectorProcess(database: database)
            defer {
                collector.command.stop()
                _ = collector.command.finish()
            }
            try collector.waitUntilReady()
            let ids = try collector.traceIDs()
            // The same database from a second process: refused, naming the file.
            let other = try CollectorProcess(database: database)
            let refusedDatabase = other.command.finish()
            // The same port with another database: refused, naming the port and its holder.
            let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("xray-other-\(UUID()).db")
                .path
            defer { try? FileManager.default.removeItem(atPath: elsewhere) }
            let samePort = try CollectorProcess(database: elsewhere, port: collector.port)
            return (ids, refusedDatabase, samePort.command.finish())
        }
        #expect(ids.count == 3600)
        #expect(refusedDatabase.status != 0 && refusedDatabase.stderr.contains(database), "\(refusedDatabase.stderr)")
        #expect(refusedPort.status != 0, "\(refusedPort.stderr)")
        #expect(refusedPort.stderr.contains("held by xray-tui"), "\(refusedPort.stderr)")
    }

    @Test func sizesThatAreNotSizesAreRefusedByName() async throws {
        for option in ["--queue-size", "--spool-size"] {
            for size in ["1e30GB", "lots", "0.5MB"] {
                let result = try await CLI.run([
                    "collect", option, size, "--db", database, "--udp", "127.0.0.1:0", "--otlp", "off",
                    "--otlp-grpc", "off",
                ])
                #expect(result.status != 0)
                #expect(result.stderr.contains(option) && result.stderr.contains(size), "\(result.stderr)")
            }
        }
    }

    @Test func aCorruptDatabaseIsNamedAndLeftAlone() async throws {
        let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try garbage.write(to: URL(fileURLWithPath: database))
        let result = try await CLI.run(["import", CLI.sample("eks-workshop.ndjson"), "--db", database])
        #expect(result.status != 0)
        #expect(result.stderr.contains(database), "\(result.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == garbage, "the file must be left as it was")
    }

    @Test(.timeLimit(.minutes(3)))
    func sendRetimesARecordingToNow() async throws {
        let database = self.database
        let port = try CollectorProcess.freePort()
        let collector = try await offPool { () throws -> CollectorProcess in
            let collector = try CollectorProcess(database: database, port: port)
            try collector.waitUntilReady()
            return collector
        }
        defer {
            collector.command.stop()
            _ = collector.command.finish()
        }
        let before = Date().timeIntervalSince1970
        let sent = try await CLI.run([
            "send", CLI.sample("eks-workshop.ndjson"), "--to", "127.0.0.1:\(port)", "--rate", "0", "--retime",
        ])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.contains("sent 7200 documents to 127.0.0.1:\(port)"))
        let text = try await offPool { () throws -> String in
            let deadline = Date().addingTimeInterval(60)
            while try collector.metric("xray_tui_documents_accepted_total") < 7200, Date() < deadline { usleep(50_000) }
            return try collector.request("POST", "/TraceSummaries", body: ["StartTime": 0, "EndTime": 4_000_000_000])
        }
        let newest = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let summaries = try #require(newest["TraceSummaries"] as? [[String: Any]])
        let latest = try #require(summaries.first?["StartTime"] as? Double)
        // The recording ends now: its newest trace started within the last few seconds.
        #expect(
            latest <= Date().timeIntervalSince1970 && latest > before - 10, "newest start \(latest), sent at \(before)")
        #expect(newest["TracesProcessedCount"] as? Int == 3600)
    }
}
