import TerminalKit
import Testing

extension LineEditorTests {
    /// One row of an editing table: the line and cursor before, the keys pressed, the line and
    /// cursor after, what the last key reported, and (when given) the kill buffer after.
    struct Edit: Sendable, CustomTestStringConvertible {
        var text: String
        var cursor: Int
        var keys: [Key]
        var expected: String
        var expectedCursor: Int
        var outcome: LineEditor.Outcome
        var killed: String?

        init(
            _ text: String, _ cursor: Int, _ keys: [Key], _ expected: String, _ expectedCursor: Int,
            _ outcome: LineEditor.Outcome, killed: String? = nil
        ) {
            self.text = text
            self.cursor = cursor
            self.keys = keys
            self.expected = expected
            self.expectedCursor = expectedCursor
            self.outcome = outcome
            self.killed = killed
        }

        var testDescription: String { "\(keys) on \"\(text)\" at \(cursor)" }

        func check() {
            var editor = LineEditor(text, cursor: cursor)
            #expect(editor.cursor == cursor)
            var last = LineEditor.Outcome.unhandled
            for key in keys { last = editor.handle(key) }
            // Compare scalars, not String ==, which would equate precomposed and combining forms.
            #expect(Array(editor.text.unicodeScalars) == Array(expected.unicodeScalars), "text")
            #expect(editor.cursor == expectedCursor, "cursor")
            #expect(last == outcome, "outcome")
            if let killed { #expect(editor.killed == killed, "kill buffer") }
        }
    }

    static let ctrlLeft = Key(.left, control: true)
    static let ctrlRight = Key(.right, control: true)
    static let altBackspace = Key(.backspace, alt: true)
}

@Suite struct LineEditorTests {
    static let motion: [Edit] = [
        Edit("hello world", 5, [Key(.left)], "hello world", 4, .moved),
        Edit("hello world", 0, [Key(.left)], "hello world", 0, .moved),
        Edit("hello world", 5, [Key(.right)], "hello world", 6, .moved),
        Edit("hello world", 11, [Key(.right)], "hello world", 11, .moved),
        Edit("hello world", 5, [.ctrl("b")], "hello world", 4, .moved),
        Edit("hello world", 5, [.ctrl("f")], "hello world", 6, .moved),
        Edit("hello world", 5, [Key(.home)], "hello world", 0, .moved),
        Edit("hello world", 5, [.ctrl("a")], "hello world", 0, .moved),
        Edit("hello world", 5, [.ctrl("A")], "hello world", 0, .moved),
        Edit("hello world", 5, [Key(.end)], "hello world", 11, .moved),
        Edit("hello world", 0, [.ctrl("e")], "hello world", 11, .moved),
        // Alt-F and Ctrl-→ go to the end of the next word, Alt-B and Ctrl-← to a word's start.
        Edit("hello world", 0, [.alt("f")], "hello world", 5, .moved),
        Edit("hello world", 0, [.alt("f"), .alt("f")], "hello world", 11, .moved),
        Edit("hello world", 5, [ctrlRight], "hello world", 11, .moved),
        Edit("hello world", 11, [.alt("f")], "hello world", 11, .moved),
        Edit("hello world", 11, [.alt("b")], "hello world", 6, .moved),
        Edit("hello world", 11, [.alt("b"), .alt("b")], "hello world", 0, .moved),
        Edit("hello world", 8, [ctrlLeft], "hello world", 6, .moved),
        Edit("hello world", 6, [ctrlLeft], "hello world", 0, .moved),
        Edit("hello world", 0, [.alt("b")], "hello world", 0, .moved),
        // Punctuation separates words; underscore and digits do not.
        Edit("a.b_c d9", 0, [.alt("f")], "a.b_c d9", 1, .moved),
        Edit("a.b_c d9", 1, [.alt("f")], "a.b_c d9", 5, .moved),
        Edit("a.b_c d9", 5, [.alt("f")], "a.b_c d9", 8, .moved),
        Edit("a.b_c d9", 8, [.alt("b")], "a.b_c d9", 6, .moved),
        Edit("a.b_c d9", 6, [.alt("b")], "a.b_c d9", 2, .moved),
        Edit("a.b_c d9", 2, [.alt("b")], "a.b_c d9", 0, .moved),
    ]

