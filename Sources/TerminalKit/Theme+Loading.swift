import Foundation

extension Theme {
    /// Reads a theme file. See themes/README.md for the format.
    public static func load(path: String) throws(ThemeError) -> Theme {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ThemeError(file: path, message: "cannot read the theme file (\(error.localizedDescription))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ThemeError(file: path, message: "the theme file is not UTF-8 text")
        }
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try Theme(toml: text, file: path, defaultName: stem)
    }

    /// Finds a theme by name: `NAME.toml` in the first folder of `searchPath` that has one, then
    /// the built-in `default` and `mono` themes, so a missing or incomplete themes/ folder never
    /// stops the program. A name with a `/` or ending in `.toml` is a path and is loaded as is.
    public static func named(_ name: String, searchPath: [String]) throws(ThemeError) -> Theme {
        if name.contains("/") || name.hasSuffix(".toml") { return try load(path: name) }
        for folder in searchPath {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(name + ".toml").path
            if FileManager.default.fileExists(atPath: path) { return try load(path: path) }
        }
        if let builtIn = builtIns[name] { return builtIn }
        let looked = searchPath.isEmpty ? "" : " in " + searchPath.joined(separator: ", ")
        let hint = Suggestion.hint(for: name, in: availableNames(searchPath: searchPath))
        throw ThemeError(
            file: name, message: "no theme file \(name).toml\(looked), and no built-in theme of that name\(hint)")
    }

    /// The themes that `named(_:searchPath:)` can find, sorted: the built-ins and every `.toml`
    /// file in the search path.
    public static func availableNames(searchPath: [String]) -> [String] {
        var names = Set(builtIns.keys)
        for folder in searchPath {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for file in files where file.hasSuffix(".toml") { names.insert(String(file.dropLast(5))) }
        }
        return names.sorted()
    }

    static var builtIns: [String: Theme] { ["default": .builtInDefault, "mono": .monochrome] }
}
