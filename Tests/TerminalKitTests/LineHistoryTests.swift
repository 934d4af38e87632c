import TerminalKit
import Testing

@Suite struct LineHistoryTests {
    static func history(_ entries: [String], limit: Int = 500) -> LineHistory {
        var history = LineHistory(limit: limit)
        for entry in entries { history.add(entry) }
        return history
    }

    /// (lines added, entries kept)
    static let additions: [([String], [String])] = [
        (["a", "b", "c"], ["a", "b", "c"]),
        (["  service(\"front\")  \n"], ["service(\"front\")"]),
        (["", "   ", "\n\t", "a"], ["a"]),
        (["a", "a", "a"], ["a"]),
        (["a", "b", "a"], ["b", "a"]),
        (["a", "b", "c", "a", "b"], ["c", "a", "b"]),
        (["one\ntwo", "x\r\ny\tz"], ["one two", "x y z"]),
        (["\u{1B}[1mbold"], ["[1mbold"]),
        (["서비스 front", "フロント-back"], ["서비스 front", "フロント-back"]),
    ]

    @Test(arguments: additions) func addCleansAndDeduplicates(_ row: ([String], [String])) {
        #expect(Self.history(row.0).entries == row.1)
    }

    @Test func addDropsTheOldestPastTheLimit() {
        let history = Self.history((1...7).map(String.init), limit: 3)
        #expect(history.limit == 3)
        #expect(history.entries == ["5", "6", "7"])
        #expect(LineHistory().limit == 500)
        #expect(Self.history(["a"], limit: 0).entries.isEmpty)
        #expect(Self.history(["a"], limit: -2).entries.isEmpty)
    }

    /// A walk: each step is ↑ (true) or ↓ (false) and what it shows (nil: stay as is).
    static let walks: [([String], [(Bool, String?)])] = [
        // Up to the oldest and past it, then back down to the draft and past it.
        (
            ["a", "b", "c"],
            [
                (true, "c"), (true, "b"), (true, "a"), (true, nil), (false, "b"), (false, "c"),
                (false, "draft"), (false, nil),
            ]
        ),
        // After returning to the draft, ↑ starts again from the newest.
        (["a", "b"], [(true, "b"), (false, "draft"), (true, "b"), (true, "a")]),
        // With no history nothing moves.
        ([], [(true, nil), (false, nil), (true, nil)]),
        // ↓ before any ↑ has nothing to show.
        (["a"], [(false, nil), (true, "a"), (true, nil), (false, "draft")]),
    ]

    @Test(arguments: walks) func walkingOlderAndNewer(_ row: ([String], [(Bool, String?)])) {
        var history = Self.history(row.0)
        for (step, (up, expected)) in row.1.enumerated() {
            let shown = up ? history.older(from: "draft") : history.newer()
            #expect(shown == expected, "step \(step)")
        }
    }

    @Test func theDraftIsTakenOnlyWhenTheWalkBegins() {
        var history = Self.history(["a", "b"])
        #expect(history.older(from: "typed") == "b")
        #expect(history.position == 1)
        // The line now shows "b" (maybe edited); going further keeps the first draft.
        #expect(history.older(from: "b edited") == "a")
        #expect(history.position == 0)
        #expect(history.newer() == "b")
        #expect(history.newer() == "typed")
        #expect(history.position == nil)
    }

    @Test func addingOrEndingEndsTheWalk() {
        var history = Self.history(["a", "b", "c"])
        _ = history.older(from: "")
        _ = history.older(from: "")
        history.add("d")
        #expect(history.position == nil)
        #expect(history.older(from: "") == "d")

        history.endWalk()
        #expect(history.position == nil)
        #expect(history.newer() == nil)
        #expect(history.older(from: "x") == "d")
    }

    static let searchable = history([
        "service(\"front\")", "http.status = 500", "service(\"back\")", "error", "Service(\"서비스\")",
    ])

    /// (query, before, expected index)
    static let searches: [(String, Int?, Int?)] = [
        ("service", nil, 4),
        ("service", 4, 2),
        ("service", 2, 0),
        ("service", 0, nil),
        ("SERVICE(\"B", nil, 2),
        ("500", nil, 1),
        ("서비스", nil, 4),
        ("front", 0, nil),
        ("nothing", nil, nil),
        ("", nil, nil),
        // Out-of-range positions are clamped.
        ("error", 99, 3),
        ("error", -1, nil),
    ]

    @Test(arguments: searches) func reverseSearchFindsNewestMatchFirst(_ row: (String, Int?, Int?)) {
        let found = Self.searchable.search(row.0, before: row.1)
        #expect(found?.index == row.2)
        if let index = row.2 { #expect(found?.entry == Self.searchable.entries[index]) }
    }

    @Test func repeatedCtrlRWalksOlderMatches() {
        var found: [String] = []
        var position: Int?
        while let match = Self.searchable.search("s", before: position) {
            found.append(match.entry)
            position = match.index
        }
        #expect(found == ["Service(\"서비스\")", "service(\"back\")", "http.status = 500", "service(\"front\")"])
    }

    @Test func fileContentsRoundTrip() {
        let history = LineHistory(fileContents: "a\n\nb\r\n  c  \n\n", limit: 10)
        #expect(history.entries == ["a", "b", "c"])
        #expect(history.fileContents == "a\nb\nc\n")
        #expect(LineHistory(fileContents: history.fileContents, limit: 10) == history)
        #expect(LineHistory(fileContents: "").entries.isEmpty)
        #expect(LineHistory().fileContents == "")
    }

    @Test func fileContentsKeepTheNewestEntries() {
        let file = (1...10).map { "filter \($0)\n" }.joined()
        let history = LineHistory(fileContents: file, limit: 3)
        #expect(history.entries == ["filter 8", "filter 9", "filter 10"])
        #expect(history.fileContents == "filter 8\nfilter 9\nfilter 10\n")
        // A repeated line in the file counts once, at its newest place.
        #expect(LineHistory(fileContents: "a\nb\na\n").entries == ["b", "a"])
    }

    @Test func entriesNeverHoldLineBreaks() {
        var history = LineHistory()
        history.add("first\nsecond\rthird")
        #expect(history.entries == ["first second third"])
        #expect(LineHistory(fileContents: history.fileContents).entries == history.entries)
    }
}
