import Foundation
import Testing

@testable import XRayModel

/// `SegmentFileReader.stream` (what `import` reads files with) must hand over the same
/// documents and problems as reading the file whole, whatever the block size: blocks smaller
/// than a line, a last line without a newline, blank lines, a bad line in the middle.
@Suite struct SegmentFileStreamTests {
    static func document(_ index: Int) -> String {
        let id = String(format: "%016x", 0xA000_0000 + index)
        return
            #"{"id":"\#(id)","trace_id":"1-5f000000-\#(String(format: "%024x", index))","name":"s\#(index)","start_time":\#(index),"end_time":\#(index + 1)}"#
    }

    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString).ndjson")
            .path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func streamed(_ path: String, blockBytes: Int) async throws -> SegmentFileReader.Contents {
        var all = SegmentFileReader.Contents()
        try await SegmentFileReader.stream(path: path, blockBytes: blockBytes) { contents in
            all.documents += contents.documents
            all.problems += contents.problems
            all.files += contents.files
        }
        return all
    }

    @Test(arguments: [16, 100, 1_000, 1 << 20])
    func blocksOfAnySizeGiveWhatAWholeReadGives(_ blockBytes: Int) async throws {
        var lines = (0..<200).map(Self.document)
        lines[57] = "{not json"
        lines.insert("", at: 120)
        // The last line has no newline.
        let path = try Self.write(lines.joined(separator: "\n"))
        defer { try? FileManager.default.removeItem(atPath: path) }

        let whole = try SegmentFileReader.read(path: path)
        let streamed = try await Self.streamed(path, blockBytes: blockBytes)
        #expect(streamed.documents.count == 199)
        #expect(streamed.documents == whole.documents)
        #expect(streamed.problems == whole.problems)
        #expect(streamed.problems.map(\.location) == ["\(path):58"])
        #expect(streamed.files == [path])
    }

    @Test func aPrettyPrintedDocumentIsReadWhole() async throws {
        let pretty = Self.document(1).replacingOccurrences(of: ",", with: ",\n  ")
        let path = try Self.write(pretty + "\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let streamed = try await Self.streamed(path, blockBytes: 16)
        #expect(streamed.documents.map(\.id) == ["00000000a0000001"])
        #expect(streamed.problems.isEmpty)
    }

    @Test func aMissingFileIsNamed() async {
        await #expect(throws: SegmentFileReader.ReadError.self) {
            _ = try await Self.streamed("/nonexistent/traces.ndjson", blockBytes: 1 << 20)
        }
    }
}
