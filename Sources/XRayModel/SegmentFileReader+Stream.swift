import Dispatch
import Foundation

extension SegmentFileReader {
    /// Reads files as `read(path:)` does, but hands the documents over a batch at a time, so a
    /// recording of gigabytes is imported in bounded memory. NDJSON is read in blocks and each
    /// block's lines are parsed on every core (the order of documents is kept); a file that
    /// is one JSON document is read whole.
    public static func stream(
        path: String, blockBytes: Int = 16 << 20, _ body: (Contents) async throws -> Void
    ) async throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ReadError.notFound(path)
        }
        guard isDirectory.boolValue else { return try await streamFile(path, blockBytes: blockBytes, body) }
        let names = try FileManager.default.contentsOfDirectory(atPath: path)
            .filter { [".json", ".ndjson", ".jsonl"].contains(where: $0.hasSuffix) }
            .sorted()
        for name in names { try await streamFile(path + "/" + name, blockBytes: blockBytes, body) }
    }

    private static func streamFile(
        _ path: String, blockBytes: Int, _ body: (Contents) async throws -> Void
    ) async throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ReadError.unreadable(path, "cannot open")
        }
        defer { try? handle.close() }
        var pending = Data()
        var lineNumber = 0
        var checkedFormat = false
        while true {
            let block: Data
            do {
                block = try handle.read(upToCount: blockBytes) ?? Data()
            } catch {
                throw ReadError.unreadable(path, error.localizedDescription)
            }
            pending.append(block)
            let atEnd = block.isEmpty
            // Whole lines only, until the end of the file.
            guard let cut = atEnd ? pending.endIndex : pending.lastIndex(of: UInt8(ascii: "\n")).map({ $0 + 1 }) else {
                continue
            }
            let lines = Data(pending[pending.startIndex..<cut])
            pending = Data(pending[cut...])
            let ranges = lineRanges(of: lines)
            if !checkedFormat, let first = ranges.first(where: { !isBlank(lines[$0]) }) {
                checkedFormat = true
                if (try? JSONSerialization.jsonObject(with: Data(lines[first]))) == nil {
                    // One pretty-printed document: read the whole file the usual way.
                    var contents = Contents()
                    try readFile(path, into: &contents)
                    return try await body(contents)
                }
            }
            var contents = parseLines(lines, ranges: ranges, firstLineNumber: lineNumber + 1, name: path)
            lineNumber += ranges.count
            if atEnd { contents.files = [path] }
            try await body(contents)
            if atEnd { return }
        }
    }

    /// The lines of a block, parsed in slices on every core and put back in order.
    static func parseLines(_ data: Data, ranges: [Range<Data.Index>], firstLineNumber: Int, name: String) -> Contents {
        let slices = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 2, ranges.count / 256))
        let results = SliceResults(count: slices)
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            var contents = Contents()
            let lower = ranges.count * slice / slices
            let upper = ranges.count * (slice + 1) / slices
            for index in lower..<upper where !isBlank(data[ranges[index]]) {
                readLine(data[ranges[index]], location: "\(name):\(firstLineNumber + index)", into: &contents)
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
