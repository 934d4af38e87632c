/// A single-line text editor with readline's keys, for the explorer's prompts: the filter bar,
/// the search and save prompts, the `:` command line. It is only state: the caller feeds it
/// keys, draws `viewport(width:)`, and decides what Enter, Esc, Tab, ↑/↓ and Ctrl-R mean.
///
/// The cursor counts Characters (grapheme clusters), so a Hangul syllable, an `e` with a
/// combining accent or a flag emoji moves and deletes as one. The text never holds control
/// characters: whatever comes in is cleaned first, so nothing typed or pasted can reach the
/// terminal as a command.
public struct LineEditor: Hashable, Sendable {
    /// What a key did, so the caller knows whether to re-run a live filter, only redraw, or
    /// handle the key itself.
    public enum Outcome: Equatable, Sendable {
        /// The text changed.
        case edited
        /// The editor used the key and the text is unchanged: the cursor moved, or the key had
        /// nothing to act on (← at the start, Backspace or Ctrl-K with nothing to delete).
        case moved
        /// Not an editing key: Enter, Esc, Tab, ↑/↓, Ctrl-R, unbound Ctrl and Alt keys, and
        /// Ctrl-D on an empty line (which a prompt may take as "close", like EOF in a shell).
        case unhandled
    }

    /// The line, without control characters.
    public private(set) var text: String
    /// Where the cursor is, in Characters from the start: 0...text.count.
    public private(set) var cursor: Int
    /// The last killed text, which Ctrl-Y inserts. Settable so a prompt that rebuilds its
    /// editor (Tab completion does) keeps it.
    public var killed = ""

    /// An editor holding `text` (cleaned as `insert` cleans it), with the cursor at `cursor`
    /// (clamped to the text) or at the end.
    public init(_ text: String = "", cursor: Int? = nil) {
        self.text = Self.sanitized(text)
        self.cursor = 0
        moveCursor(to: cursor ?? self.text.count)
    }

    /// Display cells from the start of the line to the cursor.
    public var cursorCell: Int { DisplayWidth.of(String(text.prefix(cursor))) }

    /// Puts the cursor at character `index`, clamped to the text.
    public mutating func moveCursor(to index: Int) {
        cursor = min(max(index, 0), text.count)
    }

    /// Applies one key. See `Outcome` for what the caller should do next.
    public mutating func handle(_ key: Key) -> Outcome {
        var code = key.code
        // Terminals have no case for Ctrl-letters; accept Ctrl-A as well as Ctrl-a.
        if key.control, case .character(let character) = code, let ascii = character.asciiValue,
            (65...90).contains(ascii)
        {
            code = .character(Character(Unicode.Scalar(ascii + 32)))
        }
        let count = text.count
        switch (code, key.control, key.alt) {
        case (.character(let character), false, false):
            return Self.isControl(character) ? .unhandled : splice(cursor..<cursor, with: String(character))
        case (.left, false, false), (.character("b"), true, false): return move(to: cursor - 1)
        case (.right, false, false), (.character("f"), true, false): return move(to: cursor + 1)
        case (.home, false, false), (.character("a"), true, false): return move(to: 0)
        case (.end, false, false), (.character("e"), true, false): return move(to: count)
        case (.left, true, false), (.character("b"), false, true): return move(to: wordStart(before: cursor))
        case (.right, true, false), (.character("f"), false, true): return move(to: wordEnd(after: cursor))
        case (.backspace, false, false), (.character("h"), true, false):
            return splice(max(cursor - 1, 0)..<cursor, with: "")
        case (.delete, false, false): return splice(cursor..<min(cursor + 1, count), with: "")
        case (.character("d"), true, false):
            return count == 0 ? .unhandled : splice(cursor..<min(cursor + 1, count), with: "")
        case (.character("w"), true, false): return kill(shellWordStart(before: cursor)..<cursor)
        case (.backspace, false, true): return kill(wordStart(before: cursor)..<cursor)
        case (.character("d"), false, true): return kill(cursor..<wordEnd(after: cursor))
        case (.character("u"), true, false): return kill(0..<cursor)
        case (.character("k"), true, false): return kill(cursor..<count)
        case (.character("l"), true, false): return kill(0..<count)
        case (.character("y"), true, false): return insert(killed)
        case (.character("t"), true, false): return transpose()
        default: return .unhandled
        }
    }

    /// Inserts `text` at the cursor as one edit (a paste, a completion). Line breaks and tabs
    /// become one space each, so a pasted `q\n` is just text and never submits the prompt;
    /// other control characters (C0, DEL, C1, so also the Esc of an escape sequence) go.
    @discardableResult
    public mutating func insert(_ text: String) -> Outcome {
        splice(cursor..<cursor, with: Self.sanitized(text))
    }

    /// Replaces the whole line (a history entry), cleaned as `insert` cleans it, with the
    /// cursor at the end. The kill buffer stays.
    public mutating func replace(with text: String) {
        self.text = Self.sanitized(text)
        cursor = self.text.count
    }

    // MARK: - Editing primitives

    private mutating func move(to index: Int) -> Outcome {
        moveCursor(to: index)
        return .moved
    }

    /// Removes `range` into the kill buffer. Each kill replaces the buffer: unlike readline,
    /// consecutive kills do not append, which keeps the editor free of "last command" state.
    /// An empty range leaves the buffer alone, so a stray Ctrl-K cannot lose what was killed.
    private mutating func kill(_ range: Range<Int>) -> Outcome {
        guard !range.isEmpty else { return .moved }
        killed = String(Array(text)[range])
        return splice(range, with: "")
    }

    /// readline's transpose-chars: swaps the characters either side of the cursor and moves
    /// past them; at the end of the line, swaps the last two.
    private mutating func transpose() -> Outcome {
        let characters = Array(text)
        guard characters.count >= 2, cursor > 0 else { return .moved }
        let at = min(cursor, characters.count - 1)
        return splice(at - 1..<at + 1, with: String([characters[at], characters[at - 1]]))
    }

    /// Replaces the characters in `range` with `new`, leaving the cursor after `new`. The line
    /// is rebuilt as a String rather than patched as an array because clusters can merge at
    /// the seams (typing a combining accent after `e` makes one `é`).
    private mutating func splice(_ range: Range<Int>, with new: String) -> Outcome {
        let characters = Array(text)
        let head = String(characters[..<range.lowerBound]) + new
        let result = head + String(characters[range.upperBound...])
        let changed = !result.unicodeScalars.elementsEqual(text.unicodeScalars)
        text = result
        moveCursor(to: head.count)
        return changed ? .edited : .moved
    }

    // MARK: - Cleaning

    /// `text` with line breaks and tabs turned into single spaces and other control characters
    /// removed: what a one-line field can hold and a terminal can draw.
    static func sanitized(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\n", "\r\n", "\r", "\t", "\u{2028}", "\u{2029}": result.append(" ")
            case _ where isControl(character): continue
            default: result.append(character)
            }
        }
        return result
    }

    /// C0 (including Esc), DEL and C1: never inserted, never drawn.
    static func isControl(_ character: Character) -> Bool {
        character.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }
    }
}
