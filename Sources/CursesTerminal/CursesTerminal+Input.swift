import CNCursesW
import TerminalKit

extension CursesTerminal {
    /// Waits up to `timeoutMilliseconds` (forever when nil) for a key, a mouse event or a
    /// resize. Codes with no meaning here are skipped without ending the wait early, so a
    /// caller polling every 100 ms sees nil only when that time has really passed.
    public func nextEvent(timeoutMilliseconds: Int?) -> InputEvent? {
        guard !isShutDown else { return nil }
        let clock = ContinuousClock()
        let deadline = timeoutMilliseconds.map { clock.now.advanced(by: .milliseconds(max(0, $0))) }
        while true {
            wtimeout(window, deadline.map { Self.milliseconds(until: $0, on: clock) } ?? -1)
            var code: wint_t = 0
            let status = wget_wch(window, &code)
            // ERR: the time ran out (or a signal interrupted a blocking read).
            guard status != ERR else { return nil }
            if let event = event(status: status, code: code) { return event }
        }
    }

    private func event(status: Int32, code: wint_t) -> InputEvent? {
        if status == KEY_CODE_YES {
            switch Int32(code) {
            case KEY_RESIZE:
                // ncurses has already resized stdscr (its SIGWINCH handler), so this is the new size.
                return .resize(width: Int(getmaxx(window)), height: Int(getmaxy(window)))
            case Self.pasteStartCode:
                return .paste(readPaste())
            case Self.pasteEndCode:
                return nil
            case KEY_MOUSE:
                var mouse = MEVENT()
                guard getmouse(&mouse) == OK else { return nil }
                return InputDecoder.mouse(buttons: mouse.bstate, x: mouse.x, y: mouse.y).map(InputEvent.mouse)
            default:
                return Self.key(code: Int32(code)).map(InputEvent.key)
            }
        }
        guard code == 27 else { return InputDecoder.key(character: UInt32(code)).map(InputEvent.key) }
        return .key(escapeOrAlt())
    }

    /// Key codes ncurses returns for the bracketed-paste markers `ESC [200~` and `ESC [201~`
    /// (`define_key` in `configure`). ncurses numbers a terminal's extra keys from `KEY_MAX`
    /// up (`kDC6`, `kDN` on urxvt), so these are taken well above that range, and checked
    /// to have no name there.
    static let pasteStartCode = freeKeyCode(from: 0x7000)
    static let pasteEndCode = freeKeyCode(from: pasteStartCode + 1)

    private static func freeKeyCode(from start: Int32) -> Int32 {
        var code = start
        while keyname(code) != nil { code += 1 }
        return code
    }
    /// A paste longer than this is cut: a prompt holds one line.
    static let maxPasteCharacters = 65_536

    /// The text between the paste markers, as one string. A terminal that never sends the
    /// end marker cannot hang the program: a pause of half a second ends the paste.
    private func readPaste() -> String {
        var text = String.UnicodeScalarView()
        var count = 0
        while true {
            wtimeout(window, 500)
            var code: wint_t = 0
            let status = wget_wch(window, &code)
            if status == ERR || (status == KEY_CODE_YES && Int32(code) == Self.pasteEndCode) { break }
            guard status == OK, count < Self.maxPasteCharacters else { continue }
            // nonl() gives Return as CR; a pasted line break is a newline.
            let value = UInt32(code) == 13 ? 10 : UInt32(code)
            if let scalar = Unicode.Scalar(value) {
                text.append(scalar)
                count += 1
            }
        }
        return String(text)
    }

    /// Terminals send Alt-x as Esc followed at once by x. ncurses has already waited ESCDELAY
    /// for a function-key sequence, so whatever follows is read without waiting: if it makes
    /// an Alt key, that is the key; if not, it is pushed back for the next call.
    private func escapeOrAlt() -> Key {
        wtimeout(window, 0)
        var code: wint_t = 0
        let status = wget_wch(window, &code)
        switch status {
        case OK:
            if let key = InputDecoder.key(character: UInt32(code)), let alt = InputDecoder.alt(key) { return alt }
            unget_wch(wchar_t(truncatingIfNeeded: code))
        case KEY_CODE_YES:
            if let key = Self.key(code: Int32(code)), let alt = InputDecoder.alt(key) { return alt }
            ungetch(Int32(code))
        default:
            break
        }
        return Key(.escape)
    }

    /// A key code by its fixed number, or else by the terminfo name ncurses gave it.
    private static func key(code: Int32) -> Key? {
        if let key = InputDecoder.key(code: code) { return key }
        guard let name = keyname(code) else { return nil }
        return InputDecoder.key(extendedName: String(cString: name))
    }

    /// Whole milliseconds left, rounded up so a wait never ends before the deadline.
    private static func milliseconds(until deadline: ContinuousClock.Instant, on clock: ContinuousClock) -> Int32 {
        let (seconds, attoseconds) = (deadline - clock.now).components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: max(0, milliseconds))
    }
}
