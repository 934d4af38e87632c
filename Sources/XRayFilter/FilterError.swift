/// A filter expression that cannot be used, with the column (1-based, in characters) where the
/// problem is and a message that says what was found and what was expected. The CLI prints it
/// with a caret under the column; the explorer's filter bar shows the same object.
public struct FilterError: Error, Sendable, Hashable, CustomStringConvertible {
    public var column: Int
    public var message: String

    public init(column: Int, _ message: String) {
        self.column = column
        self.message = message
    }

    /// `column 15: http.status takes a number, found the string "abc"`
    public var description: String { "column \(column): \(message)" }
}
