import TerminalKit

/// The themes `:theme` can switch to, and how to load one by name.
public struct ThemeCatalog: Sendable {
    public var names: [String]
    public var load: @Sendable (String) throws -> Theme

    public init(names: [String], load: @escaping @Sendable (String) throws -> Theme) {
        self.names = names
        self.load = load
    }
}