    @Test(arguments: motion) func movesTheCursor(_ edit: Edit) { edit.check() }

    static let typing: [Edit] = [
        Edit("", 0, [.char("a"), .char("b"), .char("c")], "abc", 3, .edited),
        Edit("ac", 1, [.char("b")], "abc", 2, .edited),
        Edit("ab", 0, [.char(" ")], " ab", 1, .edited),
        Edit("front", 0, [.char("서"), .char("비")], "서비front", 2, .edited),
        // A combining accent typed after its base joins it: one character, cursor after it.
        Edit("cafe", 4, [.char("\u{301}")], "cafe\u{301}", 4, .edited),
        // Control characters are never inserted, whatever key they come as.
        Edit("ab", 1, [.char("\u{7}")], "ab", 1, .unhandled),
        Edit("ab", 1, [.char("\u{1B}")], "ab", 1, .unhandled),
        Edit("ab", 1, [.char("\u{7F}")], "ab", 1, .unhandled),
        Edit("ab", 1, [.char("\u{85}")], "ab", 1, .unhandled),
        Edit("ab", 1, [.char("\n")], "ab", 1, .unhandled),
        // Keys the caller decides on.
        Edit("ab", 1, [Key(.enter)], "ab", 1, .unhandled),
        Edit("ab", 1, [Key(.escape)], "ab", 1, .unhandled),
        Edit("ab", 1, [Key(.tab)], "ab", 1, .unhandled),
        Edit("ab", 1, [Key(.backTab)], "ab", 1, .unhandled),
        Edit("ab", 1, [Key(.up)], "ab", 1, .unhandled),
        Edit("ab", 1, [Key(.down)], "ab", 1, .unhandled),
        Edit("ab", 1, [Key(.pageUp)], "ab", 1, .unhandled),
        Edit("ab", 1, [Key(.function(1))], "ab", 1, .unhandled),
        Edit("ab", 1, [.ctrl("r")], "ab", 1, .unhandled),
        Edit("ab", 1, [.ctrl("c")], "ab", 1, .unhandled),
        Edit("ab", 1, [.alt("x")], "ab", 1, .unhandled),
        Edit("ab", 1, [Key(.character("a"), control: true, alt: true)], "ab", 1, .unhandled),
        Edit("ab", 1, [Key(.up, control: true)], "ab", 1, .unhandled),
    ]

    @Test(arguments: typing) func insertsPrintableCharactersOnly(_ edit: Edit) { edit.check() }

    static let deletion: [Edit] = [
        Edit("hello", 5, [Key(.backspace)], "hell", 4, .edited),
        Edit("hello", 2, [Key(.backspace)], "hllo", 1, .edited),
        Edit("hello", 0, [Key(.backspace)], "hello", 0, .moved),
        Edit("hello", 2, [.ctrl("h")], "hllo", 1, .edited),
        Edit("hello", 2, [Key(.delete)], "helo", 2, .edited),
        Edit("hello", 5, [Key(.delete)], "hello", 5, .moved),
        Edit("hello", 0, [.ctrl("d")], "ello", 0, .edited),
        Edit("hello", 5, [.ctrl("d")], "hello", 5, .moved),
        // Ctrl-D on an empty line is the caller's (close the prompt, like EOF).
        Edit("", 0, [.ctrl("d")], "", 0, .unhandled),
        Edit("", 0, [Key(.delete)], "", 0, .moved),
        // Ctrl-T swaps around the cursor and moves on; at the end it swaps the last two.
        Edit("abc", 1, [.ctrl("t")], "bac", 2, .edited),
        Edit("abc", 3, [.ctrl("t")], "acb", 3, .edited),
        Edit("abc", 0, [.ctrl("t")], "abc", 0, .moved),
        Edit("a", 1, [.ctrl("t")], "a", 1, .moved),
        Edit("서비", 2, [.ctrl("t")], "비서", 2, .edited),
    ]

