import Foundation

/// Segment documents a stranger could send, for the tests that check nothing crashes, every
/// refusal is counted and no byte of it reaches a terminal raw. `accepted` are valid documents
/// with hostile text and shapes in them; `refused` must each be refused with a reason.
public enum HostileCorpus {
    /// Escape sequences (OSC 0 would retitle the window, CSI recolour), raw C1 (U+009B is an
    /// 8-bit CSI), DEL, bidi overrides and isolates, a zero-width joiner and a NUL, as JSON
    /// escapes; `raw` is the same with the non-ASCII ones as raw UTF-8 in the JSON text.
    public static let nasty =
        #"\u001b]0;PWNED\u0007\u001b[31mred\u001b[0m\u009b2J\u007f\u202eevil\u2066\u200d\u0000end"#
    public static let raw = "\\u001b]0;PWNED\\u0007 \u{9B}2J \u{7F} \u{202E}evil\u{2066} \u{200D} \u{85}end"

    public static let traceID = "1-5f2b3c4d-00112233445566778899aabb"
    public static let cycleTrace = "1-5f2b3c4e-00112233445566778899aabb"
    public static let crowdTrace = "1-5f2b3c4f-00112233445566778899aabb"

    /// The hostile but valid documents. `crowd` standalone subsegments claim one parent.
    public static func accepted(crowd: Int = 10_000) -> [String] {
        var documents: [String] = []
        for (index, text) in [nasty, raw].enumerated() {
            let id = String(format: "%016x", 0xA0 + index)
            documents.append(
                #"{"trace_id":"\#(traceID)","id":"\#(id)","name":"svc\#(text)","start_time":1796000000,"end_time":1796000001,"#
                    + #""http":{"request":{"method":"GET\#(text)","url":"http://h/\#(text)","client_ip":"10.0.0.\#(index)\#(text)","user_agent":"\#(text)"},"response":{"status":500}},"#
                    + #""user":"\#(text)","fault":true,"annotations":{"k\#(index)":"\#(text)"},"metadata":{"ns\#(text)":{"key\#(text)":"\#(text)"}},"#
                    + #""cause":{"exceptions":[{"id":"e\#(index)","type":"\#(text)","message":"\#(text)","stack":[{"path":"\#(text)","line":1,"label":"\#(text)"}]}]},"#
                    + #""subsegments":[{"id":"\#(String(format: "%016x", 0xB0 + index))","name":"db\#(text)","start_time":1796000000.1,"end_time":1796000000.2,"namespace":"remote","#
                    + #""sql":{"sanitized_query":"SELECT \#(text)","url":"\#(text)"},"aws":{"operation":"\#(text)","table_name":"\#(text)"}}]}"#
            )
        }
        // A 60 KiB annotation, nesting 500 deep in metadata.
        let big = String(repeating: "x", count: 60_000)
        let deep = String(repeating: #"{"a":"#, count: 500) + "1" + String(repeating: "}", count: 500)
        documents.append(
            #"{"trace_id":"\#(traceID)","id":"00000000000000c1","name":"big","start_time":1796000002,"end_time":1796000003,"annotations":{"big":"\#(big)"}}"#
        )
        documents.append(
            #"{"trace_id":"\#(traceID)","id":"00000000000000c2","name":"deep","start_time":1796000002,"end_time":1796000003,"metadata":{"default":\#(deep)}}"#
        )
        // Subsegments nested as deep as a document may nest (each level is an array and an
        // object; 512 levels in all): both decoders recurse through every level.
        documents.append(nestedSubsegments(254, bottom: ""))
        // Times at the edges: the epoch, the far future, and an end before... nothing (equal).
        documents.append(
            #"{"trace_id":"1-00000001-00112233445566778899aabb","id":"00000000000000c3","name":"past","start_time":0.000001,"end_time":0.000002}"#
        )
        documents.append(
            #"{"trace_id":"1-ffffffff-00112233445566778899aabb","id":"00000000000000c4","name":"future","start_time":9999999999,"end_time":9999999999.5}"#
        )
        // The same id twice in one trace, with different contents (the later one replaces).
        for name in ["first", "second"] {
            documents.append(
                #"{"trace_id":"\#(traceID)","id":"00000000000000c5","name":"\#(name)","start_time":1796000004,"end_time":1796000005}"#
            )
        }
        // A parent_id cycle: two subsegments each the other's parent, and a segment its own.
        documents.append(
            #"{"type":"subsegment","trace_id":"\#(cycleTrace)","id":"00000000000000d1","parent_id":"00000000000000d2","name":"a","start_time":1796000000,"end_time":1796000001}"#
        )
        documents.append(
            #"{"type":"subsegment","trace_id":"\#(cycleTrace)","id":"00000000000000d2","parent_id":"00000000000000d1","name":"b","start_time":1796000000,"end_time":1796000001}"#
        )
        documents.append(
            #"{"trace_id":"\#(cycleTrace)","id":"00000000000000d3","parent_id":"00000000000000d3","name":"self","start_time":1796000000,"end_time":1796000001}"#
        )
        documents.append(
            #"{"trace_id":"\#(crowdTrace)","id":"00000000000000e0","name":"parent","start_time":1796000000,"end_time":1796000010}"#
        )
        for index in 0..<crowd {
            documents.append(
                #"{"type":"subsegment","trace_id":"\#(crowdTrace)","id":"\#(String(format: "%016x", 0x1000 + index))","parent_id":"00000000000000e0","name":"child","start_time":1796000001,"end_time":1796000002}"#
            )
        }
        return documents
    }

    /// Documents that must be refused, each with the reason's label the collector counts.
    public static let refused: [(document: Data, reason: String)] = {
        let header = #"{"trace_id":"\#(traceID)","id":"00000000000000f1","#
        var cases: [(String, String)] = [
            (#"{"trace_id":"\#(traceID)","id":"00000000000000f0","name":"cut""#, "not_json"),
            (header + #""name":5,"start_time":1796000000,"end_time":1796000001}"#, "wrong_type"),
            (header + #""name":"a","start_time":"soon","end_time":1796000001}"#, "wrong_type"),
            (header + #""name":"a","start_time":1796000000,"end_time":1796000001,"http":"x"}"#, "wrong_type"),
            (header + #""name":"a","start_time":1796000000,"end_time":1796000001,"annotations":[]}"#, "wrong_type"),
            (header + #""name":"a","start_time":1796000000,"end_time":1796000001,"subsegments":{}}"#, "wrong_type"),
            (header + #""name":"a","start_time":NaN,"end_time":1796000001}"#, "not_json"),
            (header + #""name":"a","start_time":1e400,"end_time":1e400}"#, "wrong_type"),
            (
                header
                    + #""name":"\#(String(repeating: "n", count: 300))","start_time":1796000000,"end_time":1796000001}"#,
                "name_too_long"
            ),
            (
                header
                    + #""name":"a","start_time":1796000000,"end_time":1796000001,"x":"\#(String(repeating: "y", count: 70_000))"}"#,
                "too_large"
            ),
            (String(repeating: "[", count: 9000), "not_json"),
            // As deep as may be, with a fault at the bottom: named by the decoder from a tape.
            (nestedSubsegments(254, bottom: #","http":{"response":{"status":{}}}"#), "wrong_type"),
            (#"{"id":"00000000000000f2","name":"a","start_time":1,"end_time":2}"#, "missing_field"),
            (#"{"trace_id":"nope","id":"00000000000000f3","name":"a","start_time":1,"end_time":2}"#, "bad_trace_id"),
            (header + #""name":"a","start_time":1796000001,"end_time":1796000000}"#, "end_before_start"),
            ("", "empty_document"),
        ]
        var result = cases.map { (Data($0.0.utf8), $0.1) }
        // Invalid UTF-8 and a raw NUL inside a string.
        result.append(
            (
                Data((header + #""name":"a"#).utf8) + Data([0xFF, 0xFE])
                    + Data(#"","start_time":1,"end_time":2}"#.utf8), "not_json"
            ))
        result.append(
            (
                Data((header + #""name":"a"#).utf8) + Data([0x00]) + Data(#"","start_time":1,"end_time":2}"#.utf8),
                "not_json"
            ))
        return result
    }()

    /// A segment with subsegments nested `depth` deep, `bottom` added to the innermost.
    static func nestedSubsegments(_ depth: Int, bottom: String) -> String {
        var text =
            #"{"id":"\#(String(format: "%016x", 0x7000))","name":"deepest","start_time":1796000001,"end_time":1796000002\#(bottom)}"#
        for level in 1...depth {
            let id = String(format: "%016x", 0x7000 + level)
            text =
                #"{"id":"\#(id)","name":"level","start_time":1796000001,"end_time":1796000002,"subsegments":[\#(text)]}"#
        }
        return #"{"trace_id":"\#(traceID)","# + text.dropFirst()
    }

    /// Whether `bytes` hold anything a terminal would act on: C0 controls other than newline
    /// and tab, DEL, C1 controls (as UTF-8) and bidi overrides and isolates.
    public static func firstUnsafe(in bytes: Data) -> (offset: Int, what: String)? {
        let array = [UInt8](bytes)
        var index = 0
        while index < array.count {
            let byte = array[index]
            if (byte < 0x20 && byte != 0x0A && byte != 0x09) || byte == 0x7F {
                return (index, String(format: "0x%02x", byte))
            }
            if byte == 0xC2, index + 1 < array.count, (0x80...0x9F).contains(array[index + 1]) {
                return (index, String(format: "U+%04X", Int(array[index + 1])))
            }
            if byte == 0xE2, index + 2 < array.count, array[index + 1] == 0x80, (0xAA...0xAE).contains(array[index + 2])
            {
                return (index, "a bidi override")
            }
            if byte == 0xE2, index + 2 < array.count, array[index + 1] == 0x81, (0xA6...0xA9).contains(array[index + 2])
            {
                return (index, "a bidi isolate")
            }
            index += 1
        }
        return nil
    }
}
