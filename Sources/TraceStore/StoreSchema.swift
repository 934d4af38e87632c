import Foundation
import GRDB
import GRDBSQLite
import XRayModel

/// The tables, their migrations, and the SQL that reads and writes them. The README's
/// "The database" section documents them for sqlite3 users; keep the two in step.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        // The first layout: documents as text, and nothing else (everything was re-parsed at
        // start-up). Kept so that its files migrate.
        migrator.registerMigration("documents") { db in
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
        migrator.registerMigration("trace table") { db in
            // Old documents move to the new layout after open, through the store, which
            // computes their trace rows (see TraceStore.migrateLegacyDocuments).
            let old = try Int.fetchOne(db, sql: "SELECT count(*) FROM document") ?? 0
            try db.execute(sql: "DROP INDEX document_by_epoch")
            if old > 0 {
                try db.execute(sql: "ALTER TABLE document RENAME TO legacy_document")
            } else {
                try db.execute(sql: "DROP TABLE document")
            }
            try db.execute(
                sql: """
                    CREATE TABLE trace (
                        number INTEGER PRIMARY KEY,
                        id TEXT NOT NULL,
                        start_time REAL NOT NULL,
                        trace_start REAL NOT NULL,
                        trace_end REAL NOT NULL,
                        duration REAL,
                        response_time REAL,
                        root_start REAL,
                        root_duration REAL,
                        root_status TEXT,
                        http_status INTEGER,
                        http_method TEXT,
                        http_url TEXT,
                        client_ip TEXT,
                        user_agent TEXT,
                        has_fault INTEGER NOT NULL,
                        has_error INTEGER NOT NULL,
                        has_throttle INTEGER NOT NULL,
                        is_partial INTEGER NOT NULL,
                        has_inferred INTEGER NOT NULL,
                        revision INTEGER NOT NULL,
                        terms BLOB NOT NULL
                    );
                    CREATE UNIQUE INDEX trace_by_id ON trace (id);
                    CREATE INDEX trace_by_start ON trace (start_time);
                    CREATE TABLE document (
                        trace INTEGER NOT NULL,
                        id TEXT NOT NULL,
                        body BLOB NOT NULL
                    );
                    CREATE UNIQUE INDEX document_by_trace ON document (trace, id);
                    CREATE TABLE dictionary (id INTEGER PRIMARY KEY, bytes BLOB NOT NULL);
                    CREATE TABLE term (
                        id INTEGER PRIMARY KEY,
                        kind TEXT NOT NULL,
                        name TEXT,
                        type TEXT,
                        to_name TEXT,
                        to_type TEXT,
                        number REAL,
                        states INTEGER
                    );
                    CREATE TABLE graph_minute (minute INTEGER PRIMARY KEY, graph BLOB NOT NULL);
                    """)
        }
        return migrator
    }

    // MARK: trace rows

    private static let rowColumns = """
        number, id, start_time, trace_start, trace_end, duration, root_start, root_duration, root_status,
        http_status, http_method, http_url, client_ip, user_agent, has_fault, has_error, has_throttle, is_partial,
        has_inferred, revision, terms
        """

    /// Every trace row, through SQLite's own API: no row object is made for each of a million
    /// rows, and texts are interned from their bytes.
    static func readRows(_ db: Database, numbers: ClosedRange<Int64>, texts: inout TextPool) throws -> [TraceRow] {
        let statement = try db.makeStatement(sql: "SELECT \(rowColumns) FROM trace WHERE number BETWEEN ? AND ?")
        try statement.setArguments([numbers.lowerBound, numbers.upperBound])
        let handle = statement.sqliteStatement
        var rows: [TraceRow] = []
        rows.reserveCapacity(
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM trace WHERE number BETWEEN ? AND ?",
                arguments: [numbers.lowerBound, numbers.upperBound]) ?? 0)
        func double(_ column: Int32) -> Double {
            sqlite3_column_type(handle, column) == SQLITE_NULL ? .nan : sqlite3_column_double(handle, column)
        }
        func text(_ column: Int32) -> String? {
            guard let bytes = sqlite3_column_text(handle, column) else { return nil }
            return String(cString: bytes)
        }
        func interned(_ column: Int32) -> UInt32 {
            guard let bytes = sqlite3_column_text(handle, column) else { return 0 }
            return texts.id(
                utf8: UnsafeRawBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column))))
        }
        while true {
            let status = sqlite3_step(handle)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: status)) }
            var flags: TraceRow.Flags = []
            if sqlite3_column_int(handle, 14) != 0 { flags.insert(.fault) }
            if sqlite3_column_int(handle, 15) != 0 { flags.insert(.error) }
            if sqlite3_column_int(handle, 16) != 0 { flags.insert(.throttle) }
            if sqlite3_column_int(handle, 17) != 0 { flags.insert(.partial) }
            if sqlite3_column_int(handle, 18) != 0 { flags.insert(.inferredNode) }
            if let status = text(8).flatMap(StatusClass.init(rawValue:)) {
                flags.insert(.hasRoot)
                let index = SpanState(status: status, partial: false, inferred: false, root: false).index
                if index & 1 != 0 { flags.insert(.rootStatusLow) }
                if index & 2 != 0 { flags.insert(.rootStatusHigh) }
            }
            var terms: [UInt32] = []
            let count = Int(sqlite3_column_bytes(handle, 20)) / 4
            if count > 0, let blob = sqlite3_column_blob(handle, 20) {
                let raw = UnsafeRawBufferPointer(start: blob, count: count * 4)
                terms = (0..<count).map {
                    UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))
                }
            }
            rows.append(
                TraceRow(
                    id: text(1) ?? "", number: sqlite3_column_int64(handle, 0), start: double(2),
                    traceStart: double(3), traceEnd: double(4), duration: double(5), rootStart: double(6),
                    rootDuration: double(7),
                    httpStatus: sqlite3_column_type(handle, 9) == SQLITE_NULL ? -1 : sqlite3_column_int(handle, 9),
                    flags: flags, revision: sqlite3_column_int(handle, 19), method: interned(10), url: interned(11),
                    clientIP: interned(12), userAgent: interned(13),
                    terms: terms))
        }
        return rows
    }

    // MARK: terms

    static func readTerms(_ db: Database) throws -> [Term] {
        try Row.fetchAll(db, sql: "SELECT kind, name, type, to_name, to_type, number, states FROM term ORDER BY id")
            .map { row in
                let name: String = row["name"] ?? ""
                let type: String? = row["type"]
                let key = ServiceKey(name: name, type: type)
                let states = UInt32(truncatingIfNeeded: (row["states"] as Int64?) ?? 0)
                switch row["kind"] as String {
                case "user": return .user(name)
                case "service": return .service(key)
                case "annotation":
                    let value: AnnotationValue =
                        if let text = type { .string(text) } else if let number = row["number"] as Double? {
                            .number(number)
                        } else { .bool(states != 0) }
                    return .annotation(key: name, value: value)
                case "zone": return .availabilityZone(name)
                case "instance": return .instance(name)
                case "arn": return .resourceARN(name)
                case "node": return .node(key, states: states)
                default:
                    return .edge(
                        from: key, to: ServiceKey(name: row["to_name"] ?? "", type: row["to_type"]), states: states)
                }
            }
    }

    private static func termArguments(_ id: UInt32, _ term: Term) -> StatementArguments {
        var kind = "", name: String?, type: String?, toName: String?, toType: String?, number: Double?
        var states: Int64?
        switch term {
        case .user(let value): (kind, name) = ("user", value)
        case .service(let key): (kind, name, type) = ("service", key.name, key.type)
        case .annotation(let key, let value):
            (kind, name) = ("annotation", key)
            switch value {
            case .string(let text): type = text
            case .number(let value): number = value
            case .bool(let flag): states = flag ? 1 : 0
            }
        case .availabilityZone(let value): (kind, name) = ("zone", value)
        case .instance(let value): (kind, name) = ("instance", value)
        case .resourceARN(let value): (kind, name) = ("arn", value)
        case .node(let key, let mask): (kind, name, type, states) = ("node", key.name, key.type, Int64(mask))
        case .edge(let from, let to, let mask):
            (kind, name, type, toName, toType, states) = ("edge", from.name, from.type, to.name, to.type, Int64(mask))
        }
        return [Int64(id), kind, name, type, toName, toType, number, states]
    }

    // MARK: writing

    /// `bodies` are the batch's documents, compressed (in the same order).
    static func write(_ batch: WriteBatch, bodies: [Data], _ db: Database) throws {
        if !batch.deletions.isEmpty {
            let deleteTrace = try db.cachedStatement(sql: "DELETE FROM trace WHERE number = ?")
            let deleteDocuments = try db.cachedStatement(sql: "DELETE FROM document WHERE trace = ?")
            for number in batch.deletions {
                try deleteTrace.execute(arguments: [number])
                try deleteDocuments.execute(arguments: [number])
            }
        }
        let term = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO term (id, kind, name, type, to_name, to_type, number, states) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        for (id, value) in batch.terms { try term.execute(arguments: termArguments(id, value)) }
        var trace = try RawStatement(
            db,
            "INSERT OR REPLACE INTO trace (\(rowColumns), response_time) VALUES ("
                + Array(repeating: "?", count: 22).joined(separator: ", ") + ")")
        for stored in batch.rows { try insert(stored, with: &trace) }
        var document = try RawStatement(db, "INSERT OR REPLACE INTO document (trace, id, body) VALUES (?, ?, ?)")
        for (row, body) in zip(batch.documents, bodies) {
            document.bind(row.trace)
            document.bind(row.id)
            document.bind(body)
            try document.step()
        }
        let graph = try db.cachedStatement(sql: "INSERT OR REPLACE INTO graph_minute (minute, graph) VALUES (?, ?)")
        let dropGraph = try db.cachedStatement(sql: "DELETE FROM graph_minute WHERE minute = ?")
        for (minute, builder) in batch.graphs {
            if let builder {
                try graph.execute(arguments: [minute, builder.encoded()])
            } else {
                try dropGraph.execute(arguments: [minute])
            }
        }
    }

    /// A trace row, in the order of `rowColumns` and then `response_time`.
    private static func insert(_ stored: WriteBatch.Row, with statement: inout RawStatement) throws {
        let row = stored.row
        func optional(_ value: Double) -> Double? { value.isNaN ? nil : value }
        var terms = Data(capacity: row.terms.count * 4)
        for id in row.terms { withUnsafeBytes(of: id.littleEndian) { terms.append(contentsOf: $0) } }
        statement.bind(row.number)
        statement.bind(row.id)
        statement.bind(row.start)
        statement.bind(row.traceStart)
        statement.bind(row.traceEnd)
        statement.bind(optional(row.duration))
        statement.bind(optional(row.rootStart))
        statement.bind(optional(row.rootDuration))
        statement.bind(row.rootStatus?.rawValue)
        if row.httpStatus < 0 { statement.bind(nil as Double?) } else { statement.bind(Int64(row.httpStatus)) }
        statement.bind(stored.method)
        statement.bind(stored.url)
        statement.bind(stored.clientIP)
        statement.bind(stored.userAgent)
        for flag in [TraceRow.Flags.fault, .error, .throttle, .partial, .inferredNode] {
            statement.bind(row.flags.contains(flag) ? 1 : 0)
        }
        statement.bind(Int64(row.revision))
        statement.bind(terms)
        statement.bind(row.responseTime)
        try statement.step()
    }
}