    @Test(arguments: deletion) func deletesCharacters(_ edit: Edit) { edit.check() }

    static let kills: [Edit] = [
        // Ctrl-W: the whitespace-delimited word before the cursor, with the spaces after it.
        Edit("git commit -m", 13, [.ctrl("w")], "git commit ", 11, .edited, killed: "-m"),
        Edit("foo bar  ", 9, [.ctrl("w")], "foo ", 4, .edited, killed: "bar  "),
        Edit("foo bar", 6, [.ctrl("w")], "foo r", 4, .edited, killed: "ba"),
        Edit("x service(\"a-b\")", 16, [.ctrl("w")], "x ", 2, .edited, killed: "service(\"a-b\")"),
        Edit("foo", 0, [.ctrl("w")], "foo", 0, .moved, killed: ""),
        // Alt-Backspace: back to the start of the previous alphanumeric word.
        Edit("foo-bar baz", 7, [altBackspace], "foo- baz", 4, .edited, killed: "bar"),
        Edit("foo-bar baz", 11, [altBackspace], "foo-bar ", 8, .edited, killed: "baz"),
        Edit("foo-bar ", 8, [altBackspace], "foo-", 4, .edited, killed: "bar "),
        // Alt-D: to the end of the next word.
        Edit("foo bar", 3, [.alt("d")], "foo", 3, .edited, killed: " bar"),
        Edit("foo bar", 0, [.alt("d")], " bar", 0, .edited, killed: "foo"),
        Edit("foo bar", 5, [.alt("d")], "foo b", 5, .edited, killed: "ar"),
        Edit("foo bar", 7, [.alt("d")], "foo bar", 7, .moved, killed: ""),
        Edit("hello world", 6, [.ctrl("u")], "world", 0, .edited, killed: "hello "),
        Edit("hello world", 0, [.ctrl("u")], "hello world", 0, .moved, killed: ""),
        Edit("hello world", 5, [.ctrl("k")], "hello", 5, .edited, killed: " world"),
        Edit("hello world", 11, [.ctrl("k")], "hello world", 11, .moved, killed: ""),
        // Ctrl-L clears the line into the kill buffer.
        Edit("hello", 2, [.ctrl("l")], "", 0, .edited, killed: "hello"),
        Edit("", 0, [.ctrl("l")], "", 0, .moved, killed: ""),
        // Yanking: what was killed comes back at the cursor.
        Edit("hello", 2, [.ctrl("l"), .ctrl("y")], "hello", 5, .edited, killed: "hello"),
        Edit("hello world", 5, [.ctrl("k"), Key(.home), .ctrl("y")], " worldhello", 6, .edited),
        Edit("hello world", 6, [.ctrl("u"), Key(.end), .ctrl("y")], "worldhello ", 11, .edited),
        Edit("a b", 3, [.ctrl("w"), .ctrl("y"), .ctrl("y")], "a bb", 4, .edited, killed: "b"),
        Edit("foo", 1, [.ctrl("y")], "foo", 1, .moved, killed: ""),
        // Consecutive kills replace the buffer rather than appending to it (unlike readline).
        Edit("a b c", 5, [.ctrl("w"), .ctrl("w"), .ctrl("y")], "a b ", 4, .edited, killed: "b "),
        // A kill with nothing to kill keeps the buffer.
        Edit("ab", 2, [.ctrl("u"), .ctrl("k"), .ctrl("y")], "ab", 2, .edited, killed: "ab"),
    ]

    @Test(arguments: kills) func killsAndYanks(_ edit: Edit) { edit.check() }

