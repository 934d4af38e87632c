import Foundation
import XRayModel

extension TraceStore {
    /// Opens (creating if needed) the database at `path` (":memory:" = no file), reads the
    /// trace rows (no document is parsed), and persists later ingests in batches (flush at
    /// least every 250 ms). `retention` (seconds) drops traces that started longer ago, and
    /// `maxBytes` the oldest traces while the file is larger, at open and every minute (and
    /// after writes, for size). `log` gets write failures and prunes (stderr by default; the
    /// explorer, which owns the terminal, shows them in its status bar instead).
    public static func open(
        path: String, name: String, retention: Double?, maxBytes: Int? = nil,
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
        log: @escaping @Sendable (String) -> Void = standardErrorLog
    ) async throws(StoreError) -> TraceStore {
        try await open(
            path: path, name: name, retention: retention, maxBytes: maxBytes, now: now,
            flushInterval: .milliseconds(250), pruneInterval: .seconds(60), log: log)
    }

    static func open(
        path: String, name: String, retention: Double?, maxBytes: Int? = nil, now: @escaping @Sendable () -> Double,
        flushInterval: Duration, pruneInterval: Duration, log: @escaping @Sendable (String) -> Void
    ) async throws(StoreError) -> TraceStore {
        // Garbage is refused before a lock file appears beside it.
        if path != ":memory:" { _ = try DatabaseFileCheck.inspect(path) }
        let lock = path == ":memory:" ? nil : try StoreLock.acquire(for: path)
        let store = TraceStore(name: name)
        do throws(StoreError) {
            let database = try DocumentDatabase.open(path: path)
            let index: DocumentDatabase.Index
            do throws(StoreError) {
                index = try await store.load(from: database)
            } catch {
                database.close()
                throw error
            }
            await store.attach(
                Persistence(
                    database: database, lock: lock, retention: retention, maxBytes: maxBytes, now: now, log: log),
                legacyDocuments: index.legacyDocuments, flushInterval: flushInterval, pruneInterval: pruneInterval)
        } catch {
            lock?.release()
            throw error
        }
        return store
    }

    /// Start-up: the rows, terms and graph minutes the database holds, into the indexes.
    private func load(from database: DocumentDatabase) async throws(StoreError) -> DocumentDatabase.Index {
        var index = try database.loadIndex(texts: &texts)
        terms.load(index.terms)
        nextNumber = index.nextNumber
        let rows = index.rows
        index.rows = []
        // The id map on one core, the order and the graph minutes on the other.
        async let slots = TraceTable.slots(of: rows)
        order.load(rows)
        for slot in rows.indices { graphBuckets.load(Int32(slot), into: rows[slot].graphBucket) }
        table.load(rows, slots: await slots)
        graphBuckets.loadStored(index.graphMinutes)
        return index
    }

