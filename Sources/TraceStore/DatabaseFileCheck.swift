import Foundation

/// What a file's first bytes say about it, read before SQLite is let near it: SQLite would
/// switch a foreign database to WAL (a write) before any query could tell it is not ours, and
/// nothing that fails to open as an xray-tui database may be changed.
enum DatabaseFileCheck: Equatable {
    /// No file, or an empty one: a new store.
    case new
    /// SQLite with the xray-tui application id in its header.
    case store
    /// SQLite in WAL mode without an application id yet: a new store whose first commit is
    /// still in the `-wal` file (the header is updated at checkpoints), or someone else's
    /// database. A query through SQLite decides.
    case unconfirmed

    /// `PRAGMA application_id`: "xray" in ASCII.
    static let applicationID: Int32 = 0x7872_6179

    static func inspect(_ path: String) throws(StoreError) -> DatabaseFileCheck {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .new }
        if isDirectory.boolValue { throw StoreError.io(path, "open", "it is a directory") }
        let header: Data
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            header = try handle.read(upToCount: 100) ?? Data()
        } catch {
            throw StoreError.io(path, "read", String(describing: error))
        }
        if header.isEmpty { return .new }
        let bytes = [UInt8](header)
        guard bytes.count == 100, bytes.starts(with: Array("SQLite format 3\0".utf8)) else {
            throw StoreError.corrupt(path, "no SQLite header")
        }
        let application = bytes[68..<72].reduce(Int32(0)) { $0 << 8 | Int32($1) }
        if application == applicationID { return .store }
        let isWAL = bytes[18] == 2 && bytes[19] == 2
        if application == 0 && isWAL { return .unconfirmed }
        throw StoreError.notAStore(path)
    }
}
