/// Why a theme could not be used, phrased as a compiler would: `file:line: key: problem`, so
/// the user can go straight to the mistake (`themes/light.toml:12: roles."node.fault".fg:
/// unknown colour "rde" (did you mean "red"?)`).
public struct ThemeError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var key: String?
    public var message: String

    public init(file: String, line: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        file + (line.map { ":\($0)" } ?? "") + ": " + (key.map { "\($0): " } ?? "") + message
    }
}
