/// The lines a prompt has accepted, oldest first, for ↑/↓ recall and Ctrl-R search. Pure: the
/// caller reads and writes the file (`init(fileContents:limit:)`, `fileContents`).
///
/// Walking: the first `older(from:)` keeps the line being typed as the draft; `newer()` past
/// the newest entry gives the draft back, as a shell does. Edits made to a recalled entry are
/// not kept when walking on (unlike bash), which keeps the history a plain list.
public struct LineHistory: Equatable, Sendable {
    /// The entries, oldest first: one line each, trimmed, non-empty, no duplicates.
    public private(set) var entries: [String] = []
    /// How many entries are kept; the oldest go first.
    public let limit: Int
    /// The entry the walk is showing, or nil when not walking (the draft is showing).
    public private(set) var position: Int?
    /// The line as it was before walking began.
    private var draft = ""

    public init(limit: Int = 500) {
        self.limit = max(limit, 0)
    }

    /// A history read from a file of one entry per line, oldest first. Empty lines are
    /// skipped, and lines go through `add`, so a hand-edited file is cleaned on the way in.
    public init(fileContents: String, limit: Int = 500) {
        self.init(limit: limit)
        for line in fileContents.split(whereSeparator: \.isNewline) { add(String(line)) }
    }

    /// The newest `limit` entries, one per line, for the caller to write to the file.
    public var fileContents: String {
        entries.suffix(limit).map { $0 + "\n" }.joined()
    }

    /// Records an accepted line as the newest entry, and ends any walk. The line is cleaned
    /// as `LineEditor.insert` cleans it (so an entry can never hold a line break) and trimmed;
    /// an empty line is ignored, and a line already present moves to the newest position
    /// rather than appearing twice (which also ignores repeating the newest).
    public mutating func add(_ line: String) {
        position = nil
        draft = ""
        var trimmed = Substring(LineEditor.sanitized(line))
        while trimmed.first?.isWhitespace == true { trimmed.removeFirst() }
        while trimmed.last?.isWhitespace == true { trimmed.removeLast() }
        guard !trimmed.isEmpty, limit > 0 else { return }
        let entry = String(trimmed)
        entries.removeAll { $0 == entry }
        entries.append(entry)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
    }

    /// ↑: the next older entry to show, or nil at the oldest (or with no history), where the
    /// line should stay as it is. `draft` is the line being typed; it is kept on the first
    /// step of a walk only.
    public mutating func older(from draft: String) -> String? {
        guard let position else {
            guard !entries.isEmpty else { return nil }
            self.draft = draft
            self.position = entries.count - 1
            return entries[entries.count - 1]
        }
        guard position > 0 else { return nil }
        self.position = position - 1
        return entries[position - 1]
    }

    /// ↓: the next newer entry to show; past the newest, the draft the walk began from; nil
    /// when not walking, where the line should stay as it is.
    public mutating func newer() -> String? {
        guard let position else { return nil }
        guard position < entries.count - 1 else {
            self.position = nil
            return draft
        }
        self.position = position + 1
        return entries[position + 1]
    }

    /// Ends a walk without recording anything (the prompt was cancelled), so the next ↑
    /// starts again from the newest entry.
    public mutating func endWalk() {
        position = nil
        draft = ""
    }

    /// Ctrl-R: the newest entry older than `position` (or the newest of all, when nil) that
    /// contains `query`, ignoring case, with its index; pass the index back as `position` to
    /// find the next older match. Nil when nothing matches or `query` is empty, as in bash.
    public func search(_ query: String, before position: Int? = nil) -> (index: Int, entry: String)? {
        guard !query.isEmpty else { return nil }
        let needle = query.lowercased()
        let end = min(max(position ?? entries.count, 0), entries.count)
        guard let index = entries[..<end].lastIndex(where: { $0.lowercased().contains(needle) }) else { return nil }
        return (index, entries[index])
    }
}
