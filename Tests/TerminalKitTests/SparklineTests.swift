import TerminalKit
import Testing

@Suite struct SparklineTests {
    @Test func scaledToTheLargestValue() {
        var screen = canvas(10, 1)
        screen.drawSparkline([0, 1, 2, 3, 4, 5, 6, 7, 8], in: screen.bounds)
        #expect(screen.text == " ▁▂▃▄▅▆▇█.")
    }

    @Test func theNewestValuesAreKeptWhenThereAreTooMany() {
        var screen = canvas(2, 1)
        screen.drawSparkline([1, 2, 3, 4], in: screen.bounds)
        #expect(screen.text == "▆█")
    }

    @Test func anExplicitMaximumAndATinyValue() {
        var screen = canvas(4, 1)
        screen.drawSparkline([4, 8, 100, 0.001], in: screen.bounds, maximum: 16)
        #expect(screen.text == "▂▄█▁")
        var tiny = canvas(2, 1)
        tiny.drawSparkline([1000, 1], in: tiny.bounds)
        #expect(tiny.text == "█▁")
    }

    @Test func tallerSparklinesStackRows() {
        var screen = canvas(5, 2)
        screen.drawSparkline([16, 8, 4, 0], in: Rect(x: 0, y: 0, width: 4, height: 2))
        #expect(screen.text == "█   .\n██▄ .")
    }

    @Test func zerosNegativesAndNaNAreBlank() {
        var screen = canvas(4, 1)
        screen.drawSparkline([0, -5, .nan, 0], in: screen.bounds, style: Style(.barOK))
        #expect(screen.text == "")
        #expect(screen[0, 0].style == Style(.barOK))
    }

    @Test func emptyInputsAreHarmless() {
        var screen = canvas(3, 1)
        screen.drawSparkline([], in: screen.bounds)
        screen.drawSparkline([1, 2], in: Rect(x: 0, y: 0, width: 0, height: 1))
        screen.drawSparkline([1, 2], in: Rect(x: 9, y: 9, width: 3, height: 3))
        #expect(screen.text == "...")
    }
}
