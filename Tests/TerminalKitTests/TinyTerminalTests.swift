import TerminalKit
import Testing

/// Every primitive on small and odd rectangles: a 10×5 terminal must still draw, and nothing
/// may trap on an empty screen or a rectangle hanging off any edge.
@Suite struct TinyTerminalTests {
    @Test func aPanelOnATenByFiveTerminal() {
        var screen = Screen(width: 10, height: 5)
        let inside = screen.drawBox(screen.bounds, border: .rounded, title: "在庫サービス")
        let (content, bar) = inside.splitLeft(inside.width - 1)
        screen.drawText("checkout-service", in: content.splitTop(1).top)
        screen.drawStatusMix(StatusMix(ok: 90, error: 5, fault: 5), in: content.splitTop(2).top.splitBottom(1).bottom)
        screen.drawSparkline([1, 3, 2, 8, 5, 0, 4], in: content.splitBottom(1).bottom)
        screen.drawScrollbar(in: bar, offset: 10, visible: 3, total: 20)
        #expect(
            screen.text == """
                ╭─ 在庫… ╮
                │checko…││
                │████████│
                │▁▃▂█▅ ▄││
                ╰────────╯
                """)
        // Five ok cells, then the 5% of errors and the 5% of faults still get one each.
        #expect(
            (1...7).map { screen[$0, 2].style.role } == [.barOK, .barOK, .barOK, .barOK, .barOK, .barError, .barFault])
        #expect(screen[8, 2].style == Style(.focus))
    }

    @Test func nothingTrapsAnywhere() {
        for screenWidth in 0...4 {
            for screenHeight in 0...3 {
                var screen = Screen(width: screenWidth, height: screenHeight)
                for x in -2...4 {
                    for y in -2...3 {
                        for width in 0...5 {
                            for height in 0...3 {
                                let rect = Rect(x: x, y: y, width: width, height: height)
                                screen.drawText("在a👍\nb", in: rect, alignment: .center)
                                screen.drawBox(rect, title: "주문")
                                screen.drawBar(fraction: 0.6, in: rect)
                                screen.drawStatusMix(StatusMix(ok: 3, error: 1, throttle: 1, fault: 1), in: rect)
                                screen.drawSparkline([1, 5, 2], in: rect)
                                screen.drawScrollbar(in: rect, offset: 2, visible: 2, total: 9)
                                screen.drawHorizontalLine(x: x, y: y, length: width)
                                screen.drawVerticalLine(x: x, y: y, length: height)
                            }
                        }
                    }
                }
                #expect(isConsistent(screen))
            }
        }
    }

    /// No continuation cell without a wide glyph before it, and no wide glyph without its
    /// continuation: the buffer never holds half a glyph.
    private func isConsistent(_ screen: Screen) -> Bool {
        for y in 0..<screen.height {
            for x in 0..<screen.width {
                let cell = screen[x, y]
                let wide = DisplayWidth.of(cell.grapheme) == 2
                if cell.isContinuation && (x == 0 || DisplayWidth.of(screen[x - 1, y].grapheme) != 2) { return false }
                if !cell.isContinuation && wide && !(x + 1 < screen.width && screen[x + 1, y].isContinuation) {
                    return false
                }
            }
        }
        return true
    }
}
