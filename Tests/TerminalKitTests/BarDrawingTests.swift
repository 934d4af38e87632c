import Testing

@testable import TerminalKit

@Suite struct BarDrawingTests {
    @Test(arguments: [
        (0.5, "██.."),
        (0.3, "█▎.."),  // 0.3 × 4 cells = 9.6 eighths, rounded to 10: one full cell and a quarter
        (1.0, "████"),
        (2.0, "████"),
        (0.01, "▏..."),  // a positive fraction always shows
        (0.0, "...."),
        (-1.0, "...."),
        (Double.nan, "...."),
    ])
    func fractionalBars(_ fraction: Double, _ expected: String) {
        var screen = canvas(4, 1)
        screen.drawBar(fraction: fraction, in: screen.bounds)
        #expect(screen.text == expected)
    }

    @Test func everyEighthHasItsGlyph() {
        var screen = canvas(1, 8)
        for eighth in 1...8 {
            screen.drawBar(fraction: Double(eighth) / 8, in: Rect(x: 0, y: eighth - 1, width: 1, height: 1))
        }
        #expect(screen.text == "▏\n▎\n▍\n▌\n▋\n▊\n▉\n█")
    }

    @Test func aBarFillsEveryRowAndClipsWithoutChangingScale() {
        var screen = canvas(5, 2)
        let cells = screen.drawBar(fraction: 0.75, in: Rect(x: 3, y: 0, width: 4, height: 2), style: Style(.barFault))
        #expect(screen.text == "...██\n...██")
        #expect(cells == 3)
        #expect(screen[3, 0].style == Style(.barFault))
    }

    @Test func emptyRectanglesDrawNothing() {
        var screen = canvas(2, 1)
        let result1 = screen.drawBar(fraction: 1, in: Rect(x: 0, y: 0, width: 0, height: 1))
        #expect(result1 == 0)
        let result2 = screen.drawBar(fraction: 1, in: Rect(x: 5, y: 0, width: 3, height: 1))
        #expect(result2 == 0)
        #expect(screen.text == "..")
    }
}

@Suite struct StackedBarTests {
    @Test func allocationAddsUpAndIsProportional() {
        #expect(BarSegment.allocate([3, 1], cells: 4) == [3, 1])
        #expect(BarSegment.allocate([1, 1, 1], cells: 10) == [4, 3, 3])
        #expect(BarSegment.allocate([5, 0, 5], cells: 7) == [4, 0, 3])
    }

    @Test func aTinyShareStillGetsACell() {
        #expect(BarSegment.allocate([9999, 1], cells: 10) == [9, 1])
    }

    @Test func whenCellsRunOutTheLaterSegmentsKeepTheirs() {
        #expect(BarSegment.allocate([1, 1, 1, 100], cells: 2) == [0, 0, 1, 1])
    }

    @Test func nothingToShare() {
        #expect(BarSegment.allocate([0, 0], cells: 5) == [0, 0])
        #expect(BarSegment.allocate([1], cells: 0) == [0])
        #expect(BarSegment.allocate([.nan, -3, .infinity], cells: 4) == [0, 0, 0])
        #expect(BarSegment.allocate([.greatestFiniteMagnitude, .greatestFiniteMagnitude], cells: 4) == [2, 2])
    }

    @Test func statusMixInShadedGlyphs() {
        var screen = canvas(12, 1)
        let mix = StatusMix(ok: 6, error: 2, throttle: 1, fault: 1)
        screen.drawStatusMix(mix, in: Rect(x: 1, y: 0, width: 10, height: 1), glyphs: .shaded)
        #expect(screen.text == ".░░░░░░▒▒▓█.")
        #expect(screen[1, 0].style == Style(.barOK))
        #expect(screen[7, 0].style == Style(.barError))
        #expect(screen[9, 0].style == Style(.barThrottle))
        #expect(screen[10, 0].style == Style(.barFault))
    }

    @Test func statusMixAgainstATotalIsShorterButKeepsTheFault() {
        var screen = canvas(10, 2)
        let mix = StatusMix(ok: 6, error: 2, throttle: 1, fault: 1)
        let result3 = screen.drawStatusMix(mix, in: Rect(x: 0, y: 0, width: 10, height: 2), total: 20, glyphs: .shaded)
        #expect(result3 == 5)
        #expect(screen.text == "░░▒▓█.....\n░░▒▓█.....")
    }

    @Test func solidGlyphsByDefault() {
        var screen = canvas(4, 1)
        screen.drawStatusMix(StatusMix(ok: 3, fault: 1), in: screen.bounds)
        #expect(screen.text == "████")
        #expect(screen[3, 0].style == Style(.barFault))
    }

    @Test func anEmptyMixOrRectangleDrawsNothing() {
        var screen = canvas(4, 1)
        let result4 = screen.drawStatusMix(StatusMix(), in: screen.bounds)
        #expect(result4 == 0)
        let result5 = screen.drawStatusMix(StatusMix(ok: 1), in: Rect(x: 0, y: 0, width: 0, height: 1))
        #expect(result5 == 0)
        #expect(screen.text == "....")
    }

    @Test func genericSegments() {
        var screen = canvas(6, 1)
        screen.drawStackedBar(
            [BarSegment(1, style: Style(.nodeOK), fill: "="), BarSegment(2, style: Style(.nodeFault), fill: "#")],
            in: screen.bounds)
        #expect(screen.text == "==####")
    }
}
