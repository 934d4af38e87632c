import TerminalKit
import Testing

@Suite struct TOMLDocumentTests {
    @Test func scalarValuesAndComments() throws {
        let document = try TOMLDocument(
            parsing: """
                # a comment on its own line
                title = "xray" # and after a value
                count = 42
                negative = -17
                positive = +3
                big = 1_000_000
                zero = 0
                enabled = true
                disabled = false
                literal = 'C:\\path\\no "escapes"'
                escaped = "tab\\there \\"quoted\\" \\u00e9 \\U0001F44D"
                hash = "# not a comment"
                """)
        #expect(document["title"] == .string("xray"))
        #expect(document["count"] == .integer(42))
        #expect(document["negative"] == .integer(-17))
        #expect(document["positive"] == .integer(3))
        #expect(document["big"] == .integer(1_000_000))
        #expect(document["zero"] == .integer(0))
        #expect(document["enabled"] == .boolean(true))
        #expect(document["disabled"] == .boolean(false))
        #expect(document["literal"]?.string == #"C:\path\no "escapes""#)
        #expect(document["escaped"]?.string == "tab\there \"quoted\" é 👍")
        #expect(document["hash"]?.string == "# not a comment")
        #expect(document.root.keys.first == "title")
        #expect(document.root.line(of: "count") == 3)
    }

    @Test func arrays() throws {
        let document = try TOMLDocument(
            parsing: """
                names = ["api", 'worker', "주문"]
                empty = []
                numbers = [1, 2, 3]
                long = [
                    "a",  # first
                    "b",

                    "c",
                ]
                after = 1
                """)
        #expect(document["names"]?.strings == ["api", "worker", "주문"])
        #expect(document["empty"]?.strings == [])
        #expect(document["numbers"] == .array([.integer(1), .integer(2), .integer(3)]))
        #expect(document["numbers"]?.strings == nil)
        #expect(document["long"]?.strings == ["a", "b", "c"])
        #expect(document.root.line(of: "after") == 10)
    }

    @Test func tablesAndKeys() throws {
        let document = try TOMLDocument(
            parsing: """
                top = 1
                dotted.key = "d"
                "quoted key" = 2
                'literal.key' = 3

                [section]
                x = 1

                [a."b.c"]
                y = 2

                [ spaced . header ]
                z = 3
                """)
        #expect(document["top"] == .integer(1))
        #expect(document.value(at: ["dotted", "key"]) == .string("d"))
        #expect(document["quoted key"] == .integer(2))
        #expect(document["literal.key"] == .integer(3))
        #expect(document.value(at: ["section", "x"]) == .integer(1))
        #expect(document.value(at: ["a", "b.c", "y"]) == .integer(2))
        #expect(document.value(at: ["spaced", "header", "z"]) == .integer(3))
        #expect(document["section"]?.table?.line == 6)
        #expect(document.root.keys == ["top", "dotted", "quoted key", "literal.key", "section", "a", "spaced"])
    }

    @Test func inlineTablesRememberTheLinesOfTheirKeys() throws {
        let document = try TOMLDocument(
            parsing: """
                [roles]
                "node.fault" = { fg = "red", bold = true }
                wide = {
                    fg = 196,  # red
                    nested = { deep = true },
                }
                empty = {}
                """)
        let roles = try #require(document["roles"]?.table)
        let fault = try #require(roles["node.fault"]?.table)
        #expect(fault["fg"] == .string("red"))
        #expect(fault["bold"] == .boolean(true))
        #expect(fault.keys == ["fg", "bold"])
        let wide = try #require(roles["wide"]?.table)
        #expect(wide.line(of: "fg") == 4)
        #expect(wide.line(of: "nested") == 5)
        #expect(wide.value(at: ["nested", "deep"]) == .boolean(true))
        #expect(roles["empty"] == .table(TOMLTable(line: 7)))
    }

    @Test func windowsLineEndingsAndAByteOrderMark() throws {
        let document = try TOMLDocument(parsing: "\u{FEFF}a = 1\r\n# c\r\nb = \"x\"\r\n")
        #expect(document["a"] == .integer(1))
        #expect(document["b"] == .string("x"))
        #expect(document.root.line(of: "b") == 3)
    }

    @Test func emptyDocuments() throws {
        #expect(try TOMLDocument(parsing: "").root.isEmpty)
        #expect(try TOMLDocument(parsing: "\n  # only a comment\n\n").root.isEmpty)
    }

    @Test func keysAreDisplayedAsTheyWouldBeWritten() {
        #expect(TOMLKey.display(["roles", "node.fault", "fg"]) == #"roles."node.fault".fg"#)
        #expect(TOMLKey.display(["a b", "q\"uote", ""]) == #""a b"."q\"uote"."""#)
        #expect(TOMLKey.display(["bare_key-1"]) == "bare_key-1")
    }
}
