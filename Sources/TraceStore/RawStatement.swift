import Foundation
import GRDB
import GRDBSQLite

/// A prepared statement run through SQLite's own API: values bound in place, no argument
/// array boxed per row. For the inserts of a write, which run once per trace and document.
struct RawStatement {
    private let statement: Statement
    private var handle: OpaquePointer { statement.sqliteStatement }
    private var column: Int32 = 0

    init(_ db: Database, _ sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
    }

    /// SQLite copies what is bound: the Swift value may go away before the step.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    mutating func bind(_ value: Int64) {
        column += 1
        sqlite3_bind_int64(handle, column, value)
    }

    mutating func bind(_ value: Double?) {
        column += 1
        if let value { sqlite3_bind_double(handle, column, value) } else { sqlite3_bind_null(handle, column) }
    }

    mutating func bind(_ value: String?) {
        column += 1
        guard var value else { return _ = sqlite3_bind_null(handle, column) }
        value.withUTF8 { text in
            _ = sqlite3_bind_text(handle, column, text.baseAddress, Int32(text.count), Self.transient)
        }
    }

    mutating func bind(_ value: Data) {
        column += 1
        value.withUnsafeBytes { bytes in
            _ = sqlite3_bind_blob(handle, column, bytes.baseAddress, Int32(bytes.count), Self.transient)
        }
    }

    /// Runs the statement with what was bound, then makes it ready for the next values.
    mutating func step() throws {
        let status = sqlite3_step(handle)
        column = 0
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        guard status == SQLITE_DONE else {
            let database = sqlite3_db_handle(handle)
            throw DatabaseError(
                resultCode: ResultCode(rawValue: status), message: database.map { String(cString: sqlite3_errmsg($0)) },
                sql: statement.sql)
        }
    }
}
