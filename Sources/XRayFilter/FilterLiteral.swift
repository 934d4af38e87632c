import XRayModel

/// String literals of the filter language.
public enum FilterLiteral {
    /// `value` in double quotes, with the escapes the lexer reads back: the filter language's
    /// strings are JSON strings, so this is the JSON writer's. Every part of the program that
    /// writes a filter (quick filters, the map's "view traces", completion) uses it.
    public static func quoted(_ value: String) -> String { CLIJSONEncoder.quoted(value) }
}
