// Word boundaries and horizontal scrolling for `LineEditor`.

extension LineEditor {
    // MARK: - Words

    /// readline's word: a run of letters, digits and (unlike readline, so that identifiers
    /// such as `user_id` stay whole) underscores. Letters include Hangul, kana and CJK, and a
    /// cluster counts by its first scalar, so `é` as `e` + accent is a letter; emoji are not.
    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }

    /// Where Alt-B goes (readline's backward-word): back over non-word characters, then back
    /// over the word, to its first character.
    func wordStart(before index: Int) -> Int {
        let characters = Array(text)
        var start = index
        while start > 0 && !Self.isWordCharacter(characters[start - 1]) { start -= 1 }
        while start > 0 && Self.isWordCharacter(characters[start - 1]) { start -= 1 }
        return start
    }

    /// Where Alt-F goes (readline's forward-word): over non-word characters, then over the
    /// word, to just past its last character.
    func wordEnd(after index: Int) -> Int {
        let characters = Array(text)
        var end = index
        while end < characters.count && !Self.isWordCharacter(characters[end]) { end += 1 }
        while end < characters.count && Self.isWordCharacter(characters[end]) { end += 1 }
        return end
    }

    /// Where Ctrl-W's kill starts (bash's unix-word-rubout): back over whitespace, then back
    /// over everything that is not whitespace, so `service("a-b")` goes in one press.
    func shellWordStart(before index: Int) -> Int {
        let characters = Array(text)
        var start = index
        while start > 0 && characters[start - 1].isWhitespace { start -= 1 }
        while start > 0 && !characters[start - 1].isWhitespace { start -= 1 }
        return start
    }

    // MARK: - Viewport

    /// The part of the line a bar `width` cells wide shows, and where the cursor goes in it.
    public struct Viewport: Equatable, Sendable {
        /// The visible characters: whole ones only, fitting the width. A wide character that
        /// would straddle an edge is left out, and the caller leaves its cell blank.
        public var text: String
        /// Index in the line of the first visible character.
        public var firstCharacter: Int
        /// Column of the cursor within the viewport, from 0; always less than the width
        /// (0 when the width is 0, where nothing can be shown).
        public var cursorColumn: Int
        /// The width the viewport was made for.
        public var width: Int
        /// Whether `text` runs to the end of the line, so the end position has a column.
        var reachesEnd: Bool

        /// The column where character `index` of the line starts (an error position), or nil
        /// when it is scrolled out of view. `index` may be the line's length: the end of the
        /// line has a column when it is in view and a cell is left after the text.
        public func column(ofCharacter index: Int) -> Int? {
            let offset = index - firstCharacter
            let visible = Array(text)
            guard offset >= 0 else { return nil }
            if offset < visible.count { return DisplayWidth.of(String(visible[..<offset])) }
            guard offset == visible.count, reachesEnd else { return nil }
            let end = DisplayWidth.of(text)
            return end < width ? end : nil
        }
    }

    /// What a bar `width` cells wide shows of the line. Stateless, so it depends only on the
    /// text, the cursor and the width: the view starts as early as it can while the cursor's
    /// cell (two for a wide character; one past the end of the text) and up to a quarter of
    /// the width of the text after the cursor still fit. So a line that fits starts at 0, and
    /// a long one scrolls only once the cursor nears the right edge, then keeps as much text
    /// before the cursor as it can (what was just typed, or what Backspace would delete).
    public func viewport(width: Int) -> Viewport {
        let cells = text.map { DisplayWidth.of($0) }
        guard width > 0 else {
            return Viewport(text: "", firstCharacter: cursor, cursorColumn: 0, width: 0, reachesEnd: false)
        }
        // Context after the cursor, so Delete and Alt-D do not act blind; whole characters.
        var after = 0
        var next = cursor + 1
        while next < cells.count && after + cells[next] <= width / 4 {
            after += cells[next]
            next += 1
        }
        var used = (cursor < cells.count ? max(cells[cursor], 1) : 1) + after
        var start = cursor
        while start > 0 && used + cells[start - 1] <= width {
            start -= 1
            used += cells[start]
        }
        // Then as much as fits to the right of the start.
        var end = start
        var shown = 0
        while end < cells.count && shown + cells[end] <= width {
            shown += cells[end]
            end += 1
        }
        let characters = Array(text)
        return Viewport(
            text: String(characters[start..<end]), firstCharacter: start,
            cursorColumn: cells[start..<cursor].reduce(0, +), width: width, reachesEnd: end == cells.count)
    }
}
