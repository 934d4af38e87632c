import CNCursesW
import CursesTerminal
import Foundation

enum FuzzInput {
    /// The bytes as what ncurses hands the decoder, five at a time: a kind, then a 32-bit value
    /// (a character, a key code, mouse buttons). An Esc pairs with the next key, as Alt does;
    /// a kind of 3 reads the rest of the input as an extended capability name.
    static func run(_ data: Data) {
        var bytes = data[...]
        var pendingEscape = false
        while bytes.count >= 5 {
            let kind = bytes.removeFirst() % 4
            var value: UInt32 = 0
            for _ in 0..<4 { value = value << 8 | UInt32(bytes.removeFirst()) }
            switch kind {
            case 0:
                guard let key = InputDecoder.key(character: value) else { continue }
                if pendingEscape { _ = InputDecoder.alt(key) }
                pendingEscape = key.code == .escape
            case 1: _ = InputDecoder.key(code: Int32(bitPattern: value))
            case 2: _ = InputDecoder.mouse(buttons: mmask_t(value), x: Int32(value & 0xFF), y: Int32(value >> 24))
            default:
                _ = InputDecoder.key(extendedName: String(decoding: bytes, as: UTF8.self))
                return
            }
        }
    }
}
