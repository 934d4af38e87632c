import TerminalKit
import XRayFilter
import XRayModel

extension FilterError {
    /// The expression with a caret under the column, placed by display width so it lands
    /// under the right character after Korean or Japanese text too.
    func pointing(into expression: String) -> String {
        let line = Sanitizer.clean(expression)
        let offset = DisplayWidth.of(String(line.prefix(max(0, column - 1))))
        return "  " + line + "\n  " + String(repeating: " ", count: offset) + "^"
    }
}
