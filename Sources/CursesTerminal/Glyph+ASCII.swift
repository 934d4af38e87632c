extension Glyph {
    /// What to draw for a character this locale cannot print (under `LANG=C` every box, line,
    /// bar and arrow): an ASCII stand-in that keeps the picture readable, `_` for other text.
    /// Never `?`, which would look like part of the data.
    static func asciiStandIn(for scalar: Unicode.Scalar) -> UInt8 {
        switch scalar.value {
        case 0x2500, 0x2501, 0x2550, 0x254C, 0x254D, 0x2504, 0x2505: return UInt8(ascii: "-")  // ─ ━ ═ ╌
        case 0x2502, 0x2503, 0x2551, 0x254E, 0x254F, 0x2506, 0x2507: return UInt8(ascii: "|")  // │ ┃ ║
        case 0x250C...0x254B, 0x2552...0x256C, 0x256D...0x2570: return UInt8(ascii: "+")  // corners, tees
        case 0x2581...0x2584: return UInt8(ascii: ".")  // ▁ ▂ ▃ ▄: low sparkline steps
        case 0x2585...0x2587: return UInt8(ascii: ":")  // ▅ ▆ ▇
        case 0x2588...0x258F: return UInt8(ascii: "#")  // █ and the partial blocks
        case 0x2591: return UInt8(ascii: ".")  // ░
        case 0x2592: return UInt8(ascii: ":")  // ▒ (in progress)
        case 0x2593: return UInt8(ascii: "%")  // ▓
        case 0x25B2, 0x2191: return UInt8(ascii: "^")  // ▲ ↑
        case 0x25BC, 0x25BE, 0x2193: return UInt8(ascii: "v")  // ▼ ▾ ↓
        case 0x25B6, 0x25B8, 0x2192, 0x21E2: return UInt8(ascii: ">")  // ▶ ▸ → ⇢
        case 0x25C0, 0x2190: return UInt8(ascii: "<")  // ◀ ←
        case 0x25C6, 0x25CF, 0x2022: return UInt8(ascii: "*")  // ◆ ● •
        case 0x00B7, 0x2026: return UInt8(ascii: ".")  // · …
        case 0x00D7: return UInt8(ascii: "x")  // ×
        case 0x21BB: return UInt8(ascii: "@")  // ↻
        case 0x2308, 0x2309: return UInt8(ascii: "'")  // ⌈ ⌉
        default: return UInt8(ascii: "_")
        }
    }
}
