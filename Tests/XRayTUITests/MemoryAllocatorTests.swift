import CJemalloc
import Foundation
import InteropSupport
import MemoryAllocator
import Testing

/// The programs run on jemalloc (issue 18: the collector stored more a second with it than with
/// glibc's malloc): linked, serving the process's allocations, and named where the collector starts.
@Suite("Memory allocator")
struct MemoryAllocatorTests {
    @Test func mallocInThisProcessIsServedByJemalloc() throws {
        #expect(MemoryAllocator.name.wholeMatch(of: /jemalloc \d+\.\d+\.\d+/) != nil, "\(MemoryAllocator.name)")
        let before = try Self.allocatedBytes()
        let size = 64 << 20
        let block = try #require(malloc(size))
        defer { free(block) }
        memset(block, 1, size)
        let after = try Self.allocatedBytes()
        // glibc's malloc would leave jemalloc's count where it was.
        #expect(after - before >= size, "jemalloc counted \(after - before) bytes more after malloc(\(size))")
    }

    @Test(.timeLimit(.minutes(3)))
    func theCollectorNamesItsAllocatorWhenItStarts() async throws {
        let result = try await offPool { () throws -> Command.Result in
            let collector = try CollectorProcess(database: ":memory:")
            try collector.waitUntilReady()
            collector.command.stop()
            return collector.command.finish()
        }
        #expect(result.stderr.contains("; memory allocator jemalloc "), "\(result.stderr)")
    }

    /// jemalloc's count of the bytes it has handed out and not taken back, refreshed first (its
    /// statistics are a snapshot taken at each `epoch`).
    private static func allocatedBytes() throws -> Int {
        var epoch: UInt64 = 1
        guard mallctl("epoch", nil, nil, &epoch, MemoryLayout<UInt64>.size) == 0 else {
            throw InteropError.failed("mallctl(\"epoch\") failed")
        }
        var allocated = 0
        var size = MemoryLayout<Int>.size
        guard mallctl("stats.allocated", &allocated, &size, nil, 0) == 0 else {
            throw InteropError.failed("mallctl(\"stats.allocated\") failed")
        }
        return allocated
    }
}
