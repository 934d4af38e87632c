import Foundation
import SampleData
import Testing
import XRayModel

@testable import TraceStore

/// A database that cannot be used is refused with a message naming the file, and left as it was.
@Suite struct StoreErrorTests {
    @Test func aSecondOpenOfTheSameFileFails() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("store.db")
        let first = try await PersistenceTests.open(path)
        let error = await #expect(throws: StoreError.self) { try await PersistenceTests.open(path) }
        #expect(error?.kind == .locked)
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains("pid \(ProcessInfo.processInfo.processIdentifier)") == true)
        await first.close()
        let second = try await PersistenceTests.open(path)
        await second.close()
    }

    @Test func garbageIsRefusedAndLeftUntouched() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var random = SeededGenerator(state: 3)
        for (name, bytes) in [
            ("random.db", (0..<8192).map { _ in UInt8.random(in: 0...255, using: &random) }),
            ("notes.txt", Array("these are not traces\n".utf8)),
        ] {
            let path = directory.path(name)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let error = await #expect(throws: StoreError.self) { try await PersistenceTests.open(path) }
            #expect(error?.kind == .corrupt)
            #expect(error?.description.contains("\(path) is not an xray-tui database or is corrupt") == true)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(bytes))
            #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
            #expect(!FileManager.default.fileExists(atPath: path + ".lock"))
        }
    }

    @Test func anotherProgramsDatabaseIsRefusedAndLeftUntouched() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("other.db")
        let store = try await PersistenceTests.open(path)
        await store.ingest(try PersistenceTests.document(trace: 1, start: PersistenceTests.start))
        await store.close()
        // Another application id in the header: someone else's SQLite file.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes.replaceSubrange(68..<72, with: [0, 0, 0, 42])
        try bytes.write(to: URL(fileURLWithPath: path))
        let error = await #expect(throws: StoreError.self) { try await PersistenceTests.open(path) }
        #expect(error?.kind == .notAStore && error?.description.hasPrefix(path) == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test func aFullDiskKeepsDocumentsInMemoryUntilSpaceIsBack() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("store.db")
        let log = LogLines()
        let store = try await TraceStore.open(
            path: path, name: "full", retention: nil, now: { 0 }, flushInterval: .seconds(3600),
            pruneInterval: .seconds(3600),
            log: log.sink)
        let documents = SampleGenerator(scenario: .shop, seed: 5, start: PersistenceTests.start, duration: 60)
            .documents()
        await store.ingest(documents[..<10])
        try await store.flush()
        let database = try #require(await store.storage?.database)
        try await database.setMaxPageCount(try await database.pageCount())

        await store.ingest(documents[10...])
        for _ in 0..<2 {
            let error = await #expect(throws: StoreError.self) { try await store.flush() }
            #expect(error?.kind == .diskFull && error?.description.contains(path) == true)
        }
        let counters = await store.persistence
        #expect(counters.pending > 0 && counters.writeErrors == 2 && counters.lastError != nil)
        #expect(log.lines.count == 1 && log.lines.first?.contains(path) == true)
        let inMemory = try await PersistenceTests.summaries(store)
        #expect(inMemory.count == FullScan.traces(documents).count)

        try await database.setMaxPageCount(nil)
        try await store.flush()
        #expect(await store.persistence.pending == 0)
        #expect(await store.persistence.lastError == nil)
        #expect(log.lines.count == 2)
        await store.close()

        let reopened = try await PersistenceTests.open(path)
        #expect(try await PersistenceTests.summaries(reopened) == inMemory)
        await reopened.close()
    }

    /// The import's way: each batch's write starts while the next batch is ingested. A failed
    /// write is reported by the next `startFlush`, and nothing is lost once space is back.
    @Test func writesInTheBackgroundReportTheirFailureAndLoseNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("store.db")
        let store = try await TraceStore.open(
            path: path, name: "background", retention: nil, now: { 0 }, flushInterval: .seconds(3600),
            pruneInterval: .seconds(3600), log: { _ in })
        await store.setCachesPlacedTraces(false)
        // In an order of their own (by a hash of their ids), so that traces have documents in
        // more than one batch.
        let documents = SampleGenerator(scenario: .shop, seed: 6, start: PersistenceTests.start, duration: 120)
            .documents().sorted { FNV1a.hash64($0.id.utf8) < FNV1a.hash64($1.id.utf8) }
        let batches = stride(from: 0, to: documents.count, by: 50).map {
            documents[$0..<min(documents.count, $0 + 50)]
        }
        for batch in batches.prefix(batches.count / 2) {
            await store.ingest(batch)
            try await store.startFlush()
        }
        try await store.flush()
        let database = try #require(await store.storage?.database)
        try await database.setMaxPageCount(try await database.pageCount())

        // The file may have room for a batch or two: the failure is reported by the call
        // after the write that met the full disk, even when that write has ended by then.
        var rest = batches.dropFirst(batches.count / 2)
        var failure: StoreError?
        while failure == nil, let batch = rest.popFirst() {
            await store.ingest(batch)
            do { try await store.startFlush() } catch { failure = error }
            while await store.storage?.inFlight != nil { await Task.yield() }
        }
        #expect(failure?.kind == .diskFull)

        try await database.setMaxPageCount(nil)
        for batch in rest {
            await store.ingest(batch)
            try await store.startFlush()
        }
        try await store.flush()
        #expect(await store.persistence.pending == 0)
        await store.close()

        let reopened = try await PersistenceTests.open(path)
        let whole = TraceStore()
        await whole.ingest(documents)
        #expect(try await PersistenceTests.summaries(reopened) == PersistenceTests.summaries(whole))
        let window = TimeWindow(start: PersistenceTests.start - 60, end: PersistenceTests.start + 300)
        #expect(try await reopened.serviceGraph(window: window) == whole.serviceGraph(window: window))
        await reopened.close()
    }
}
