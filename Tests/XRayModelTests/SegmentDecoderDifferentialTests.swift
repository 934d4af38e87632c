import Foundation
import Testing

@testable import XRayModel

/// `SegmentDecoder` against the reference it replaced: Foundation's `JSONDecoder` with the
/// `Codable` initializers (`DocumentParser.parseWithJSONDecoder`). On every document both must
/// give equal documents, or rejections for the same reason at the same field path. Only the
/// wording of "not JSON" differs: Foundation's text is its own.
@Suite struct SegmentDecoderDifferentialTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func sampleLines(_ name: String) throws -> [String] {
        let text = try String(contentsOf: root.appendingPathComponent("sample-data/" + name), encoding: .utf8)
        return text.split(separator: "\n").map(String.init)
    }

    /// Every document of the bundled sample data.
    @Test(arguments: ["eks-workshop.ndjson", "shop.ndjson"])
    func sampleDataDecodesAlike(_ name: String) throws {
        let lines = try Self.sampleLines(name)
        #expect(lines.count > 1000)
        var accepted = 0
        for line in lines {
            let data = Data(line.utf8)
            let ours = DocumentParser.parse(data)
            Self.expectAlike(ours, DocumentParser.parseWithJSONDecoder(data), line)
            if case .success = ours { accepted += 1 }
        }
        #expect(accepted == lines.count)
    }

    /// Random edits of real documents: bytes deleted, inserted and cut, values replaced by
    /// values of other types (and by malformed numbers, strings and escapes), keys repeated,
    /// renamed and removed.
    @Test func mutatedDocumentsDecodeAlike() throws {
        let bases =
            try Self.sampleLines("shop.ndjson").prefix(300) + Self.sampleLines("eks-workshop.ndjson").prefix(100)
        var random = SplitMix(seed: 20_261_203)
        var outcomes: [String: Int] = [:]
        for base in bases {
            for _ in 0..<12 {
                let mutant = Mutator.mutate(Array(base.utf8), &random)
                let data = Data(mutant)
                let ours = DocumentParser.parse(data)
                let reference = DocumentParser.parseWithJSONDecoder(data)
                Self.expectAlike(ours, reference, String(decoding: mutant, as: UTF8.self))
                outcomes[Self.category(reference), default: 0] += 1
            }
        }
        // The corpus reaches acceptance and every kind of refusal, not only broken JSON.
        for category in ["accepted", "notJSON", "wrongType", "missingField", "badID"] {
            #expect(outcomes[category, default: 0] >= 20, "too few \(category) in \(outcomes)")
        }
    }

    /// Subsegments nested deeper than the tape decoder's first room for open blocks (it grows
    /// it): decoded alike, and a fault at the bottom named at the same path. The valid document
    /// takes the single pass; the faulty one is declined there and decoded from a tape.
    @Test(arguments: [1, 6, 40])
    func deeplyNestedSubsegmentsDecodeAlike(depth: Int) throws {
        func level(_ remaining: Int, status: String) -> String {
            let id = String(format: "%016x", remaining + 1)
            let inner = remaining == 0 ? "" : #","subsegments":[\#(level(remaining - 1, status: status))]"#
            return #"{"id":"\#(id)","name":"n\#(remaining)","start_time":1,"end_time":2,"#
                + #""http":{"request":{"method":"GET"},"response":{"status":\#(remaining == 0 ? status : "200")}}\#(inner)}"#
        }
        for status in ["204", #"{"bad":1}"#] {
            let body = level(depth, status: status).dropFirst()
            let text = #"{"trace_id":"1-5f84c7a1-0123456789abcdef01234567",\#(body)"#
            let data = Data(text.utf8)
            let ours = DocumentParser.parse(data)
            Self.expectAlike(ours, DocumentParser.parseWithJSONDecoder(data), text)
            if status == "204" {
                var document = try ours.get().document
                for _ in 0..<depth { document = try #require(document.subsegments.first) }
                #expect(document.http?.response?.status == 204)
            } else {
                guard case .failure(let rejection) = ours else {
                    Issue.record("a wrong type at depth \(depth) was accepted")
                    continue
                }
                #expect(rejection.reason.description.contains("subsegments[0]"), "\(rejection)")
            }
        }
    }

    /// Hand-picked corners of Foundation's behaviour the decoder reproduces.
    @Test(arguments: [
        // Trailing commas are accepted; the first of two equal keys wins.
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,}"#,
        #"{"id":"70de5b6f19ff9a0a","id":5,"trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2}"#,
        // Lenient numbers: strings, exponents, spaces.
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":" 1.5e0 ","end_time":"2"}"#,
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1.480615200010E9,"end_time":1.48061520001E9}"#,
        // Malformed values in fields nobody reads do not matter; in read fields they do.
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"x":01,"y":"\q"}"#,
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a\q","start_time":1,"end_time":2}"#,
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":01,"end_time":2}"#,
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":1e400}"#,
        // Escapes, surrogate pairs and lone surrogates; control characters are sanitized.
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"\ud83d\ude00 \u001b[31m \u0041","start_time":1,"end_time":2}"#,
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"\ud83d","start_time":1,"end_time":2}"#,
        // Free-form metadata keeps integers apart from doubles; a bad value there is "an object".
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"metadata":{"d":{"i":1.0,"e":1e2,"f":1.5,"big":9223372036854775808,"n":null,"l":[1,"x",{"y":false}]}}}"#,
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"metadata":{"d":{"l":[1,01]}}}"#,
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"metadata":{"d":{"v":"\x"}}}"#,
        // Annotations: read straight into their values when every key is plain and every value
        // a scalar, through the free-form values otherwise; the same either way. The first of
        // two equal keys wins, a null too; a malformed value is refused, the first in the
        // document's order, before a value of the wrong type is named. (Two keys that sanitize
        // to one are not compared: which value the reference keeps depends on hash order.)
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"annotations":{"s":"x\u001b","i":7,"d":2.5,"e":1e2,"big":9007199254740993,"b":true,"s":5}}"#,
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"annotations":{"n":null,"n":1,"m":2}}"#,
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"annotations":{"k\u0041":1,"k\u0001":2,"ok":3}}"#,
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"annotations":{"a":1,"b":01,"c":[1]}}"#,
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"annotations":{"a":1,"c":{"x":1},"b":"\q"}}"#,
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"annotations":{"a":"ok","a":01}}"#,
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"annotations":[1]}"#,
        // Content length is dropped when bad; a status is not.
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"http":{"response":{"status":"200","content_length":"many"}}}"#,
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"http":{"response":{"status":200.5}}}"#,
        // A cause as an id, as details, and as neither.
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"cause":"abc"}"#,
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"cause":7}"#,
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"cause":{"paths":["p",3]}}"#,
        // Keys with escapes are matched by their text; a bad key in a block that is read is not JSON.
        #"{"\u0069d":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2}"#,
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"http":{"\q":1}}"#,
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"other":{"\q":1}}"#,
        // Nesting: 512 levels are fine, 513 are not.
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"x":"#
            + String(repeating: "[", count: 511) + String(repeating: "]", count: 511) + "}",
        #"{"id":"70de5b6f19ff9a0a","trace_id":"1-581cf771-a006649127e371903a2de979","name":"a","start_time":1,"end_time":2,"x":"#
            + String(repeating: "[", count: 512) + String(repeating: "]", count: 512) + "}",
    ])
    func cornersDecodeAlike(_ json: String) {
        let data = Data(json.utf8)
        Self.expectAlike(DocumentParser.parse(data), DocumentParser.parseWithJSONDecoder(data), json)
    }

    static func category(_ result: Result<StoredDocument, DocumentRejection>) -> String {
        switch result {
        case .success: return "accepted"
        case .failure(let rejection):
            switch rejection.reason {
            case .notJSON: return "notJSON"
            case .wrongType: return "wrongType"
            case .missingField: return "missingField"
            case .badID, .badTraceID: return "badID"
            default: return "other"
            }
        }
    }

    static func expectAlike(
        _ ours: Result<StoredDocument, DocumentRejection>, _ reference: Result<StoredDocument, DocumentRejection>,
        _ input: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        switch (ours, reference) {
        case (.success(let a), .success(let b)):
            // NaN (from "nan" in a lenient number) is unequal to itself: then the encodings,
            // which write it as "NaN", are compared.
            let alike =
                a == b || (try? DocumentParser.compactJSON(a.document)) == (try? DocumentParser.compactJSON(b.document))
            #expect(alike, "documents differ for \(input)", sourceLocation: sourceLocation)
        case (.failure(let a), .failure(let b)):
            switch (a.reason, b.reason) {
            case (.notJSON, .notJSON): break
            // Foundation reports some unreadable values as corrupt data at a path, in its words.
            case (.notJSON, .wrongType(_, let expected)) where expected.hasPrefix("valid:"): break
            default:
                #expect(a.reason == b.reason, "for \(input)", sourceLocation: sourceLocation)
            }
        default:
            Issue.record(
                "one accepted, one refused: ours \(ours), reference \(reference) for \(input)",
                sourceLocation: sourceLocation)
        }
    }
}

