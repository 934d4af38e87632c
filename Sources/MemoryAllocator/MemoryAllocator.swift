#if canImport(CJemalloc)
    import CJemalloc
#endif

/// The allocator this process runs on. On Linux the programs link jemalloc, which then serves
/// every malloc in the process (Swift's objects included); naming it where the collector starts
/// and in the benchmarks' output also keeps the library linked (a linker drops a library that
/// nothing calls).
public enum MemoryAllocator {
    public static var name: String {
        #if canImport(CJemalloc)
            var version: UnsafePointer<CChar>? = nil
            var size = MemoryLayout<UnsafePointer<CChar>?>.size
            guard mallctl("version", &version, &size, nil, 0) == 0, let version else { return "jemalloc" }
            // "5.3.0-0-g54eaed1d…": the release, without the commit.
            return "jemalloc " + String(String(cString: version).prefix { $0 != "-" })
        #else
            return "the system's malloc"
        #endif
    }
}
