import TerminalKit
import Testing

@Suite struct ScrollbarTests {
    private func bar(height: Int, offset: Int, visible: Int, total: Int) -> String {
        var screen = canvas(1, height)
        screen.drawScrollbar(in: screen.bounds, offset: offset, visible: visible, total: total)
        return screen.text.replacingOccurrences(of: "\n", with: "")
    }

    @Test func thumbFollowsTheOffset() {
        #expect(bar(height: 4, offset: 0, visible: 4, total: 8) == "██││")
        #expect(bar(height: 4, offset: 2, visible: 4, total: 8) == "│██│")
        #expect(bar(height: 4, offset: 4, visible: 4, total: 8) == "││██")
    }

    @Test func theThumbIsNeverShorterThanACellAndReachesTheBottomAtTheEnd() {
        #expect(bar(height: 4, offset: 0, visible: 4, total: 1000) == "█│││")
        #expect(bar(height: 4, offset: 996, visible: 4, total: 1000) == "│││█")
        #expect(bar(height: 4, offset: 995, visible: 4, total: 1000) == "│││█")
    }

    @Test func offsetsOutOfRangeAreClamped() {
        #expect(bar(height: 4, offset: -10, visible: 4, total: 8) == "██││")
        #expect(bar(height: 4, offset: 99, visible: 4, total: 8) == "││██")
    }

    @Test func nothingIsDrawnWhenEverythingFits() {
        var screen = canvas(1, 3)
        let result1 = screen.drawScrollbar(in: screen.bounds, offset: 0, visible: 3, total: 3)
        #expect(!result1)
        let result2 = screen.drawScrollbar(in: screen.bounds, offset: 0, visible: 0, total: 3)
        #expect(!result2)
        let result3 = screen.drawScrollbar(in: Rect(x: 0, y: 0, width: 0, height: 3), offset: 0, visible: 1, total: 3)
        #expect(!result3)
        #expect(screen.text == ".\n.\n.")
    }

    @Test func itUsesTheRightmostColumnAndItsRoles() {
        var screen = canvas(3, 2)
        let result4 = screen.drawScrollbar(in: screen.bounds, offset: 0, visible: 2, total: 4)
        #expect(result4)
        #expect(screen.text == "..█\n..│")
        #expect(screen[2, 0].style == Style(.focus))
        #expect(screen[2, 1].style == Style(.border))
    }

    @Test func aOneRowTrackIsAllThumb() {
        #expect(bar(height: 1, offset: 3, visible: 1, total: 9) == "█")
    }
}
