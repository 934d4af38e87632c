import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension SegmentFileReader {
    /// Reads files as `read(path:)` does, but hands the documents over a batch at a time, so a
    /// recording of gigabytes is imported in bounded memory. NDJSON is read in blocks and each
    /// block's lines are parsed on every core (the order of documents is kept); a file that
    /// is one JSON document is read whole.
    public static func stream(
        path: String, blockBytes: Int = 16 << 20, translator: LineTranslator? = nil,
        _ body: (Contents) async throws -> Void
    ) async throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ReadError.notFound(path)
        }
        guard isDirectory.boolValue else {
            return try await streamFile(path, blockBytes: blockBytes, translator, body)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: path)
            .filter { [".json", ".ndjson", ".jsonl"].contains(where: $0.hasSuffix) }
            .sorted()
        for name in names { try await streamFile(path + "/" + name, blockBytes: blockBytes, translator, body) }
    }

    private static func streamFile(
        _ path: String, blockBytes: Int, _ translator: LineTranslator?, _ body: (Contents) async throws -> Void
    ) async throws {
        let file = open(path, O_RDONLY)
        guard file >= 0 else { throw ReadError.unreadable(path, String(cString: strerror(errno))) }
        defer { close(file) }
        // One buffer for the whole file: a block is read after the incomplete line the last
        // one ended with, parsed where it lies, and the next read reuses the memory (fresh
        // blocks and copies of them cost as much as parsing once memory was busy). It doubles
        // for a line longer than a block.
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(blockBytes, 1), alignment: 8)
        defer { buffer.deallocate() }
        var filled = 0
        var lineNumber = 0
        var checkedFormat = false
        while true {
            var atEnd = false
            while filled < buffer.count {
                let count = Glibc.read(file, buffer.baseAddress! + filled, buffer.count - filled)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw ReadError.unreadable(path, String(cString: strerror(errno)))
                }
                if count == 0 {
                    atEnd = true
                    break
                }
                filled += count
            }
            // Whole lines only, until the end of the file.
            let cut: Int
            if atEnd {
                cut = filled
            } else if let newline = UnsafeRawBufferPointer(rebasing: buffer[..<filled]).lastIndex(of: 0x0A) {
                cut = newline + 1
            } else {
                let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 8)
                larger.copyMemory(from: UnsafeRawBufferPointer(buffer))
                buffer.deallocate()
                buffer = larger
                continue
            }
            // Borrowed, not copied: parsing copies what it keeps.
            let lines = Data(bytesNoCopy: buffer.baseAddress!, count: cut, deallocator: .none)
            let ranges = lineRanges(of: lines)
            if !checkedFormat, let first = ranges.first(where: { !isBlank(lines[$0]) }) {
                checkedFormat = true
                if (try? JSONSerialization.jsonObject(with: Data(lines[first]))) == nil {
                    // One pretty-printed document: read the whole file the usual way.
                    var contents = Contents()
                    try readFile(path, into: &contents, translator)
                    return try await body(contents)
                }
            }
            var contents = parseLines(lines, ranges: ranges, firstLineNumber: lineNumber + 1, name: path, translator)
            lineNumber += ranges.count
            if atEnd { contents.files = [path] }
            try await body(contents)
            if atEnd { return }
            filled -= cut
            if filled > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + cut, filled) }
        }
    }

    /// The lines of a block, parsed in slices on every core and put back in order.
    static func parseLines(
        _ data: Data, ranges: [Range<Data.Index>], firstLineNumber: Int, name: String, _ translator: LineTranslator?
    ) -> Contents {
        let slices = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 2, ranges.count / 256))
        let results = SliceResults(count: slices)
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            var contents = Contents()
            let lower = ranges.count * slice / slices
            let upper = ranges.count * (slice + 1) / slices
            for index in lower..<upper where !isBlank(data[ranges[index]]) {
                readLine(
                    data[ranges[index]], location: "\(name):\(firstLineNumber + index)", into: &contents, translator)
            }
            results.set(slice, contents)
        }
        var merged = Contents()
        for contents in results.all {
            merged.documents += contents.documents
            merged.problems += contents.problems
        }
        return merged
    }
}

/// Each slice writes its own element, once; read after every slice is done.
private final class SliceResults: @unchecked Sendable {
    private var results: [SegmentFileReader.Contents]
    private let lock = NSLock()

    init(count: Int) { results = Array(repeating: .init(), count: count) }

    func set(_ index: Int, _ contents: SegmentFileReader.Contents) {
        lock.lock()
        results[index] = contents
        lock.unlock()
    }

    var all: [SegmentFileReader.Contents] { results }
}