    private func attach(
        _ storage: Persistence, legacyDocuments: Int, flushInterval: Duration, pruneInterval: Duration
    ) async {
        self.storage = storage
        if legacyDocuments > 0 { await migrateLegacyDocuments(legacyDocuments) }
        await prune(now: storage.now())
        let flusher = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: flushInterval)
                guard let self else { return }
                _ = await self.writePending()
                await self.pruneToSize()
            }
        }
        let pruner = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: pruneInterval)
                guard let self, let now = await self.storage?.now else { return }
                await self.prune(now: now())
                // Minutes over two minutes old whose aggregate a late document spoiled.
                await self.repairGraphAggregates(settledBefore: now() - 120, limit: 10)
            }
        }
        self.storage?.timers = [flusher, pruner]
    }

    /// A database written before the trace table keeps its documents in `legacy_document`:
    /// they are ingested again, a batch at a time, into the new layout, and the old table is
    /// dropped. Once, at the first open by this version.
    private func migrateLegacyDocuments(_ count: Int) async {
        guard let database = storage?.database else { return }
        storage?.log("xray-tui: moving \(count) documents in \(database.path) to the current layout (once)")
        var after: DocumentDatabase.LegacyKey?
        var unreadable = 0
        do {
            while true {
                let batch = try database.legacyDocuments(after: after, limit: 20_000)
                guard let last = batch.last else { break }
                unreadable += batch.unreadable
                after = last
                for document in batch.documents where insert(document) != .unchanged {
                    storage?.queue.upsert(document)
                }
                if let error = await writePending() { throw error }
            }
            try await database.dropLegacy()
            if unreadable > 0 {
                storage?.log("xray-tui: \(unreadable) documents in \(database.path) could not be read and were skipped")
            }
        } catch {
            storage?.log(
                "xray-tui: moving documents to the current layout stopped: \(error); it resumes at the next open")
        }
    }

    /// Writes everything pending now.
    public func flush() async throws(StoreError) {
        if let error = await writePending() { throw error }
    }

    /// Starts writing everything pending and returns without waiting for SQLite, so that the
    /// caller prepares its next batch while this one is written (an import parses its next
    /// block). Traces are placed before waiting for the write still running, on the cores
    /// SQLite leaves free. Throws what the previous write failed with, whether it was still
    /// running or had ended (its documents are queued again); `flush()` waits for the last one.
    public func startFlush() async throws(StoreError) {
        placeChangedTraces()
        while let running = storage?.inFlight { _ = await running.value }
        if let failure = storage?.unreportedFailure {
            storage?.unreportedFailure = nil
            throw failure
        }
        _ = startWrite()
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
        // Later ingests stay in memory; traces whose documents went to the file can no longer
        // be opened.
        self.storage = nil
        storage.database.close()
        storage.lock?.release()
    }

    /// Drops traces that started before `now - retention`, then, while the database is over
    /// its size limit, the oldest traces; in memory and in the database.
    public func prune(now: Double) async {
        guard let storage else { return }
        if let retention = storage.retention {
            let expired = traceIDs(startingBefore: now - retention)
            if !expired.isEmpty {
                remove(traceIDs: expired)
                counters.prunedByAge += expired.count
                storage.log("xray-tui: pruned \(expired.count) traces older than \(Self.durationText(retention))")
                _ = await writePending()
            }
        }
        await pruneToSize()
    }

    /// Keeps the database under `maxBytes`: when its pages in use and its log pass 80 % of the
    /// limit, the oldest traces go until about 65 % would be in use, judged by the bytes a trace
    /// takes on average. The rest is room for what the file cannot give back: its high-water
    /// mark (freed pages stay in the file) and the log, which a deletion fills with every page
    /// it touches (about a seventh of the limit for an eighth of the pruning, measured). Freed pages are reused by later writes, so the file stops growing.
    /// Reported at most once a minute, with the count since the last report.
    func pruneToSize() async {
        guard let storage, let limit = storage.maxBytes, table.count > 0, !storage.pruningForSize else { return }
        guard let measured = try? storage.database.usedBytes(), measured > limit / 100 * 80 else { return }
        // The flusher and the pruner both call this; the awaits below let the other in.
        self.storage!.pruningForSize = true
        defer { self.storage?.pruningForSize = false }
        await storage.database.checkpoint()
        guard let used = try? storage.database.usedBytes(), used > limit / 100 * 80, self.storage != nil else { return }
        let perTrace = max(1, used / table.count)
        let count = min(table.count, max(1, (used - limit / 100 * 65) / perTrace))
        // In sixteenths, each written and checkpointed before the next: deleting is written to
        // the log first, and one large deletion would make the log a large part of the limit.
        var pruned = 0
        while pruned < count, self.storage != nil {
            let oldest = oldestTraceIDs(min(max(1, count / 16), count - pruned))
            remove(traceIDs: oldest)
            pruned += oldest.count
            counters.prunedBySize += oldest.count
            _ = await writePending()
            await storage.database.checkpoint()
        }
        let now = storage.now()
        guard self.storage != nil else { return }
        if now - self.storage!.sizeReport.time >= 60 {
            let pruned = counters.prunedBySize - self.storage!.sizeReport.count
            self.storage!.sizeReport = (now, counters.prunedBySize)
            storage.log(
                "xray-tui: pruned the \(pruned) oldest traces to keep \(storage.database.path) under its "
                    + "\(limit / 1_000_000) MB limit (it used \(used / 1_000_000) MB)")
        }
    }

    /// What the batch writer has done; zero for a store that lives in memory only.
    public var persistence: PersistenceCounters {
        var counters = writeCounters
        counters.pending = storage?.queue.documentCount ?? 0
        return counters
    }

    /// Writes the queue as one transaction, after any write already running, so batches land
    /// in the order they were taken.
    func writePending() async -> StoreError? {
        while let running = storage?.inFlight { _ = await running.value }
        return await startWrite()?.value
    }

    /// Places what changed and hands it to the writer, when nothing else is being written.
    private func startWrite() -> Task<StoreError?, Never>? {
        placeChangedTraces()
        guard storage?.inFlight == nil, let database = storage?.database,
            storage?.queue.isEmpty == false || graphBuckets.hasChanges
        else { return nil }
        let taken = storage!.queue.take()
        let batch = makeBatch(taken)
        let write = Task { await self.finishWrite(taken, batch, to: database) }
        storage!.inFlight = write
        return write
    }

    /// The rows, documents, new terms and graph minutes of what was taken, as they are now.
    private func makeBatch(_ taken: WriteQueue) -> WriteBatch {
        var batch = WriteBatch()
        batch.deletions = Array(taken.deletions)
        batch.terms = zip(terms.persistedCount..., terms.unpersisted).map { (UInt32($0 + 1), $1) }
        for id in taken.rows {
            guard let row = table.row(id) else { continue }
            batch.rows.append(
                WriteBatch.Row(
                    row: row, method: texts[row.method], url: texts[row.url], clientIP: texts[row.clientIP],
                    userAgent: texts[row.userAgent]))
        }
        batch.documents.reserveCapacity(taken.documentCount)
        for (traceID, byID) in taken.documents {
            guard let row = table.row(traceID) else { continue }
            for (id, bytes) in byID {
                batch.documents.append(WriteBatch.Document(trace: row.number, id: id, bytes: bytes))
            }
        }
        batch.graphs = graphBuckets.takeChanged()
        return batch
    }

    /// Runs one batch (SQLite works off the actor) and books the outcome before the next write
    /// may start. A failure puts the batch back: the documents stay in memory and are retried
    /// by the next flush, and it is reported once until a write succeeds again. After a
    /// success, documents of traces with nothing more to write leave memory.
    private func finishWrite(_ taken: WriteQueue, _ batch: WriteBatch, to database: DocumentDatabase) async
        -> StoreError?
    {
        var failure: StoreError?
        do {
            try await database.write(batch)
        } catch {
            failure = error
        }
        defer { storage?.inFlight = nil }
        guard storage != nil else { return failure }
        if let failure {
            storage!.queue.restore(taken) { [table] in table.row($0) == nil }
            graphBuckets.rewrite(batch.graphs.map(\.bucket))
            writeCounters.writeErrors += 1
            writeCounters.lastError = failure.description
            storage!.unreportedFailure = failure
            if !storage!.failureReported {
                storage!.failureReported = true
                storage!.log("xray-tui: \(failure) (retrying)")
            }
            return failure
        }
        terms.persistedCount = max(terms.persistedCount, batch.terms.last.map { Int($0.id) } ?? 0)
        graphBuckets.written(batch.graphs)
        writeCounters.written += batch.documents.count
        writeCounters.lastError = nil
        storage!.unreportedFailure = nil
        if storage!.failureReported {
            storage!.failureReported = false
            storage!.log("xray-tui: writing to \(database.path) again")
        }
        for id in taken.documents.keys where !storage!.queue.hasDocuments(of: id) && !unplaced.contains(id) {
            resident[id] = nil
        }
        return nil
    }

    /// `30d`, `24h`, `90m` or `45s`: the largest unit that divides it.
    static func durationText(_ seconds: Double) -> String {
        let whole = Int(seconds)
        for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60)] where whole >= size && whole % size == 0 {
            return "\(whole / size)\(unit)"
        }
        return "\(whole)s"
    }

    public static let standardErrorLog: @Sendable (String) -> Void = { message in
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
