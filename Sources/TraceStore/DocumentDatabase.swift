import Foundation
import GRDB
import XRayModel

/// The SQLite side of the store: one table of documents as received, keyed by trace and
/// document id. The in-memory store is rebuilt from it at start-up by parsing the raw text
/// again, so the file never needs a migration when the decoded form changes.
///
/// Writes run on GRDB's writer queue, never on the store actor, so readers of the store are
/// not held up by SQLite.
final class DocumentDatabase: Sendable {
    let path: String
    private let writer: any DatabaseWriter

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
        let database: DocumentDatabase
        do {
            database = DocumentDatabase(
                path: path, writer: try DatabaseQueue(path: path, configuration: configuration))
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

    /// Confirms the file is ours (see `DatabaseFileCheck.unconfirmed`), then migrates.
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
        let migrator = Self.migrator
        if try writer.read({ try migrator.hasBeenSuperseded($0) }) { throw StoreError.newerVersion(path) }
        try migrator.migrate(writer)
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("documents") { db in
            // trace_epoch is the time in the trace id, so rows load in time order (the trace
            // order index then mostly appends) and the file can be queried by time with sqlite3.
            try db.execute(
                sql: """
                    CREATE TABLE document (
                        trace_id TEXT NOT NULL,
                        id TEXT NOT NULL,
                        trace_epoch INTEGER NOT NULL,
                        raw TEXT NOT NULL,
                        PRIMARY KEY (trace_id, id)
                    ) WITHOUT ROWID;
                    CREATE INDEX document_by_epoch ON document (trace_epoch);
                    PRAGMA application_id = \(DatabaseFileCheck.applicationID);
                    """)
        }
        return migrator
    }

    /// Every stored document, parsed again; rows that no longer parse are counted, not fatal.
    func load() async throws(StoreError) -> (documents: [StoredDocument], unreadable: Int) {
        do {
            return try await writer.read { db in
                var documents: [StoredDocument] = []
                var unreadable = 0
                let rows = try String.fetchCursor(db, sql: "SELECT raw FROM document ORDER BY trace_epoch")
                while let raw = try rows.next() {
                    switch DocumentParser.parse(raw) {
                    case .success(let document): documents.append(document)
                    case .failure: unreadable += 1
                    }
                }
                return (documents, unreadable)
            }
        } catch {
            throw StoreError(path: path, doing: "read", error)
        }
    }

    /// One transaction: deletions first, so a trace pruned and then received again keeps the
    /// new documents.
    func write(_ batch: WriteBatch) async throws(StoreError) {
        do {
            try await writer.write { db in
                let delete = try db.cachedStatement(sql: "DELETE FROM document WHERE trace_id = ?")
                for traceID in batch.deletions { try delete.execute(arguments: [traceID]) }
                let upsert = try db.cachedStatement(
                    sql: "INSERT OR REPLACE INTO document (trace_id, id, trace_epoch, raw) VALUES (?, ?, ?, ?)")
                for row in batch.upserts {
                    try upsert.execute(arguments: [row.traceID, row.id, Self.epoch(ofTraceID: row.traceID), row.raw])
                }
            }
        } catch {
            throw StoreError(path: path, doing: "write", error, pending: batch.upserts.count)
        }
    }

    func close() { try? writer.close() }

    /// The seconds in an X-Ray trace id (`1-5f84c7a1-...`), 0 for any other shape.
    static func epoch(ofTraceID traceID: String) -> Int64 {
        let parts = traceID.split(separator: "-", maxSplits: 2)
        guard parts.count == 3, parts[0] == "1", parts[1].count == 8, let seconds = Int64(parts[1], radix: 16)
        else { return 0 }
        return seconds
    }

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
