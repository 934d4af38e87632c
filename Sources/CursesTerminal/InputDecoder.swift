import CNCursesW
import TerminalKit

/// Maps what `wget_wch` and `getmouse` return to `Key`s and `MouseEvent`s. Pure, so the table
/// can be read (and reasoned about) apart from the terminal that produces the codes.
public enum InputDecoder {
    /// A character `wget_wch` returned with `OK`. In cbreak mode control keys arrive as C0
    /// codes: Ctrl-letter is 1-26, except the ones that double as Tab (9), Enter (10, 13 with
    /// `nonl`) and Backspace (8, and 127 from most terminals). Esc is 27. Nil for C1 controls
    /// and anything that is not a Unicode scalar.
    public static func key(character code: UInt32) -> Key? {
        switch code {
        case 10, 13: return Key(.enter)
        case 9: return Key(.tab)
        case 8, 127: return Key(.backspace)
        case 27: return Key(.escape)
        case 0: return .ctrl(" ")
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(code) + 0x60)))
        case 28...31: return .ctrl(Character(Unicode.Scalar(UInt8(code) + 0x40)))  // \ ] ^ _
        case 0x80..<0xA0: return nil
        default: return Unicode.Scalar(code).map { .char(Character($0)) }
        }
    }

    /// A key code `wget_wch` returned with `KEY_CODE_YES`; nil for codes the program has no
    /// name for (shifted arrows, keypad corners, ...), which the caller skips.
    public static func key(code: Int32) -> Key? {
        switch code {
        case KEY_UP: return Key(.up)
        case KEY_DOWN: return Key(.down)
        case KEY_LEFT: return Key(.left)
        case KEY_RIGHT: return Key(.right)
        case KEY_HOME: return Key(.home)
        case KEY_END: return Key(.end)
        case KEY_PPAGE: return Key(.pageUp)
        case KEY_NPAGE: return Key(.pageDown)
        case KEY_ENTER: return Key(.enter)
        case KEY_BTAB: return Key(.backTab)
        case KEY_BACKSPACE: return Key(.backspace)
        case KEY_DC: return Key(.delete)
        case (KEY_F0 + 1)...(KEY_F0 + 63): return Key(.function(Int(code - KEY_F0)))
        default: return nil
        }
    }

    /// Modified cursor keys have no fixed codes: ncurses numbers them from the terminfo
    /// entry's extended capabilities, whose names (`kUP3`, `kRIT5`) say the key and, as xterm
    /// encodes it, the modifiers: 3 Alt, 5 Ctrl, 7 both. Shift (2, 4, 6, 8) has no place in
    /// `Key`, so those stay unnamed.
    public static func key(extendedName name: String) -> Key? {
        guard let modifier = name.last?.wholeNumberValue, name.first == "k" else { return nil }
        let codes: [String: Key.Code] = [
            "UP": .up, "DN": .down, "LFT": .left, "RIT": .right, "HOM": .home, "END": .end,
            "PRV": .pageUp, "NXT": .pageDown, "DC": .delete,
        ]
        guard let code = codes[String(name.dropFirst().dropLast())] else { return nil }
        switch modifier {
        case 3: return Key(code, alt: true)
        case 5: return Key(code, control: true)
        case 7: return Key(code, control: true, alt: true)
        default: return nil
        }
    }

    /// Terminals send Alt-x as Esc then x; the caller has read both and asks for the pair.
    /// Esc Esc is not Alt-Esc but two presses, so nil tells the caller to keep the second.
    public static func alt(_ key: Key) -> Key? {
        guard key.code != .escape, !key.alt else { return nil }
        return Key(key.code, control: key.control, alt: true)
    }

    /// Button 1 press and release, and the wheel (buttons 4 and 5, which ncurses reports as
    /// presses). Nil for the rest (other buttons, or motion when a terminal reports it anyway).
    public static func mouse(buttons: mmask_t, x: Int32, y: Int32) -> MouseEvent? {
        let kind: MouseEvent.Kind
        if buttons & xr_button4_pressed() != 0 {
            kind = .wheelUp
        } else if xr_button5_pressed() != 0 && buttons & xr_button5_pressed() != 0 {
            kind = .wheelDown
        } else if buttons & xr_button1_pressed() != 0 {
            kind = .press
        } else if buttons & xr_button1_released() != 0 {
            kind = .release
        } else {
            return nil
        }
        return MouseEvent(kind, x: Int(x), y: Int(y))
    }

    /// Every event `mouse(buttons:x:y:)` can name; what `mousemask` asks the terminal for.
    static var mouseMask: mmask_t {
        xr_button1_pressed() | xr_button1_released() | xr_button4_pressed() | xr_button5_pressed()
    }
}
