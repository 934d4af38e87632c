/// Why the database could not be opened or written. The message names the file and says what
/// to do, because it is what a user sees when `xray-tui collect` refuses to start.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Another process holds the lock file.
        case locked
        /// Not SQLite, or SQLite that is damaged.
        case corrupt
        /// A SQLite database that some other program made.
        case notAStore
        /// Made by a newer xray-tui whose schema this one does not know.
        case newerVersion
        /// SQLITE_FULL: the documents stay in memory and are written later.
        case diskFull
        /// Anything else SQLite or the file system reported.
        case io
    }

    public let kind: Kind
    /// The database file.
    public let path: String
    public let description: String

    init(_ kind: Kind, path: String, _ description: String) {
        self.kind = kind
        self.path = path
        self.description = description
    }

    static func locked(_ path: String, lockFile: String, pid: String?) -> StoreError {
        let holder = pid.map { "another xray-tui (pid \($0))" } ?? "another xray-tui"
        return StoreError(
            .locked, path: path,
            "\(path) is in use by \(holder), which holds \(lockFile); stop it, or use another database file")
    }

    static func corrupt(_ path: String, _ detail: String) -> StoreError {
        StoreError(
            .corrupt, path: path,
            "\(path) is not an xray-tui database or is corrupt (\(detail)); it was left untouched: "
                + "move it aside or choose another file to start a new store")
    }

    static func notAStore(_ path: String) -> StoreError {
        StoreError(
            .notAStore, path: path,
            "\(path) is a SQLite database but not an xray-tui database; it was left untouched: choose another file")
    }

    static func newerVersion(_ path: String) -> StoreError {
        StoreError(
            .newerVersion, path: path,
            "\(path) was written by a newer xray-tui; it was left untouched: use that version, or another file")
    }

    static func diskFull(_ path: String, pending: Int) -> StoreError {
        StoreError(
            .diskFull, path: path,
            "cannot write to \(path): the disk is full; \(pending) documents are kept in memory "
                + "and will be written when space is freed")
    }

    static func io(_ path: String, _ doing: String, _ detail: String) -> StoreError {
        StoreError(
            .io, path: path,
            "cannot \(doing) \(path): \(detail); check that the file and its directory exist and are writable")
    }
}
