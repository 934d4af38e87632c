import Foundation
import XRayModel

extension TraceStore {
    /// Opens (creating if needed) the database at `path` (":memory:" = no file), loads every
    /// stored document into memory, and persists later ingests in batches (flush at least every
    /// 250 ms). `retention` (seconds) drops traces that started longer ago, at open and every
    /// minute. `log` gets the write failures (stderr by default; the explorer, which owns the
    /// terminal, shows them in its status bar instead).
    public static func open(
        path: String, name: String, retention: Double?,
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
        log: @escaping @Sendable (String) -> Void = standardErrorLog
    ) async throws(StoreError) -> TraceStore {
        try await open(
            path: path, name: name, retention: retention, now: now, flushInterval: .milliseconds(250),
            pruneInterval: .seconds(60), log: log)
    }

    static func open(
        path: String, name: String, retention: Double?, now: @escaping @Sendable () -> Double,
        flushInterval: Duration, pruneInterval: Duration, log: @escaping @Sendable (String) -> Void
    ) async throws(StoreError) -> TraceStore {
        // Garbage is refused before a lock file appears beside it.
        if path != ":memory:" { _ = try DatabaseFileCheck.inspect(path) }
        let lock = path == ":memory:" ? nil : try StoreLock.acquire(for: path)
        let database: DocumentDatabase
        do throws(StoreError) {
            database = try DocumentDatabase.open(path: path)
        } catch {
            lock?.release()
            throw error
        }
        let loaded: (documents: [StoredDocument], unreadable: Int)
        do throws(StoreError) {
            loaded = try await database.load()
        } catch {
            database.close()
            lock?.release()
            throw error
        }
        if loaded.unreadable > 0 {
            log("xray-tui: \(loaded.unreadable) documents in \(path) could not be read and were skipped")
        }
        let store = TraceStore(name: name)
        await store.attach(
            Persistence(database: database, lock: lock, retention: retention, now: now, log: log),
            loaded: loaded.documents, flushInterval: flushInterval, pruneInterval: pruneInterval)
        return store
    }

    private func attach(
        _ storage: Persistence, loaded: [StoredDocument], flushInterval: Duration, pruneInterval: Duration
    ) async {
        for document in loaded { _ = insert(document) }
        self.storage = storage
        await prune(now: storage.now())
        let flusher = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: flushInterval)
                guard let self else { return }
                _ = await self.writePending()
            }
        }
        let pruner = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: pruneInterval)
                guard let self, let now = await self.storage?.now else { return }
                await self.prune(now: now())
            }
        }
        self.storage?.timers = [flusher, pruner]
    }

    /// Writes everything pending now.
    public func flush() async throws(StoreError) {
        if let error = await writePending() { throw error }
    }

    /// Flushes, stops the timers and closes the database (the SIGTERM path). Later ingests
    /// stay in memory only.
    public func close() async {
        guard storage != nil else { return }
        storage?.timers.forEach { $0.cancel() }
        if let error = await writePending(), let storage {
            storage.log("xray-tui: closing with documents not saved: \(error)")
        }
        guard let storage else { return }
        self.storage = nil
        storage.database.close()
        storage.lock?.release()
    }

    /// Drops traces that started before `now - retention`, in memory and in the database.
    public func prune(now: Double) async {
        guard let retention = storage?.retention else { return }
        let expired = traceIDs(startingBefore: now - retention)
        guard !expired.isEmpty else { return }
        remove(traceIDs: expired)
        _ = await writePending()
    }

    /// What the batch writer has done; zero for a store that lives in memory only.
    public var persistence: PersistenceCounters {
        var counters = writeCounters
        counters.pending = storage?.queue.upserts.count ?? 0
        return counters
    }

    /// Writes the queue as one transaction, after any write already running, so batches land
    /// in the order they were taken.
    func writePending() async -> StoreError? {
        while let running = storage?.inFlight { _ = await running.value }
        guard let database = storage?.database, storage?.queue.isEmpty == false else { return nil }
        let batch = storage!.queue.take()
        let write = Task { await self.finishWrite(batch, to: database) }
        storage!.inFlight = write
        return await write.value
    }

    /// Runs one batch (SQLite works off the actor) and books the outcome before the next write
    /// may start. A failure puts the batch back: the documents stay in memory and are retried
    /// by the next flush, and it is reported once until a write succeeds again.
    private func finishWrite(_ batch: WriteBatch, to database: DocumentDatabase) async -> StoreError? {
        var failure: StoreError?
        do {
            try await database.write(batch)
        } catch {
            failure = error
        }
        defer { storage?.inFlight = nil }
        guard storage != nil else { return failure }
        if let failure {
            storage!.queue.restore(batch)
            writeCounters.writeErrors += 1
            writeCounters.lastError = failure.description
            if !storage!.failureReported {
                storage!.failureReported = true
                storage!.log("xray-tui: \(failure) (retrying)")
            }
        } else {
            writeCounters.written += batch.upserts.count
            writeCounters.lastError = nil
            if storage!.failureReported {
                storage!.failureReported = false
                storage!.log("xray-tui: writing to \(database.path) again")
            }
        }
        return failure
    }

    public static let standardErrorLog: @Sendable (String) -> Void = { message in
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
