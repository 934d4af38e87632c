import TerminalKit
import Testing

@Suite struct GlyphPlacementTests {
    @Test func aWideGlyphThatWouldCrossTheEdgeLeavesABlank() {
        var screen = canvas(3, 1)
        let result1 = screen.put("在", x: 2, y: 0)
        #expect(result1 == 2)
        #expect(screen.text == "..")
        #expect(screen[2, 0] == Cell(" "))
    }

    @Test func theClipRectangleIsAnEdgeToo() {
        var screen = canvas(5, 1)
        screen.put("在", x: 1, y: 0, clip: Rect(x: 0, y: 0, width: 2, height: 1))
        screen.put("x", x: 3, y: 0, clip: Rect(x: 0, y: 0, width: 2, height: 1))
        #expect(screen.text == ". ...")
    }

    @Test func overwritingTheRightHalfBlanksTheLeftHalf() {
        var screen = canvas(4, 1)
        screen.write("在庫", x: 0, y: 0)
        screen.put("x", x: 1, y: 0)
        #expect(screen.text == " x庫")
        #expect(!screen[1, 0].isContinuation)
    }

    @Test func overwritingTheLeftHalfBlanksTheRightHalf() {
        var screen = canvas(5, 1)
        screen.write("在庫", x: 0, y: 0)
        screen.put("y", x: 2, y: 0)
        #expect(screen.text == "在y .")
        #expect(!screen[3, 0].isContinuation)
    }

    @Test func aWideGlyphOverTwoWideGlyphsBlanksBothOuterHalves() {
        var screen = canvas(4, 1)
        screen.write("在庫", x: 0, y: 0)
        screen.put("サ", x: 1, y: 0)
        #expect(screen.text == " サ")
        #expect(screen[2, 0].isContinuation)
        #expect(screen[3, 0] == Cell(" "))
    }

    @Test func zeroWidthGraphemesAreDropped() {
        var screen = canvas(2, 1)
        let result2 = screen.put("\u{1B}", x: 0, y: 0)
        #expect(result2 == 0)
        #expect(screen.text == "..")
    }
}