    // "서비스 front" is 서 비 스 ␠ f r o n t (9 characters, 12 cells);
    // "フロント-back" is フ ロ ン ト - b a c k (9 characters).
    static let wide: [Edit] = [
        Edit("서비스 front", 3, [Key(.left)], "서비스 front", 2, .moved),
        Edit("서비스 front", 0, [Key(.right), Key(.right)], "서비스 front", 2, .moved),
        Edit("서비스 front", 9, [.alt("b")], "서비스 front", 4, .moved),
        Edit("서비스 front", 9, [.alt("b"), .alt("b")], "서비스 front", 0, .moved),
        Edit("서비스 front", 0, [.alt("f")], "서비스 front", 3, .moved),
        Edit("서비스 front", 3, [Key(.backspace)], "서비 front", 2, .edited),
        Edit("서비스 front", 0, [Key(.delete)], "비스 front", 0, .edited),
        Edit("서비스 front", 9, [.ctrl("w")], "서비스 ", 4, .edited, killed: "front"),
        Edit("서비스 front", 9, [.ctrl("w"), .ctrl("w")], "", 0, .edited, killed: "서비스 "),
        Edit("서비스 front", 4, [.ctrl("k")], "서비스 ", 4, .edited, killed: "front"),
        Edit("フロント-back", 0, [.alt("f")], "フロント-back", 4, .moved),
        Edit("フロント-back", 4, [ctrlRight], "フロント-back", 9, .moved),
        Edit("フロント-back", 9, [ctrlLeft], "フロント-back", 5, .moved),
        Edit("フロント-back", 9, [.ctrl("w")], "", 0, .edited, killed: "フロント-back"),
        Edit("フロント-back", 9, [altBackspace], "フロント-", 5, .edited, killed: "back"),
        Edit("フロント-back", 0, [.alt("d")], "-back", 0, .edited, killed: "フロント"),
        Edit("フロント-back", 4, [.char("の")], "フロントの-back", 5, .edited),
    ]

    @Test(arguments: wide) func wideCharactersMoveAndDeleteAsOne(_ edit: Edit) { edit.check() }

    // Each of these is one Character however many scalars it has.
    static let clusters: [Edit] = [
        Edit("e\u{301}te\u{301}", 3, [Key(.left)], "e\u{301}te\u{301}", 2, .moved),
        Edit("e\u{301}te\u{301}", 3, [Key(.backspace)], "e\u{301}t", 2, .edited),
        Edit("e\u{301}te\u{301}", 0, [Key(.delete)], "te\u{301}", 0, .edited),
        Edit("e\u{301}te\u{301}", 0, [.alt("f")], "e\u{301}te\u{301}", 3, .moved),
        Edit("🇯🇵🇰🇷", 2, [Key(.backspace)], "🇯🇵", 1, .edited),
        Edit("🇯🇵🇰🇷", 0, [Key(.right)], "🇯🇵🇰🇷", 1, .moved),
        Edit("a👍🏽b", 1, [Key(.right)], "a👍🏽b", 2, .moved),
        Edit("a👍🏽b", 2, [Key(.backspace)], "ab", 1, .edited),
        Edit("👩‍👩‍👧", 1, [Key(.backspace)], "", 0, .edited),
        // Emoji are not word characters.
        Edit("ok 👍 go", 2, [.alt("f")], "ok 👍 go", 7, .moved),
        Edit("ok 👍 go", 5, [.alt("b")], "ok 👍 go", 0, .moved),
        Edit("ok 👍 go", 5, [.ctrl("w")], "ok go", 3, .edited, killed: "👍 "),
    ]

    @Test(arguments: clusters) func graphemeClustersMoveAndDeleteAsOne(_ edit: Edit) { edit.check() }

    @Test func newEditorPutsTheCursorAtTheEndAndCleansTheText() {
        let editor = LineEditor("서비스 front")
        #expect(editor.cursor == 9)
        #expect(editor.cursorCell == 12)
        #expect(editor.killed.isEmpty)
        #expect(LineEditor().text.isEmpty)
        #expect(LineEditor().cursor == 0)
        #expect(LineEditor("a\nb\u{1B}c").text == "a bc")
        #expect(LineEditor("abc", cursor: 99).cursor == 3)
        #expect(LineEditor("abc", cursor: -4).cursor == 0)
    }

