import CNCursesW

/// The wide characters one `Cell` becomes, checked against ncurses' own idea of their width
/// (`wcwidth` in the current locale). `Screen` lays text out with `DisplayWidth`; if ncurses
/// disagreed and we drew anyway, every cell after it on the row would land one column off. So a
/// cell is drawn as its grapheme only when both agree, and otherwise as something that keeps
/// the columns: the bare base character, or `?`.
enum Glyph {
    /// Room for the base character, the zero-width marks ncurses keeps with it, and the NUL.
    static let capacity = Int(CCHARW_MAX) + 1

    /// Writes the NUL-terminated characters for `character`, which the screen laid out
    /// `cells` wide, into `buffer` (at least `capacity` long). Returns the columns ncurses will
    /// use for them, never more than `cells`; the caller pads the rest with spaces.
    static func encode(_ character: Character, cells: Int, into buffer: UnsafeMutableBufferPointer<wchar_t>) -> Int {
        // Most cells are printable ASCII: one column everywhere, no need to ask wcwidth.
        if let ascii = character.asciiValue, ascii >= 0x20, ascii < 0x7F {
            buffer[0] = wchar_t(ascii)
            buffer[1] = 0
            return 1
        }
        var scalars = character.unicodeScalars.makeIterator()
        guard let base = scalars.next(), !isControl(base) else { return placeholder(into: buffer) }
        let width = Int(xr_wcwidth(wchar_t(base.value)))
        // Not printable in this locale (no UTF-8: LANG=C): a stand-in in ASCII, the rest padded.
        if width < 0 {
            buffer[0] = wchar_t(asciiStandIn(for: base))
            buffer[1] = 0
            return 1
        }
        guard width > 0, width <= cells else { return placeholder(into: buffer) }
        buffer[0] = wchar_t(base.value)
        var count = 1
        // Marks only when the widths agree: a wide grapheme that ncurses sees as narrow is
        // usually a text-style symbol plus an emoji selector, and without the selector
        // terminals draw it narrow too. A cell holds one spacing character, so the rest of an
        // emoji ZWJ sequence is lost, and its joiner goes too: left dangling at the end of the
        // cell it would ask the terminal to join the next cell's character to this one.
        if width == cells {
            while let scalar = scalars.next(), count < capacity - 1 {
                guard scalar.value != 0x200D else { continue }
                guard !isControl(scalar), xr_wcwidth(wchar_t(scalar.value)) == 0 else { continue }
                buffer[count] = wchar_t(scalar.value)
                count += 1
            }
        }
        buffer[count] = 0
        return width
    }

    /// `?` for what cannot be drawn as is: a control character (which must never reach the
    /// terminal), or something this locale cannot print or measures differently.
    private static func placeholder(into buffer: UnsafeMutableBufferPointer<wchar_t>) -> Int {
        buffer[0] = wchar_t(UInt8(ascii: "?"))
        buffer[1] = 0
        return 1
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
    }
}
