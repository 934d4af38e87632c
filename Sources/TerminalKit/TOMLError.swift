/// A mistake in a TOML file: the line it is on (1-based), the key it concerns when there is
/// one (as written in the file, e.g. `roles."node.fault"`), and what is wrong.
public struct TOMLError: Error, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var key: String?
    public var message: String

    public init(line: Int, key: String? = nil, message: String) {
        self.line = line
        self.key = key
        self.message = message
    }

    /// `line 3: roles.text: expected a value`
    public var description: String {
        "line \(line): " + (key.map { "\($0): " } ?? "") + message
    }
}
