import Testing

@testable import TerminalKit

@Suite struct LineCanvasTests {
    private func draw(_ lines: [[(x: Int, y: Int)]], width: Int = 7, height: Int = 5) -> [String] {
        var canvas = LineCanvas(area: Rect(x: 0, y: 0, width: width, height: height))
        for line in lines { canvas.addPolyline(line, style: .plain) }
        var screen = Screen(width: width, height: height)
        canvas.draw(into: &screen)
        return (0..<height).map { screen.row(at: $0) }
    }

    @Test func cornersTeesAndCrossingsJoin() {
        // A route that bends down and right, and a second line crossing its vertical part.
        let rows = draw([[(0, 0), (3, 0), (3, 4), (6, 4)], [(1, 2), (6, 2)], [(3, 0), (6, 0)]])
        #expect(rows == ["───┬───", "   │", " ──┼───", "   │", "   ╰───"])
    }

    @Test func linesOutsideTheAreaAreClippedNotCrashed() {
        let rows = draw([[(-5, 1), (20, 1)], [(2, -3), (2, 9)], [(9, 9), (12, 9)]], width: 4, height: 3)
        #expect(rows == ["  │", "──┼─", "  │"])
    }

    @Test func higherPriorityStylesWin() {
        var canvas = LineCanvas(area: Rect(x: 0, y: 0, width: 3, height: 1))
        canvas.addPolyline([(0, 0), (2, 0)], style: Style(.nodeFault), priority: 3)
        canvas.addPolyline([(0, 0), (2, 0)], style: Style(.border), priority: 0)
        var screen = Screen(width: 3, height: 1)
        canvas.draw(into: &screen)
        #expect(screen[1, 0].style.role == .nodeFault)
    }

    @Test func middleTruncationKeepsBothEnds() {
        #expect(DisplayWidth.truncateMiddle("x-ray-sample-front-k8s", to: 13) == "x-ray-…nt-k8s")
        #expect(DisplayWidth.truncateMiddle("x-ray-sample-back-k8s", to: 13) == "x-ray-…ck-k8s")
        #expect(DisplayWidth.truncateMiddle("short", to: 13) == "short")
        // Wide characters count two cells each and are never split.
        let cut = DisplayWidth.truncateMiddle("在庫サービス-東京", to: 10)
        #expect(DisplayWidth.of(cut) <= 10 && cut.hasPrefix("在庫") && cut.hasSuffix("東京") && cut.contains("…"))
    }
}
