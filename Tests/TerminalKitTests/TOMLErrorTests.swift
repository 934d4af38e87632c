import TerminalKit
import Testing

@Suite struct TOMLErrorTests {
    private func error(_ text: String) -> TOMLError? {
        do {
            _ = try TOMLDocument(parsing: text)
            return nil
        } catch {
            return error
        }
    }

    @Test(
        arguments: [
            ("a = 1\nb =\n", 2, "b", "expected a value, found the end of the line"),
            ("a = 1\n\nb = red\n", 3, "b", #"expected a value, found red (strings need quotes: "red")"#),
            ("a = 1\na = 2\n", 2, "a", "key is defined twice (first on line 1)"),
            ("[t]\nx = 1\n[t]\n", 3, "t", "table is defined twice"),
            ("[t]\nx = 1\nx = 2\n", 3, "t.x", "key is defined twice (first on line 2)"),
            ("s = \"open\n", 1, "s", "unterminated string"),
            ("s = 'open\nt = 1\n", 1, "s", "unterminated string"),
            ("s = \"bad \\q\"\n", 1, "s", #"invalid escape \q in string"#),
            ("s = \"\\u12\"\n", 1, "s", #"invalid unicode escape \u12"#),
            ("x = 1.5\n", 1, "x", "floating-point numbers are not supported, found 1.5"),
            ("x = 0x1F\n", 1, "x", "only decimal integers are supported, found 0x1F"),
            ("x = 007\n", 1, "x", "leading zeros are not allowed in 007"),
            ("x = 1__0\n", 1, "x", "invalid integer 1__0"),
            ("x = 99999999999999999999\n", 1, "x", "integer 99999999999999999999 is out of range"),
            ("d = 1979-05-27\n", 1, "d", "dates and times are not supported, found 1979-05-27"),
            ("x = nan\n", 1, "x", "floating-point numbers are not supported"),
            ("s = \"\"\"long\"\"\"\n", 1, "s", "multi-line strings are not supported"),
            ("a = 1 b = 2\n", 1, "a", "expected the end of the line, found 'b'"),
            ("a b = 1\n", 1, "a", "expected = after the key, found 'b'"),
            ("= 1\n", 1, nil, "expected a key, found '='"),
            ("list = [\n  \"a\",\n  \"b\" \"c\",\n]\n", 3, "list", #"expected , or ] in the array, found '"'"#),
            ("list = [1, 2\n", 2, "list", "unterminated array (expected ])"),
            ("t = { a = 1 b = 2 }\n", 1, "t", "expected , or } in the inline table, found 'b'"),
            (
                "t = { a = 1 }\nt.b = 2\n", 2, "t",
                "inline table (line 1) cannot be extended; add the keys inside its braces"
            ),
            (
                "t = { a = 1 }\n[t.sub]\n", 2, "t",
                "inline table (line 1) cannot be extended; add the keys inside its braces"
            ),
            ("a = 1\na.b = 2\n", 2, "a", "already set to an integer on line 1, so it cannot hold keys"),
            ("[[points]]\n", 1, nil, "arrays of tables ([[...]]) are not supported"),
            ("[roles\n", 1, "roles", "expected ] to close the table header"),
            ("[roles.\"node.fault\"\n", 1, #"roles."node.fault""#, "expected ] to close the table header"),
            ("a = 1\r\nb = 2\r\nc = \r\n", 3, "c", "expected a value, found the end of the line"),
            ("a = \"x\u{07}\"\n", 1, "a", "control characters must be escaped in strings"),
        ] as [(String, Int, String?, String)])
    func errorsNameTheLineAndKey(_ text: String, _ line: Int, _ key: String?, _ message: String) {
        let error = error(text)
        #expect(error == TOMLError(line: line, key: key, message: message))
    }

    /// Found by fuzzing: each level of nesting is a recursive call, and 10,000 of them
    /// overflowed the stack.
    @Test func deepNestingIsRefusedNotRecursedInto() throws {
        let deep = try #require(error("x = " + String(repeating: "[", count: 10_000)))
        #expect(deep.message.contains("nested more than 64 deep"), "\(deep)")
        let mixed = try #require(error("x = " + String(repeating: "[{a = ", count: 5_000)))
        #expect(mixed.message.contains("nested more than 64 deep"), "\(mixed)")
        #expect(error("x = " + String(repeating: "[", count: 64) + String(repeating: "]", count: 64)) == nil)
    }

    @Test func descriptionReadsLikeACompilerMessage() {
        #expect(
            TOMLError(line: 3, key: "roles.text", message: "expected a value").description
                == "line 3: roles.text: expected a value")
        #expect(TOMLError(line: 1, message: "oops").description == "line 1: oops")
    }
}
