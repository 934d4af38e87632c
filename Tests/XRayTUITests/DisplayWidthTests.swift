import TerminalKit
import Testing

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("plain", 5),
        ("주문-서비스", 11),  // five Hangul syllables and a hyphen
        ("在庫サービス", 12),
        ("ｶﾀｶﾅ", 4),  // halfwidth katakana are narrow
        ("ｅｋｓ", 6),  // fullwidth Latin is wide
        ("e\u{301}", 1),  // combining acute accent
        ("한\u{1161}", 2),  // a jungseong after a syllable adds nothing
        ("👍", 2),
        ("👍🏽", 2),  // skin-tone modifier
        ("👩‍💻", 2),  // ZWJ sequence
        ("❤️", 2),  // VS16 makes it an emoji
        ("a\u{200B}b", 2),  // zero-width space
        ("\u{1B}[31m", 4),  // ESC has no width (and never reaches the screen)
    ])
    func width(_ text: String, _ cells: Int) {
        #expect(DisplayWidth.of(text) == cells)
    }

    @Test func truncationCountsCellsNotCharacters() {
        #expect(DisplayWidth.truncate("在庫サービス", to: 7) == "在庫サ…")
        #expect(DisplayWidth.of(DisplayWidth.truncate("在庫サービス", to: 7)) == 7)
        #expect(DisplayWidth.truncate("abc", to: 3) == "abc")
        #expect(DisplayWidth.pad("주문", to: 6) == "주문  ")
        #expect(DisplayWidth.pad("x", to: 3, alignRight: true) == "  x")
    }
}
