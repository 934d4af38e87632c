import TerminalKit
import Testing

@Suite struct BoxDrawingTests {
    @Test func singleBoxLeavesTheInsideAlone() {
        var screen = canvas(7, 4)
        let inside = screen.drawBox(Rect(x: 0, y: 0, width: 6, height: 3))
        #expect(screen.text == "┌────┐.\n│....│.\n└────┘.\n.......")
        #expect(inside == Rect(x: 1, y: 1, width: 4, height: 1))
    }

    @Test func roundedBoxWithATitle() {
        var screen = canvas(12, 3)
        screen.drawBox(screen.bounds, border: .rounded, title: "Map")
        #expect(screen.text == "╭─ Map ────╮\n│..........│\n╰──────────╯")
        #expect(screen[3, 0].style == Style(.title))
        #expect(screen[2, 0].style == Style(.border))
    }

    @Test func doubleAndHeavyBorders() {
        var screen = canvas(6, 2)
        screen.drawBox(Rect(x: 0, y: 0, width: 3, height: 2), border: .double)
        screen.drawBox(Rect(x: 3, y: 0, width: 3, height: 2), border: .heavy)
        #expect(screen.text == "╔═╗┏━┓\n╚═╝┗━┛")
    }

    @Test func longTitlesAreTruncated() {
        var screen = canvas(9, 2)
        screen.drawBox(screen.bounds, title: "Services")
        #expect(screen.row(at: 0) == "┌─ Ser… ┐")
    }

    @Test func wideTitlesAreTruncatedByCells() {
        var screen = canvas(10, 4)
        screen.drawBox(Rect(x: 0, y: 0, width: 10, height: 2), title: "주문서비스")
        // Four cells: one syllable and the ellipsis, then the border resumes.
        screen.drawBox(Rect(x: 0, y: 2, width: 9, height: 2), title: "주문서비스")
        #expect(screen.row(at: 0) == "┌─ 주문… ┐")
        #expect(screen.row(at: 2) == "┌─ 주… ─┐.")
    }

    @Test func aTitleNeedsAtLeastOneCell() {
        var screen = canvas(6, 2)
        screen.drawBox(Rect(x: 0, y: 0, width: 5, height: 2), title: "Traces")
        #expect(screen.text == "┌───┐.\n└───┘.")
        screen.drawBox(Rect(x: 0, y: 0, width: 6, height: 2), title: "Traces")
        #expect(screen.row(at: 0) == "┌─ … ┐")
    }

    @Test func boxesTooSmallForABorderDrawNothing() {
        var screen = canvas(3, 3)
        let result1 = screen.drawBox(Rect(x: 0, y: 0, width: 1, height: 3))
        #expect(result1.isEmpty)
        let result2 = screen.drawBox(Rect(x: 0, y: 0, width: 3, height: 1), title: "x")
        #expect(result2.isEmpty)
        let result3 = screen.drawBox(Rect(x: 0, y: 0, width: 0, height: 0))
        #expect(result3.isEmpty)
        #expect(screen.text == "...\n...\n...")
        screen.drawBox(Rect(x: 1, y: 1, width: 2, height: 2))
        #expect(screen.text == "...\n.┌┐\n.└┘")
    }

    @Test func aBoxHangingOffTheScreenIsClipped() {
        var screen = canvas(5, 3)
        screen.drawBox(Rect(x: 2, y: 1, width: 6, height: 4), title: "Timeline")
        screen.drawBox(Rect(x: -3, y: -3, width: 5, height: 5))
        #expect(screen.text == ".│...\n─┘┌─\n..│..")
    }

    @Test func linesAreClippedAndIgnoreNonPositiveLengths() {
        var screen = canvas(5, 4)
        screen.drawHorizontalLine(x: 1, y: 0, length: 3)
        screen.drawHorizontalLine(x: 3, y: 1, length: 10, border: .double)
        screen.drawHorizontalLine(x: 0, y: 2, length: 0)
        screen.drawHorizontalLine(x: 0, y: 2, length: -4)
        screen.drawVerticalLine(x: 0, y: 1, length: 9, border: .heavy)
        screen.drawVerticalLine(x: 9, y: 0, length: 2)
        #expect(screen.text == ".───.\n┃..══\n┃....\n┃....")
        #expect(screen[1, 0].style == Style(.border))
    }
}
