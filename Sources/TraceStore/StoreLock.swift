#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An advisory `flock` on `PATH.lock`, holding the owner's pid, so a second xray-tui on the
/// same database fails at once with a message instead of two writers interleaving. The lock
/// goes with the process, so a `kill -9` never leaves a stale one; the file itself stays
/// (removing it would let a third process lock a new file while a second holds the old one).
struct StoreLock: Sendable {
    let path: String
    private let descriptor: Int32

    static func acquire(for databasePath: String) throws(StoreError) -> StoreLock {
        let path = databasePath + ".lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StoreError.io(databasePath, "create the lock file for", "\(path): \(errorText())")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = errorText()
            let holder = busy ? readPID(descriptor) : nil
            close(descriptor)
            if busy { throw StoreError.locked(databasePath, lockFile: path, pid: holder) }
            throw StoreError.io(databasePath, "lock", "\(path): \(reason)")
        }
        let pid = Array("\(getpid())\n".utf8)
        if ftruncate(descriptor, 0) == 0 {
            _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        }
        return StoreLock(path: path, descriptor: descriptor)
    }

    /// Unlocks explicitly before closing: a child process forked at that moment (any test or
    /// tool spawning a process) shares the descriptor until it execs, and closing ours alone
    /// would leave the lock held by the child's copy.
    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    private static func readPID(_ descriptor: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self).filter(\.isNumber)
        return text.isEmpty ? nil : text
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
