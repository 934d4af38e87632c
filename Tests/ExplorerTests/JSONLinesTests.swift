import Foundation
import TerminalKit
import Testing

@testable import Explorer

@Suite struct JSONLinesTests {
    /// Each line as its indentation plus text, for comparing whole documents.
    private func rendered(_ lines: [JSONLine]) -> [String] {
        lines.map { String(repeating: " ", count: $0.indent * JSONLines.indentWidth) + $0.text }
    }

    private func roles(_ line: JSONLine) -> [Role] { line.tokens.map(\.role) }

    @Test func nestedObjectsAndArraysKeepSourceOrder() {
        let json = #"{"zeta":1,"alpha":{"b":[1,2],"a":{}},"list":[],"m":[{"x":null}]}"#
        #expect(
            rendered(JSONLines.pretty(json)) == [
                "{",
                #"  "zeta": 1,"#,
                #"  "alpha": {"#,
                #"    "b": ["#,
                "      1,",
                "      2",
                "    ],",
                #"    "a": {}"#,
                "  },",
                #"  "list": [],"#,
                #"  "m": ["#,
                "    {",
                #"      "x": null"#,
                "    }",
                "  ]",
                "}",
            ])
    }

    @Test func rolesOfEachToken() {
        let lines = JSONLines.pretty(
            #"{"k": "v", "n": -1.5E+3, "t": true, "f": false, "z": null, "e": [], "o": {"#
                + #""a": 0}}"#)
        let punctuation = Role.jsonPunctuation
        #expect(lines[0].tokens == [JSONToken("{", punctuation)])
        #expect(
            lines[1].tokens == [
                JSONToken(#""k""#, .jsonKey), JSONToken(": ", punctuation), JSONToken(#""v""#, .jsonString),
                JSONToken(",", punctuation),
            ])
        #expect(lines[2].tokens[2] == JSONToken("-1.5E+3", .jsonNumber))
        #expect(lines[3].tokens[2] == JSONToken("true", .jsonLiteral))
        #expect(lines[4].tokens[2] == JSONToken("false", .jsonLiteral))
        #expect(lines[5].tokens[2] == JSONToken("null", .jsonLiteral))
        #expect(roles(lines[6]) == [.jsonKey, punctuation, punctuation, punctuation])
        #expect(lines[6].text == #""e": [],"#)
        #expect(roles(lines[7]) == [.jsonKey, punctuation, punctuation])
        #expect(lines.map(\.indent) == [0, 1, 1, 1, 1, 1, 1, 1, 2, 1, 0])
        #expect(lines.last?.tokens == [JSONToken("}", punctuation)])
    }

    @Test func scalarsAtTheTopLevelAndEmptyContainers() {
        #expect(rendered(JSONLines.pretty("  {}  ")) == ["{}"])
        #expect(rendered(JSONLines.pretty("[]")) == ["[]"])
        #expect(rendered(JSONLines.pretty("[[],{},[[]]]")) == ["[", "  [],", "  {},", "  [", "    []", "  ]", "]"])
        #expect(JSONLines.pretty("42") == [JSONLine(indent: 0, tokens: [JSONToken("42", .jsonNumber)])])
        #expect(JSONLines.pretty(#" "s" "#) == [JSONLine(indent: 0, tokens: [JSONToken(#""s""#, .jsonString)])])
    }

    @Test func numbersKeepTheirOriginalText() {
        let json = "[1e-7, 12345678901234567890, -0, 0.1000, 1E400, -123.456e+78]"
        #expect(
            rendered(JSONLines.pretty(json)) == [
                "[", "  1e-7,", "  12345678901234567890,", "  -0,", "  0.1000,", "  1E400,", "  -123.456e+78", "]",
            ])
    }

    @Test func stringsKeepTheirEscapesAndUnicode() {
        let json = #"{"qu\"ote": "tab\there \u00e9 \ud83d\ude00 \\ \/", "日本": "héllo 😀"}"#
        let lines = JSONLines.pretty(json)
        #expect(lines[1].tokens[0] == JSONToken(#""qu\"ote""#, .jsonKey))
        #expect(lines[1].tokens[2] == JSONToken(#""tab\there \u00e9 \ud83d\ude00 \\ \/""#, .jsonString))
        #expect(lines[2].text == #""日本": "héllo 😀""#)
    }

    @Test func controlCharactersCannotReachTheTerminal() {
        // Escaped controls stay as written; raw DEL, C1 and bidi controls (legal unescaped in
        // JSON) are shown as escapes.
        let json = "{\"a\u{7F}\": \"\\u001b[31m x\u{9B}y \u{202E}z\"}"
        let lines = JSONLines.pretty(json)
        #expect(lines[1].text == #""a\u007f": "\u001b[31m x\u009by \u202ez""#)
        for line in lines {
            #expect(!line.text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        }
        // A raw control character inside a string is not JSON, and the raw view cleans it.
        let invalid = JSONLines.pretty("{\"a\": \"\u{1B}[2J\"}")
        #expect(invalid[0].text.hasPrefix("invalid JSON at line 1 column 8: control character"))
        #expect(invalid[1] == JSONLine(indent: 0, tokens: [JSONToken("{\"a\": \"\u{FFFD}[2J\"}", .text)]))
    }

    @Test func invalidJSONSaysWhereAndShowsTheRawText() {
        let json = "{\n  \"a\": 1,\n  \"b\": tru\n}"
        let lines = JSONLines.pretty(json)
        #expect(lines[0].text == "invalid JSON at line 3 column 8: expected a value, found 't'")
        #expect(lines[0].tokens[0].role == .filterInvalid)
        #expect(lines.dropFirst().map(\.text) == ["{", "  \"a\": 1,", "  \"b\": tru", "}"])
        #expect(lines.dropFirst().allSatisfy { $0.tokens.map(\.role) == [.text] && $0.indent == 0 })
    }

    @Test(arguments: [
        ("", "invalid JSON at line 1 column 1: unexpected end of input, expected a value"),
        ("{\"a\" 1}", "invalid JSON at line 1 column 6: expected ':' after the member name, found '1'"),
        ("[1,]", "invalid JSON at line 1 column 4: expected a value, found ']'"),
        ("[1 2]", "invalid JSON at line 1 column 4: expected ',' or ']', found '2'"),
        ("{\"é\": 1 x", "invalid JSON at line 1 column 9: expected ',' or '}', found 'x'"),
        ("{\"a\":1}}", "invalid JSON at line 1 column 8: unexpected text after the JSON value, found '}'"),
        ("{'a':1}", "invalid JSON at line 1 column 2: expected a member name in double quotes, found '''"),
        ("[01]", "invalid JSON at line 1 column 3: expected ',' or ']', found '1'"),
        ("[1.]", "invalid JSON at line 1 column 4: expected a digit after the decimal point, found ']'"),
        ("\r\n[\"abc", "invalid JSON at line 2 column 2: unterminated string"),
        ("[\"\\x\"]", "invalid JSON at line 1 column 4: invalid escape, found 'x'"),
        ("[\"\\u12g4\"]", "invalid JSON at line 1 column 7: expected 4 hex digits after \\u, found 'g'"),
        ("[[[", "invalid JSON at line 1 column 4: unexpected end of input, expected a value"),
    ])
    func invalidMessages(_ json: String, _ message: String) {
        #expect(JSONLines.pretty(json).first?.text == message)
    }

    @Test func deepNestingDoesNotOverflowTheStack() {
        let depth = 100_000
        let json = String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
        let lines = JSONLines.pretty(json)
        #expect(lines.count == 2 * depth + 1)
        #expect(lines[depth] == JSONLine(indent: depth, tokens: [JSONToken("1", .jsonNumber)]))
    }

    @Test func findIsCaseInsensitive() {
        let lines = JSONLines.pretty(#"{"Name": "Checkout", "id": 7, "notes": ["check", "other"]}"#)
        #expect(JSONLines.find("CHECK", in: lines) == [1, 4])
        #expect(JSONLines.find("name", in: lines) == [1])
        #expect(JSONLines.find("missing", in: lines) == [])
        #expect(JSONLines.find("", in: lines) == [])
    }

    // MARK: Tree

    private let metadata = #"""
        {"metadata": {"debug": [{"sql": "select 1"}, 2, []], "http": {"a": 1, "b": 2, "c": {"d": true}}},
         "empty": {}, "a/b~c": [1]}
        """#

    @Test func treeWithNothingCollapsedIsThePrettyPrint() {
        let tree = JSONTree(metadata)
        #expect(tree.isValid)
        #expect(tree.lines(collapsed: []) == JSONLines.pretty(metadata))
        #expect(
            tree.containerPaths == [
                "/metadata", "/metadata/debug", "/metadata/debug/0", "/metadata/http", "/metadata/http/c", "/a~1b~0c",
            ])
    }

    @Test func collapsingOneNode() {
        let tree = JSONTree(metadata)
        let lines = tree.lines(collapsed: ["/metadata/http"])
        #expect(
            rendered(lines) == [
                "{",
                #"  "metadata": {"#,
                #"    "debug": ["#,
                "      {",
                #"        "sql": "select 1""#,
                "      },",
                "      2,",
                "      []",
                "    ],",
                #"    "http": { … 3 keys }"#,
                "  },",
                #"  "empty": {},"#,
                #"  "a/b~c": ["#,
                "    1",
                "  ]",
                "}",
            ])
        #expect(lines[9].tokens.map(\.role) == [.jsonKey, .jsonPunctuation, .jsonPunctuation, .dim, .jsonPunctuation])
        #expect(rendered(tree.lines(collapsed: ["/metadata/debug"]))[2] == #"    "debug": [ … 3 items ],"#)
        #expect(rendered(tree.lines(collapsed: ["/metadata/http", "/a~1b~0c"]))[12] == #"  "a/b~c": [ … 1 item ]"#)
        #expect(tree.path(ofLine: 9, collapsed: ["/metadata/http"]) == "/metadata/http")
        #expect(tree.path(ofLine: 12, collapsed: ["/metadata/http"]) == "/a~1b~0c")
        #expect(tree.path(ofLine: 13, collapsed: ["/metadata/http"]) == nil)
    }

    @Test func nestedCollapseHidesInnerState() {
        let tree = JSONTree(metadata)
        // A collapsed node inside a collapsed node changes nothing outside it.
        #expect(
            tree.lines(collapsed: ["/metadata", "/metadata/http/c"]) == tree.lines(collapsed: ["/metadata"]))
        let inner = rendered(tree.lines(collapsed: ["/metadata/http/c", "/metadata/debug/0"]))
        #expect(inner.contains("      { … 1 key },"))
        #expect(inner.contains(#"      "c": { … 1 key }"#))
        #expect(inner.count == JSONLines.pretty(metadata).count - 4)
    }

    @Test func collapsingEverything() {
        let tree = JSONTree(metadata)
        #expect(
            rendered(tree.lines(collapsed: Set(tree.containerPaths))) == [
                "{",
                #"  "metadata": { … 2 keys },"#,
                #"  "empty": {},"#,
                #"  "a/b~c": [ … 1 item ]"#,
                "}",
            ])
        #expect(rendered(tree.lines(collapsed: [""])) == ["{ … 3 keys }"])
    }

    @Test func treeOfInvalidJSONShowsTheRawText() {
        let tree = JSONTree("{\"a\": }")
        #expect(!tree.isValid)
        #expect(tree.containerPaths.isEmpty)
        #expect(tree.lines(collapsed: ["/a"]) == JSONLines.pretty("{\"a\": }"))
    }

    @Test func pointerPathsDecodeEscapedNames() {
        let tree = JSONTree(#"{"caf\u00e9": {"x": 1}, "\ud83d\ude00\n": [2]}"#)
        #expect(tree.containerPaths == ["/café", "/😀\n"])
    }

    // MARK: Size

    @Test func aTenMegabyteDocumentIsLinear() {
        var json = "{\"Documents\": ["
        var index = 0
        while json.utf8.count < 10_000_000 {
            if index > 0 { json += "," }
            json += #"{"id": "1-5f84c7a1-\#(index)", "name": "checkout", "start_time": 1.7e9, "#
            json += #""http": {"request": {"method": "GET", "url": "https://shop.example/cart/\#(index)"}, "#
            json += #""response": {"status": 200, "content_length": 12345678901234567890}}, "#
            json += #""annotations": {"ok": true, "user": null}, "subsegments": [{"name": "DynamoDB"}]}"#
            index += 1
        }
        json += "]}"
        let clock = ContinuousClock()
        var lines: [JSONLine] = []
        let elapsed = clock.measure { lines = JSONLines.pretty(json) }
        var found: [Int] = []
        let searchTime = clock.measure { found = JSONLines.find("CART/42", in: lines) }
        print("JSONLines: \(json.utf8.count) bytes, \(lines.count) lines in \(elapsed); find in \(searchTime)")
        #expect(lines.count == index * 24 + 4)
        #expect(lines.first?.text == "{")
        #expect(found.count >= 1)
        let tree = JSONTree(json)
        #expect(tree.containerPaths.count == index * 7 + 1)
    }
}