    @Test func cursorCellCountsDisplayCells() {
        #expect(LineEditor("서비스 front", cursor: 3).cursorCell == 6)
        #expect(LineEditor("서비스 front", cursor: 5).cursorCell == 8)
        #expect(LineEditor("e\u{301}x", cursor: 1).cursorCell == 1)
        #expect(LineEditor("🇯🇵x", cursor: 1).cursorCell == 2)
        #expect(LineEditor("abc", cursor: 0).cursorCell == 0)
    }

    @Test func moveCursorClamps() {
        var editor = LineEditor("filter")
        editor.moveCursor(to: 2)
        #expect(editor.cursor == 2)
        editor.moveCursor(to: 50)
        #expect(editor.cursor == 6)
        editor.moveCursor(to: -1)
        #expect(editor.cursor == 0)
    }

    /// (line, cursor, pasted, line after, cursor after)
    static let pastes: [(String, Int, String, String, Int)] = [
        ("", 0, "q\n", "q ", 2),
        ("ad", 1, "bc", "abcd", 3),
        ("", 0, "a\r\nb\rc\nd\te", "a b c d e", 9),
        ("", 0, "one\n\ntwo", "one  two", 8),
        ("x", 1, "\u{1B}[31mred\u{1B}[0m", "x[31mred[0m", 11),
        ("", 0, "x\u{7F}\u{85}\u{0}\u{9B}y", "xy", 2),
        ("", 0, "서비스\u{2028}front", "서비스 front", 9),
        ("cafe", 4, "\u{301}!", "cafe\u{301}!", 5),
    ]

    @Test(arguments: pastes) func pastesAreOneCleanedEdit(_ paste: (String, Int, String, String, Int)) {
        var editor = LineEditor(paste.0, cursor: paste.1)
        #expect(editor.insert(paste.2) == .edited)
        #expect(Array(editor.text.unicodeScalars) == Array(paste.3.unicodeScalars))
        #expect(editor.cursor == paste.4)
    }

    @Test func pastingOnlyControlCharactersChangesNothing() {
        var editor = LineEditor("ab", cursor: 1)
        let before = editor
        #expect(editor.insert("\u{1B}\u{7}") == .moved)
        #expect(editor == before)
    }

    @Test func replaceRecallsALineWithTheCursorAtItsEnd() {
        var editor = LineEditor("draft", cursor: 1)
        _ = editor.handle(.ctrl("k"))
        editor.replace(with: "service(\"front\")\n")
        #expect(editor.text == "service(\"front\") ")
        #expect(editor.cursor == 17)
        #expect(editor.killed == "raft")
        editor.replace(with: "")
        #expect(editor.text.isEmpty)
        #expect(editor.cursor == 0)
    }

    @Test func theKillBufferCanBeCarriedToAnotherEditor() {
        var filter = LineEditor("http.status = 500")
        _ = filter.handle(.ctrl("u"))
        var search = LineEditor()
        search.killed = filter.killed
        #expect(search.handle(.ctrl("y")) == .edited)
        #expect(search.text == "http.status = 500")
    }

    // MARK: - Viewport

