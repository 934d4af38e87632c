import Foundation
import GRDB
import GRDBSQLite
import Synchronization
import XRayModel

/// The SQLite side of the store (the schema is in `StoreSchema` and the README):
///
/// - `trace`: a row per trace with what tables, filters, time series and retention need,
///   written whenever the trace changes, so start-up reads these rows and parses no document;
/// - `document`: every document exactly as received, compressed with zstd against a dictionary
///   trained on the first documents written (`dictionary`), keyed by trace number and id;
/// - `term`: the values trace rows refer to by id (users, services, annotations, nodes, edges);
/// - `graph_minute`: service-graph aggregates per minute of trace start.
///
/// Writes run on GRDB's writer queue, never on the store actor. Reads of documents are short
/// indexed look-ups that the actor makes directly (a pool lets them run beside a write).
final class DocumentDatabase: Sendable {
    let path: String
    private let writer: any DatabaseWriter
    /// Every codec a body can name; the newest writes.
    private let codecs = Mutex<[UInt8: DocumentCodec]>([:])

    private init(path: String, writer: any DatabaseWriter) {
        self.path = path
        self.writer = writer
    }

    /// Opens (creating if needed) and migrates the database; `":memory:"` keeps it in memory.
    /// The caller holds the lock file, so nobody else changes the file meanwhile.
    static func open(path: String) throws(StoreError) -> DocumentDatabase {
        if path == ":memory:" {
            do {
                let database = DocumentDatabase(path: path, writer: try DatabaseQueue())
                try database.prepare()
                return database
            } catch {
                throw StoreError(path: path, doing: "open", error)
            }
        }
        _ = try DatabaseFileCheck.inspect(path)
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.label = "xray-tui store"
        configuration.prepareDatabase { db in
            // The WAL is truncated back to this after checkpoints (SQLite's own run every 1,000
            // pages, 4 MB), so it never stays large: `--max-db-size` counts it.
            try db.execute(sql: "PRAGMA journal_size_limit = 4194304")
            // The writer's inserts were mostly system calls (17 us each on this machine):
            // - trace rows go into two indexes (id, start) and ids arrive in random order, so with
            //   SQLite's default 2 MB of cache nearly every insert read a page back from the file
            //   once the id index outgrew it: 64 MB holds the indexes of a million traces;
            // - a large batch overflowed the cache and spilled pages into the log mid-transaction
            //   (each written again at commit): dirty pages now stay in memory until the commit;
            // - `INSERT OR REPLACE` keeps a statement journal, a temporary file that took two
            //   writes for every page a row touched: it is kept in memory.
            // Only the writer: readers scan, and a cache filled by the start-up scan only holds memory.
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA cache_size = -65536; PRAGMA cache_spill = OFF; PRAGMA temp_store = MEMORY")
            }
        }
        let database: DocumentDatabase
        do {
            database = DocumentDatabase(
                path: path, writer: try DatabasePool(path: path, configuration: configuration))
        } catch {
            throw StoreError(path: path, doing: "open", error)
        }
        do {
            try database.prepare()
            return database
        } catch {
            try? database.writer.close()
            throw error as? StoreError ?? StoreError(path: path, doing: "open", error)
        }
    }

    /// Confirms the file is ours (see `DatabaseFileCheck.unconfirmed`), migrates, and reads
    /// the compression dictionaries.
    private func prepare() throws {
        let (application, tables) = try writer.read { db in
            (
                try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            )
        }
        guard application == DatabaseFileCheck.applicationID || (application == 0 && tables.isEmpty) else {
            throw StoreError.notAStore(path)
        }
        let migrator = StoreSchema.migrator
        if try writer.read({ try migrator.hasBeenSuperseded($0) }) { throw StoreError.newerVersion(path) }
        try migrator.migrate(writer)
        let rows = try writer.read { db in try Row.fetchAll(db, sql: "SELECT id, bytes FROM dictionary ORDER BY id") }
        codecs.withLock { codecs in
            for row in rows {
                let id = UInt8(truncatingIfNeeded: row["id"] as Int64)
                codecs[id] = DocumentCodec(id: id, dictionary: [UInt8](row["bytes"] as Data))
            }
        }
    }

    // MARK: start-up

    /// What start-up reads: every trace row (texts interned into `texts`), the terms they
    /// refer to, and which minutes have a stored graph aggregate.
    struct Index {
        var rows: [TraceRow] = []
        var terms: [Term] = []
        var graphMinutes: Set<Int> = []
        var nextNumber: Int64 = 1
        /// Documents of a database written before the trace table, still to be moved.
        var legacyDocuments = 0
    }

    func loadIndex(texts: inout TextPool) throws(StoreError) -> Index {
        do {
            let (header, numbers): (Index, ClosedRange<Int64>) = try writer.read { db in
                var index = Index()
                index.terms = try StoreSchema.readTerms(db)
                index.graphMinutes = Set(try Int.fetchAll(db, sql: "SELECT minute FROM graph_minute"))
                let numbers = try Row.fetchOne(db, sql: "SELECT min(number), max(number) FROM trace")
                index.nextNumber = (numbers?[1] as Int64? ?? 0) + 1
                index.legacyDocuments =
                    try db.tableExists("legacy_document")
                    ? try Int.fetchOne(db, sql: "SELECT count(*) FROM legacy_document") ?? 0 : 0
                return (index, (numbers?[0] as Int64? ?? 0)...(numbers?[1] as Int64? ?? 0))
            }
            var index = header
            var (first, second) = try readRowsInHalves(numbers)
            Self.renumberTexts(of: &first.rows, as: texts.absorb(first.texts))
            Self.renumberTexts(of: &second.rows, as: texts.absorb(second.texts))
            index.rows = first.rows
            first.rows = []
            index.rows += second.rows
            return index
        } catch {
            throw StoreError(path: path, doing: "read", error)
        }
    }

    /// Gives a half's rows the ids their texts have in the store's pool.
    private static func renumberTexts(of rows: inout [TraceRow], as ids: [UInt32]) {
        for slot in rows.indices {
            rows[slot].method = ids[Int(rows[slot].method)]
            rows[slot].url = ids[Int(rows[slot].url)]
            rows[slot].clientIP = ids[Int(rows[slot].clientIP)]
            rows[slot].userAgent = ids[Int(rows[slot].userAgent)]
        }
    }

    /// The trace rows, read by two connections at once, each half with texts of its own
    /// (reading and decoding a million rows is most of start-up). Nothing writes while the
    /// store opens, so the two reads see the same table.
    private func readRowsInHalves(_ numbers: ClosedRange<Int64>) throws -> (
        first: (rows: [TraceRow], texts: TextPool), second: (rows: [TraceRow], texts: TextPool)
    ) {
        let middle = numbers.lowerBound + (numbers.upperBound - numbers.lowerBound) / 2
        let ranges = [numbers.lowerBound...middle, (middle + 1)...max(middle + 1, numbers.upperBound)]
        let halves = Mutex<[Int: Result<(rows: [TraceRow], texts: TextPool), any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            let read = Result {
                try writer.read { db in
                    var texts = TextPool()
                    let rows = try StoreSchema.readRows(db, numbers: ranges[half], texts: &texts)
                    return (rows: rows, texts: texts)
                }
            }
            halves.withLock { $0[half] = read }
        }
        let read = halves.withLock { $0 }
        return (try read[0]!.get(), try read[1]!.get())
    }

    // MARK: documents

    /// The stored documents of these traces, parsed (on every core); rows that no longer parse
    /// are counted.
    func documents(ofTraces numbers: [Int64]) throws(StoreError) -> (
        byTrace: [Int64: [StoredDocument]], unreadable: Int
    ) {
        guard !numbers.isEmpty else { return ([:], 0) }
        let codecs = self.codecs.withLock { $0 }
        let bodies: [(trace: Int64, body: Data)]
        do {
            bodies = try writer.read { db in
                var bodies: [(trace: Int64, body: Data)] = []
                for start in stride(from: 0, to: numbers.count, by: 500) {
                    let chunk = numbers[start..<min(numbers.count, start + 500)]
                    let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                    let rows = try Row.fetchCursor(
                        db, sql: "SELECT trace, body FROM document WHERE trace IN (\(placeholders))",
                        arguments: StatementArguments(Array(chunk)))
                    while let row = try rows.next() { bodies.append((row[0], row[1])) }
                }
                return bodies
            }
        } catch {
            throw StoreError(path: path, doing: "read", error)
        }
        let texts = DocumentCodec.decompress(bodies.map(\.body), codecs: codecs)
        let parsed = texts.concurrentMap { text -> StoredDocument? in
            guard let text, case .success(let document) = DocumentParser.parse(bytes: text) else { return nil }
            return document
        }
        var byTrace: [Int64: [StoredDocument]] = [:]
        var unreadable = 0
        for (read, document) in zip(bodies, parsed) {
            if let document { byTrace[read.trace, default: []].append(document) } else { unreadable += 1 }
        }
        return (byTrace, unreadable)
    }

    /// Documents of a database written before the trace table, a batch at a time in key
    /// order, after `key` (nil: from the first).
    func legacyDocuments(after key: LegacyKey?, limit: Int) throws(StoreError) -> (
        documents: [StoredDocument], last: LegacyKey?, unreadable: Int
    ) {
        do {
            return try writer.read { db in
                let rows = try Row.fetchAll(
                    db,
                    sql: "SELECT trace_id, id, raw FROM legacy_document WHERE (trace_id, id) > (?, ?) "
                        + "ORDER BY trace_id, id LIMIT ?",
                    arguments: [key?.traceID ?? "", key?.id ?? "", limit])
                var documents: [StoredDocument] = []
                var unreadable = 0
                for row in rows {
                    switch DocumentParser.parse(row["raw"] as String) {
                    case .success(let document): documents.append(document)
                    case .failure: unreadable += 1
                    }
                }
                let last = rows.last.map { LegacyKey(traceID: $0["trace_id"], id: $0["id"]) }
                return (documents, last, unreadable)
            }
        } catch {
            throw StoreError(path: path, doing: "read", error)
        }
    }

    struct LegacyKey: Sendable {
        var traceID: String
        var id: String
    }

    /// Drops the old table once every document in it is stored in the new layout, and gives
    /// its pages back to the file system.
    func dropLegacy() async throws(StoreError) {
        do {
            try await writer.writeWithoutTransaction { db in
                try db.execute(sql: "DROP TABLE IF EXISTS legacy_document")
                // VACUUM copies the whole database into a temporary one: on disk, not in the
                // memory the writer's statement journals use.
                try db.execute(sql: "PRAGMA temp_store = FILE; VACUUM; PRAGMA temp_store = MEMORY")
            }
        } catch {
            throw StoreError(path: path, doing: "write", error)
        }
    }

    // MARK: writing

    /// One transaction: deletions first, so a trace pruned and then received again keeps the
    /// new documents. The first batch ever written trains the compression dictionary (from up
    /// to 2,000 of its documents).
    func write(_ batch: WriteBatch) async throws(StoreError) {
        let current = codecs.withLock { $0.values.max { $0.id < $1.id } }
        let isNew = current == nil && !batch.documents.isEmpty
        let codec =
            isNew
            ? DocumentCodec(id: 1, dictionary: DocumentCodec.trainDictionary(batch.documents.prefix(2000).map(\.bytes)))
            : current
        // Compressing is most of a write's work: on every core, before the transaction.
        let bodies = codec?.compress(batch.documents.map(\.bytes)) ?? []
        do {
            try await writer.write { db in
                if isNew, let codec {
                    try db.execute(
                        sql: "INSERT INTO dictionary (id, bytes) VALUES (?, ?)",
                        arguments: [codec.id, Data(codec.dictionary)])
                }
                try StoreSchema.write(batch, bodies: bodies, db)
            }
        } catch {
            throw StoreError(path: path, doing: "write", error, pending: batch.documents.count)
        }
        if isNew, let codec { codecs.withLock { $0[codec.id] = codec } }
    }

    /// A minute's stored graph aggregate.
    func graph(minute: Int) throws(StoreError) -> ServiceGraphBuilder? {
        do {
            let data = try writer.read { db in
                try Data.fetchOne(db, sql: "SELECT graph FROM graph_minute WHERE minute = ?", arguments: [minute])
            }
            return try data.map { data in
                guard let builder = ServiceGraphBuilder(encoded: data) else {
                    throw StoreError.corrupt(path, "the graph aggregate of minute \(minute) does not read")
                }
                return builder
            }
        } catch {
            throw StoreError(path: path, doing: "read", error)
        }
    }

    /// Bytes in use on disk: the database's pages not on the free list, and the write-ahead
    /// log beside it. What `--max-db-size` limits.
    func usedBytes() throws(StoreError) -> Int {
        let log = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        do {
            return try writer.read { db in
                let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                let free = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
                let size = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
                return (pages - free) * size + log
            }
        } catch {
            throw StoreError(path: path, doing: "read", error)
        }
    }

    /// Moves the write-ahead log into the database and empties it, so that the space it held
    /// is counted once (before pruning for size).
    func checkpoint() async {
        _ = try? await writer.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    }

    func close() { try? writer.close() }

    // MARK: for tests

    /// Caps the file's size in pages (at least its current size): the way tests make SQLite
    /// report a full disk. `nil` lifts the cap.
    func setMaxPageCount(_ pages: Int?) async throws {
        try await writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA max_page_count = \(pages ?? 4_294_967_294)")
        }
    }

    func pageCount() async throws -> Int {
        try await writer.read { try Int.fetchOne($0, sql: "PRAGMA page_count") ?? 0 }
    }

    func storedDocumentCount() async throws -> Int {
        try await writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM document") ?? 0 }
    }
}

extension StoreError {
    /// Sorts SQLite's answers into what the user can do about them.
    init(path: String, doing: String, _ error: any Error, pending: Int = 0) {
        if let error = error as? StoreError {
            self = error
            return
        }
        guard let error = error as? DatabaseError else {
            self = .io(path, doing, String(describing: error))
            return
        }
        switch error.resultCode {
        case .SQLITE_FULL: self = .diskFull(path, pending: pending)
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: self = .corrupt(path, error.message ?? "\(error.resultCode)")
        default: self = .io(path, doing, error.message ?? "\(error.resultCode)")
        }
    }
}
