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
        // glibc's malloc would leave jemalloc's count where it was. No await in between: the
        // count is this thread's.
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

    /// jemalloc's count of the bytes the calling thread has allocated so far. The process-wide
    /// count (`stats.allocated`) also falls when other tests, running beside this one, free
    /// memory: it once came out 992 bytes short of the block in CI.
    private static func allocatedBytes() throws -> Int {
        var allocated: UInt64 = 0
        var size = MemoryLayout<UInt64>.size
        guard mallctl("thread.allocated", &allocated, &size, nil, 0) == 0 else {
            throw InteropError.failed("mallctl(\"thread.allocated\") failed")
        }
        return Int(allocated)
    }
}