    /// (line, cursor, width, visible text, first character, cursor column)
    static let viewports: [(String, Int, Int, String, Int, Int)] = [
        // Short text: all of it, from the start.
        ("abc", 2, 10, "abc", 0, 2),
        ("abc", 3, 10, "abc", 0, 3),
        ("", 0, 5, "", 0, 0),
        // Text exactly as wide as the bar scrolls by one only when the cursor is at its end.
        ("abcde", 4, 5, "abcde", 0, 4),
        ("abcde", 5, 5, "bcde", 1, 4),
        // Long text (20 cells in 10): the cursor at the start, middle and end.
        ("0123456789abcdefghij", 0, 10, "0123456789", 0, 0),
        ("0123456789abcdefghij", 7, 10, "0123456789", 0, 7),
        ("0123456789abcdefghij", 8, 10, "123456789a", 1, 7),
        ("0123456789abcdefghij", 10, 10, "3456789abc", 3, 7),
        ("0123456789abcdefghij", 19, 10, "abcdefghij", 10, 9),
        ("0123456789abcdefghij", 20, 10, "bcdefghij", 11, 9),
        // A wide character at the left edge is left out rather than cut.
        ("서비스 front", 9, 8, " front", 3, 6),
        ("서비스 front", 9, 9, "스 front", 2, 8),
        // ... and at the right edge.
        ("ab서비스", 0, 5, "ab서", 0, 0),
        ("ab서비스", 1, 5, "ab서", 0, 1),
        // The cursor on a wide character gets both its cells.
        ("abcdef서", 6, 4, "ef서", 4, 2),
        ("フロント-back", 9, 6, "-back", 4, 5),
        // Width 1 shows the cursor's own character, if it fits; width 0 shows nothing.
        ("hello", 5, 1, "", 5, 0),
        ("hello", 2, 1, "l", 2, 0),
        ("서비", 0, 1, "", 0, 0),
        ("abc", 1, 0, "", 1, 0),
        ("abc", 1, -3, "", 1, 0),
    ]

    @Test(arguments: viewports) func viewportKeepsTheCursorInView(_ row: (String, Int, Int, String, Int, Int)) {
        let (text, cursor, width, visible, first, column) = row
        let viewport = LineEditor(text, cursor: cursor).viewport(width: width)
        #expect(viewport.text == visible)
        #expect(viewport.firstCharacter == first)
        #expect(viewport.cursorColumn == column)
        // Whatever the case: whole characters from the line, within the width, cursor inside.
        #expect(DisplayWidth.of(viewport.text) <= max(width, 0))
        #expect(Array(text).dropFirst(first).starts(with: Array(viewport.text)))
        #expect(viewport.cursorColumn < max(width, 1))
    }

    @Test func everyCursorPositionIsVisibleWithoutSplittingCharacters() {
        let text = "서비스 front フロント-back 🇯🇵 e\u{301}"
        for width in 2...12 {
            for cursor in 0...text.count {
                let editor = LineEditor(text, cursor: cursor)
                let viewport = editor.viewport(width: width)
                #expect(
                    viewport.column(ofCharacter: cursor) == viewport.cursorColumn, "width \(width) cursor \(cursor)")
                #expect(DisplayWidth.of(viewport.text) <= width)
                let cursorCells = cursor < text.count ? DisplayWidth.of(Array(text)[cursor]) : 1
                #expect(viewport.cursorColumn + cursorCells <= width, "width \(width) cursor \(cursor)")
            }
        }
    }

    @Test func columnOfCharacterMapsPositionsInView() {
        let long = LineEditor("0123456789abcdefghij", cursor: 10).viewport(width: 10)
        #expect(long.firstCharacter == 3)
        #expect(long.column(ofCharacter: 3) == 0)
        #expect(long.column(ofCharacter: 10) == 7)
        #expect(long.column(ofCharacter: 12) == 9)
        #expect(long.column(ofCharacter: 13) == nil)
        #expect(long.column(ofCharacter: 2) == nil)
        #expect(long.column(ofCharacter: 20) == nil)

        let wide = LineEditor("서비스 front", cursor: 0).viewport(width: 20)
        #expect(wide.column(ofCharacter: 1) == 2)
        #expect(wide.column(ofCharacter: 3) == 6)
        // The end of the line, where an "unexpected end of input" points.
        #expect(wide.column(ofCharacter: 9) == 12)
        #expect(wide.column(ofCharacter: 10) == nil)

        // At the end of a line that fills the bar, the end has no cell to point at.
        let full = LineEditor("abcde", cursor: 4).viewport(width: 5)
        #expect(full.column(ofCharacter: 4) == 4)
        #expect(full.column(ofCharacter: 5) == nil)

        #expect(LineEditor("abc", cursor: 1).viewport(width: 0).column(ofCharacter: 1) == nil)
    }
}