/// Seeded, so a failure is reproduced by running the test again.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

enum Mutator {
    static let values = [
        "null", "true", "false", "0", "-1", "1.5", "-0.5e3", "1E2", "01", "1.", "-", "1e400", "2e-400",
        "9007199254740993", "9223372036854775808", #""x""#, #""12.5""#, #"" 42 ""#, #""nan""#, #""\u0000""#,
        #""\ud800""#, #""a\x""#, #""\u001b]0;owned\u0007""#, #""\u202e""#, "[]", "{}", #"[1,"a"]"#,
        #"{"a":[1]}"#, #"{"\q":1}"#, #""1-581cf771-a006649127e371903a2de979""#, #""70de5b6f19ff9a0a""#,
    ]
    static let bytes = Array(#"{}[]:,"\ 0123456789abcdefnrtu.-+eE"#.utf8)

    static func mutate(_ input: [UInt8], _ random: inout SplitMix) -> [UInt8] {
        var bytes = input
        switch random.below(10) {
        case 0, 1, 2: replaceValue(&bytes, &random)
        case 3:
            let at = random.below(bytes.count)
            bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.below(3)))
        case 4: bytes.insert(Self.bytes[random.below(Self.bytes.count)], at: random.below(bytes.count + 1))
        case 5: bytes.removeSubrange(random.below(bytes.count)...)
        case 6:
            // A repeated key: the first wins.
            let keys = ["id", "trace_id", "name", "start_time", "end_time", "http", "annotations", "parent_id"]
            let member = "\"\(keys[random.below(keys.count)])\":\(values[random.below(values.count)]),"
            bytes.insert(contentsOf: Array(member.utf8), at: 1)
        case 7:
            // A renamed key (one letter of it changed), or an escaped letter in it.
            let quotes = positions(of: UInt8(ascii: "\""), in: bytes)
            guard let at = quotes.randomElement(using: &random), at + 1 < bytes.count else { break }
            if random.below(2) == 0 {
                bytes[at + 1] = UInt8(ascii: "a") + UInt8(random.below(26))
            } else if (0x61...0x7A).contains(bytes[at + 1]) {
                bytes.replaceSubrange(at + 1...at + 1, with: Array(String(format: "\\u%04x", bytes[at + 1]).utf8))
            }
        case 8:
            // A removed member: from a key's quote to the next comma.
            let colons = positions(of: UInt8(ascii: ":"), in: bytes)
            guard let colon = colons.randomElement(using: &random),
                let start = bytes[..<colon].lastIndex(of: UInt8(ascii: "\"")).flatMap({
                    bytes[..<$0].lastIndex(of: UInt8(ascii: "\""))
                }),
                let comma = bytes[colon...].firstIndex(of: UInt8(ascii: ","))
            else { break }
            bytes.removeSubrange(start...comma)
        default:
            // Whitespace and a trailing comma, which Foundation accepts.
            let at = positions(of: UInt8(ascii: ","), in: bytes).randomElement(using: &random) ?? 0
            bytes.insert(contentsOf: Array(" \n\t".utf8), at: at)
            if let close = bytes.lastIndex(of: UInt8(ascii: "}")) { bytes.insert(UInt8(ascii: ","), at: close) }
        }
        return bytes
    }

    /// Replaces the scalar after a random colon (a string, number or literal) with another value.
    static func replaceValue(_ bytes: inout [UInt8], _ random: inout SplitMix) {
        let colons = positions(of: UInt8(ascii: ":"), in: bytes)
        guard let colon = colons.randomElement(using: &random), colon + 1 < bytes.count else { return }
        var end = colon + 1
        if bytes[end] == UInt8(ascii: "\"") {
            end += 1
            while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
                end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1
            }
            end = min(end + 1, bytes.count)
        } else if bytes[end] == UInt8(ascii: "{") || bytes[end] == UInt8(ascii: "[") {
            // A whole block: to its closing bracket, skipping strings.
            var depth = 0
            var inString = false
            while end < bytes.count {
                let byte = bytes[end]
                end += 1
                if inString {
                    if byte == UInt8(ascii: "\\") { end += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                } else if byte == UInt8(ascii: "\"") {
                    inString = true
                } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                    depth += 1
                } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 { break }
                }
            }
            end = min(end, bytes.count)
        } else {
            while end < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]")].contains(bytes[end]) {
                end += 1
            }
        }
        bytes.replaceSubrange(colon + 1..<end, with: Array(values[random.below(values.count)].utf8))
    }

    static func positions(of byte: UInt8, in bytes: [UInt8]) -> [Int] {
        bytes.indices.filter { bytes[$0] == byte }
    }
}

extension Array {
    func randomElement(using random: inout SplitMix) -> Element? {
        isEmpty ? nil : self[random.below(count)]
    }
}
