/// Reading a theme from TOML text: the format is in themes/README.md. Everything the parser
/// accepts but a theme cannot use (an unknown role, a misspelt colour, a string where a flag
/// belongs) is an error naming the line and key, with a guess at what was meant.
extension Theme {
    /// The settings a role's table may hold.
    static let appearanceKeys = ["fg", "bg", "bold", "underline", "reverse", "dim"]

    /// Builds a theme from the text of a theme file; `file` is only used in error messages, and
    /// `defaultName` is the name when the file does not set one.
    public init(toml text: String, file: String, defaultName: String) throws(ThemeError) {
        let document: TOMLDocument
        do {
            document = try TOMLDocument(parsing: text)
        } catch {
            throw ThemeError(file: file, line: error.line, key: error.key, message: error.message)
        }
        let root = document.root
        for key in root.keys where key != "name" && key != "roles" {
            throw ThemeError(
                file: file, line: root.line(of: key), key: TOMLKey.display(key),
                message: "unknown setting (a theme has a name and a [roles] table)")
        }
        var name = defaultName
        if let value = root["name"] {
            guard let string = value.string else {
                throw ThemeError(
                    file: file, line: root.line(of: "name"), key: "name",
                    message: "expected a string, found \(value.kindDescription)")
            }
            name = string
        }
        var appearances: [Role: Appearance] = [:]
        if let value = root["roles"] {
            guard let roles = value.table else {
                throw ThemeError(
                    file: file, line: root.line(of: "roles"), key: "roles",
                    message: "expected a table of roles, found \(value.kindDescription)")
            }
            let known = Role.all.map(\.name)
            for roleName in roles.keys {
                let path = ["roles", roleName]
                guard known.contains(roleName) else {
                    let hint =
                        Self.unquotedRoleHint(roleName, roles[roleName]?.table)
                        ?? Suggestion.hint(for: roleName, in: known)
                    throw ThemeError(
                        file: file, line: roles.line(of: roleName), key: TOMLKey.display(path),
                        message: "unknown role\(hint)")
                }
                guard let settings = roles[roleName]?.table else {
                    throw ThemeError(
                        file: file, line: roles.line(of: roleName), key: TOMLKey.display(path),
                        message: "expected a table such as { fg = \"red\", bold = true }, found "
                            + (roles[roleName]?.kindDescription ?? "nothing"))
                }
                appearances[Role(roleName)] = try Self.appearance(from: settings, path: path, file: file)
            }
        }
        self.init(name: name, appearances: appearances)
    }

    private static func appearance(from settings: TOMLTable, path: [String], file: String) throws(ThemeError)
        -> Appearance
    {
        var appearance = Appearance()
        for key in settings.keys {
            let value = settings[key]!
            func problem(_ message: String) -> ThemeError {
                ThemeError(
                    file: file, line: settings.line(of: key), key: TOMLKey.display(path + [key]), message: message)
            }
            if value.table != nil, Role.all.contains(Role(path[1] + "." + key)) {
                throw problem("role names with dots need quotes: \"\(path[1]).\(key)\" = { ... }")
            }
            switch key {
            case "fg", "bg":
                let color: Color
                switch value {
                case .string(let name):
                    guard let parsed = Color(name: name) else {
                        let hint = Suggestion.hint(for: name, in: Color.ansiNames + ["default"])
                        throw problem("unknown colour \"\(name)\"\(hint)")
                    }
                    color = parsed
                case .integer(let number):
                    guard let parsed = Color(paletteIndex: number) else {
                        throw problem("colour number \(number) is outside 0-255")
                    }
                    color = parsed
                default:
                    throw problem("expected a colour name, \"#rrggbb\" or 0-255, found \(value.kindDescription)")
                }
                if key == "fg" { appearance.foreground = color } else { appearance.background = color }
            case "bold", "underline", "reverse", "dim":
                guard let flag = value.boolean else {
                    throw problem("expected true or false, found \(value.kindDescription)")
                }
                switch key {
                case "bold": appearance.bold = flag
                case "underline": appearance.underline = flag
                case "reverse": appearance.reverse = flag
                default: appearance.dim = flag
                }
            default:
                let hint = Suggestion.hint(for: key, in: appearanceKeys)
                throw problem(
                    "unknown setting" + (hint.isEmpty ? " (expected fg, bg, bold, underline, reverse or dim)" : hint))
            }
        }
        return appearance
    }

    /// `text.dim = { ... }` without quotes is TOML for a table `text` holding `dim`, which would
    /// otherwise produce a baffling message; this names the real mistake.
    static func unquotedRoleHint(_ parent: String, _ table: TOMLTable?) -> String? {
        guard let table else { return nil }
        let known = Set(Role.all.map(\.name))
        guard let child = table.keys.first(where: { table[$0]?.table != nil && known.contains(parent + "." + $0) })
        else { return nil }
        return "; role names with dots need quotes: \"\(parent).\(child)\" = { ... }"
    }
}
