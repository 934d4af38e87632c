import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Names the calling thread for `top -H`, `ps -L` and perf (at most 15 bytes are kept).
/// Foundation's `Thread.name` did not always reach the system on Linux: set from the new
/// thread, one of two kept the name of the thread that made it; set before `start()`, none
/// took it. The thread's own `comm` file does, and costs nothing when it fails.
enum ThreadName {
    static func set(_ name: String) {
        let descriptor = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        _ = name.withCString { write(descriptor, $0, strlen($0)) }
    }
}
