import Foundation
import Testing
import XRayModel

/// The byte searches file readers and the datagram split run on every line: they must agree
/// with Foundation's generic searches, also on slices whose indices do not start at zero.
struct DataSearchTests {
    @Test(arguments: [
        ("", "resourceSpans", 256),
        ("resourceSpans", "resourceSpans", 256),
        ("{\"resourceSpans\":[]}", "resourceSpans", 256),
        ("{\"resourceSpans\":[]}", "resourceSpans", 14),
        ("{\"resourceSpans\":[]}", "resourceSpans", 15),
        ("rrresourceSpan", "resourceSpans", 256),
        ("xxresourceSpansxx", "resourceSpans", 256),
        ("{\"Traces\":[]}", "\"Traces\"", 64),
        ("{\"Trace\":[]}", "\"Traces\"", 64),
    ])
    func prefixContainsAgreesWithRangeOf(_ text: String, _ needle: StaticString, _ limit: Int) {
        let padded = Data(("ab" + text).utf8)
        let slice = padded.dropFirst(2)
        #expect(slice.startIndex == 2)
        let expected = slice.prefix(limit).range(of: Data(needle.description.utf8)) != nil
        #expect(slice.prefix(limit, contains: needle) == expected, "\(text) / \(limit)")
        #expect(Data(text.utf8).prefix(limit, contains: needle) == expected)
    }

    @Test func offsetsAreRelativeToTheSlice() {
        let data = Data("xx{\"format\":\"json\"}\n{}".utf8).dropFirst(2)
        #expect(data.offset(of: UInt8(ascii: "\n")) == 17)
        #expect(data.offset(of: UInt8(ascii: "?")) == nil)
        #expect(Data().offset(of: 0) == nil)
        #expect(Data(" \t{ }\r\n".utf8).trimmedOffsets() == 2...4)
        #expect(Data(" \n\t".utf8).trimmedOffsets() == nil)
        #expect(Data().trimmedOffsets() == nil)
    }

    @Test func slicesParseAsTheirOwnBytes() throws {
        let line =
            #"{"trace_id":"1-5f84c7a1-1234567890abcdef12345678","id":"0123456789abcdef","name":"a","start_time":1,"end_time":2}"#
        let padded = Data(("  garbage\n  " + line + "  \n").utf8)
        let slice = padded.dropFirst(12)
        let parsed = try DocumentParser.parse(slice).get()
        #expect(parsed.raw == line)
        let datagram = Data(("xx" + DaemonDatagram.header + "\n" + line).utf8).dropFirst(2)
        #expect(try DaemonDatagram.parse(datagram).get().id == "0123456789abcdef")
    }
}
