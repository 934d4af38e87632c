import TerminalKit
import Testing

@Suite struct TextDrawingTests {
    @Test func shortTextIsDrawnAsIs() {
        var screen = canvas(10, 1)
        let used = screen.drawText("hello", in: Rect(x: 1, y: 0, width: 6, height: 1))
        #expect(screen.text == ".hello....")
        #expect(used == 5)
    }

    @Test func longTextEndsInAnEllipsis() {
        var screen = canvas(10, 1)
        screen.drawText("hello world", in: Rect(x: 0, y: 0, width: 8, height: 1))
        #expect(screen.text == "hello w…..")
    }

    @Test func alignment() {
        var screen = canvas(8, 3)
        screen.drawText("abc", in: Rect(x: 0, y: 0, width: 6, height: 1), alignment: .leading)
        screen.drawText("abc", in: Rect(x: 0, y: 1, width: 6, height: 1), alignment: .center)
        screen.drawText("abc", in: Rect(x: 0, y: 2, width: 6, height: 1), alignment: .trailing)
        #expect(screen.text == "abc.....\n.abc....\n...abc..")
    }

    @Test func truncatedTextFillsItsRowWhateverTheAlignment() {
        var screen = canvas(6, 1)
        screen.drawText("abcdef", in: Rect(x: 0, y: 0, width: 4, height: 1), alignment: .trailing)
        #expect(screen.text == "abc…..")
    }

    @Test func koreanIsTruncatedByCells() {
        var screen = canvas(9, 2)
        screen.drawText("주문서비스", in: Rect(x: 0, y: 0, width: 7, height: 1))
        // Six cells leave room for the ellipsis only after two syllables; the seventh is blanked.
        screen.drawText("주문서비스", in: Rect(x: 0, y: 1, width: 6, height: 1))
        #expect(screen.text == "주문서…..\n주문… ...")
    }

    @Test func japaneseIsTruncatedByCells() {
        var screen = canvas(10, 1)
        screen.drawText("在庫サービス", in: Rect(x: 0, y: 0, width: 8, height: 1))
        #expect(screen.text == "在庫サ… ..")
        #expect(screen[7, 0] == Cell(" "))
    }

    @Test func emojiIsTruncatedByCells() {
        var screen = canvas(6, 2)
        screen.drawText("👍👍👍", in: Rect(x: 0, y: 0, width: 4, height: 1))
        screen.drawText("👩‍💻 dev", in: Rect(x: 0, y: 1, width: 6, height: 1))
        #expect(screen.text == "👍… ..\n👩‍💻 dev")
    }

    @Test func aWideGlyphAtTheScreenEdgeBecomesABlank() {
        var screen = canvas(4, 1)
        screen.drawText("ab在x", in: Rect(x: 0, y: 0, width: 10, height: 1))
        #expect(screen.text == "ab…")
        #expect(screen[3, 0] == Cell(" "))
        // Exactly fitting text is not truncated, and its wide glyph ends on the last column.
        var fits = canvas(4, 1)
        fits.drawText("ab在", in: Rect(x: 0, y: 0, width: 10, height: 1))
        #expect(fits.text == "ab在")
        #expect(fits[3, 0].isContinuation)
    }

    @Test func linesGoOnSuccessiveRowsAndExtraLinesAreDropped() {
        var screen = canvas(5, 3)
        screen.drawText("one\r\ntwo\nthree", in: Rect(x: 0, y: 1, width: 4, height: 2))
        #expect(screen.text == ".....\none..\ntwo..")
    }

    @Test func controlCharactersNeverReachTheScreen() {
        var screen = canvas(8, 1)
        screen.drawText("a\u{07}b\u{1B}c\u{0}d", in: screen.bounds)
        #expect(screen.text == "abcd....")
    }

    @Test func tinyAndEmptyRectanglesAreHarmless() {
        var screen = canvas(3, 2)
        let result1 = screen.drawText("hello", in: Rect(x: 0, y: 0, width: 0, height: 1))
        #expect(result1 == 0)
        let result2 = screen.drawText("hello", in: Rect(x: 0, y: 0, width: 5, height: 0))
        #expect(result2 == 0)
        let result3 = screen.drawText("hello", in: Rect(x: 7, y: 0, width: 5, height: 1))
        #expect(result3 == 0)
        let result4 = screen.drawText("hello", in: Rect(x: 0, y: -4, width: 5, height: 2))
        #expect(result4 == 0)
        #expect(screen.text == "...\n...")
        screen.drawText("hello", in: Rect(x: 1, y: 1, width: 1, height: 1))
        screen.drawText("在", in: Rect(x: 2, y: 1, width: 1, height: 1))
        #expect(screen.text == "...\n.……")
        var empty = Screen(width: 0, height: 0)
        let result5 = empty.drawText("hello", in: Rect(x: 0, y: 0, width: 4, height: 4))
        #expect(result5 == 0)
    }

    @Test func aRectangleHangingOffTheLeftIsClippedToTheScreen() {
        var screen = canvas(5, 1)
        screen.drawText("abcdef", in: Rect(x: -3, y: 0, width: 6, height: 1))
        #expect(screen.text == "ab…..")
    }

    @Test func styleIsApplied() {
        var screen = canvas(4, 1)
        screen.drawText("ab", in: screen.bounds, style: Style(.nodeFault, bold: true))
        #expect(screen[1, 0] == Cell("b", style: Style(.nodeFault, bold: true)))
        #expect(screen[2, 0].style == .plain)
    }
}
