import TerminalKit
import Testing

@Suite struct ColorTests {
    @Test func namesParse() {
        #expect(Color(name: "default") == .default)
        #expect(Color(name: "red") == .ansi(1))
        #expect(Color(name: "White") == .ansi(7))
        #expect(Color(name: "bright-black") == .ansi(8))
        #expect(Color(name: "bright-white") == .ansi(15))
        #expect(Color(name: "#ff8000") == .rgb(255, 128, 0))
        #expect(Color(name: "#FF8000") == .rgb(255, 128, 0))
        #expect(Color(name: "rde") == nil)
        #expect(Color(name: "#ff800") == nil)
        #expect(Color(name: "#ff800g") == nil)
        #expect(Color(name: "brightred") == nil)
        #expect(Color(paletteIndex: 255) == .palette(255))
        #expect(Color(paletteIndex: 256) == nil)
        #expect(Color(paletteIndex: -1) == nil)
    }

    @Test func namesRoundTrip() {
        for index in 0..<16 {
            let color = Color.ansi(UInt8(index))
            #expect(Color(name: color.themeName) == color)
        }
        #expect(Color.rgb(0, 0x2B, 0x36).themeName == "#002b36")
        #expect(Color(name: Color.rgb(1, 2, 3).themeName) == .rgb(1, 2, 3))
        #expect(Color.palette(42).themeName == "42")
        #expect(Color.default.themeName == "default")
    }
}

@Suite struct ColorDegradationTests {
    @Test(arguments: [
        // Pure red: the cube's corner, then bright red, then red.
        (Color.rgb(255, 0, 0), Color.palette(196), Color.ansi(9), Color.ansi(1)),
        // Mid grey: exactly grey 244 of the ramp, then bright black, which on 8 colours becomes white.
        (Color.rgb(128, 128, 128), Color.palette(244), Color.ansi(8), Color.ansi(7)),
        // Solarized base03: the grey ramp is nearer than any cube colour (Solarized's own 256 choice).
        (Color.rgb(0x00, 0x2B, 0x36), Color.palette(234), Color.ansi(0), Color.ansi(0)),
        // A cube colour that is exactly an entry.
        (Color.rgb(0, 135, 0), Color.palette(28), Color.ansi(2), Color.ansi(2)),
        // Orange: no ANSI orange, so the nearest by redmean distance is yellow, then yellow again.
        (Color.rgb(255, 135, 0), Color.palette(208), Color.ansi(3), Color.ansi(3)),
        (Color.palette(196), Color.palette(196), Color.ansi(9), Color.ansi(1)),
        (Color.palette(3), Color.ansi(3), Color.ansi(3), Color.ansi(3)),
        (Color.ansi(12), Color.ansi(12), Color.ansi(12), Color.ansi(4)),
        (Color.ansi(8), Color.ansi(8), Color.ansi(8), Color.ansi(7)),
        (Color.default, Color.default, Color.default, Color.default),
    ])
    func degradesStepByStep(_ color: Color, _ to256: Color, _ to16: Color, _ to8: Color) {
        #expect(color.degraded(to: .trueColor) == color)
        #expect(color.degraded(to: .palette256) == to256)
        #expect(color.degraded(to: .ansi16) == to16)
        #expect(color.degraded(to: .ansi8) == to8)
    }

    @Test func degradingTwiceIsDegradingOnce() {
        var colors = (0...255).map { Color.palette(UInt8($0)) }
        for red in stride(from: 0, through: 255, by: 51) {
            for green in stride(from: 0, through: 255, by: 51) {
                for blue in stride(from: 0, through: 255, by: 51) {
                    colors.append(.rgb(UInt8(red), UInt8(green), UInt8(blue)))
                }
            }
        }
        for color in colors {
            let to16 = color.degraded(to: .ansi16)
            #expect(color.degraded(to: .palette256).degraded(to: .ansi16) == to16)
            #expect(to16.degraded(to: .ansi8) == color.degraded(to: .ansi8))
            guard case .ansi(let index) = to16, index < 16 else {
                Issue.record("\(color) degraded to \(to16), not an ANSI colour")
                continue
            }
            guard case .ansi(let eight) = color.degraded(to: .ansi8), eight < 8 else {
                Issue.record("\(color) did not degrade to one of 8 colours")
                continue
            }
        }
    }

    @Test func aWholeThemeDegrades() throws {
        let solarized = try Theme.load(path: themesFolder.appendingPathComponent("solarized-dark.toml").path)
        let eight = solarized.degraded(to: .ansi8)
        #expect(eight.name == "solarized-dark")
        for appearance in eight.appearances.values {
            for color in [appearance.foreground, appearance.background] {
                guard case .ansi(let index) = color else {
                    Issue.record("\(color) is not an ANSI colour")
                    continue
                }
                #expect(index < 8)
            }
        }
        #expect(eight.appearance(for: .nodeFault).bold)
        #expect(eight.appearance(for: .nodeFault).foreground == .ansi(1))
    }

    @Test(arguments: [
        (8, ColorCapacity.ansi8), (15, .ansi8), (16, .ansi16), (88, .ansi16), (256, .palette256),
        (32_767, .palette256), (16_777_216, .trueColor), (2, .ansi8),
    ])
    func capacityFromAColourCount(_ colors: Int, _ capacity: ColorCapacity) {
        #expect(ColorCapacity(colors: colors) == capacity)
    }
}
