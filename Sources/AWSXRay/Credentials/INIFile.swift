/// The INI dialect of `~/.aws/config` and `~/.aws/credentials`, read as botocore's
/// `RawConfigParser` reads it: `[section]` headers, `key = value` (or `key: value`), keys folded
/// to lower case, comments only on lines that start with `#` or `;` (a `#` inside a value is part
/// of it, since `credential_process` commands may contain one). Indented lines under a key with
/// no value form a nested sub-section (`s3 =` then `  max_concurrent_requests = 20`); the chain
/// never needs those, so they are kept apart and otherwise ignored.
struct INIFile: Sendable, Hashable {
    /// Section name, exactly as written between the brackets (trimmed) → key → value.
    var sections: [String: [String: String]] = [:]
    /// `section → "key.subkey" → value` for nested sub-sections, kept so nothing is silently lost.
    var nested: [String: [String: String]] = [:]

    /// Parses `text`; `name` is how errors refer to the file. Errors give a line number but never
    /// the line itself, which could hold a secret.
    static func parse(_ text: String, name: String) throws(CredentialError) -> INIFile {
        var file = INIFile()
        var section: String?
        var lastKey: String?
        var lineNumber = 0
        // `isNewline` also splits at "\r\n", which Swift treats as one Character, so files saved
        // on Windows read the same.
        // Notepad starts UTF-8 files with a byte-order mark, which is not part of the first line.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            let indented = line.first == " " || line.first == "\t"
            if indented, let current = section, let key = lastKey {
                // A continuation: a nested sub-section when the key had no value of its own,
                // else more of a multi-line value, as configparser joins them.
                if file.sections[current]?[key]?.isEmpty ?? false {
                    guard let (subkey, value) = splitSetting(trimmed) else {
                        throw .invalid("\(name) line \(lineNumber): expected `key = value` in the nested section")
                    }
                    file.nested[current, default: [:]]["\(key).\(subkey)"] = value
                } else {
                    file.sections[current]?[key]? += "\n" + trimmed
                }
                continue
            }
            if trimmed.hasPrefix("[") {
                guard trimmed.hasSuffix("]"), trimmed.count >= 2 else {
                    throw .invalid("\(name) line \(lineNumber): a section header must end with `]`")
                }
                let header = String(trimmed.dropFirst().dropLast()).trimmingWhitespace()
                section = header
                lastKey = nil
                // A repeated header adds to the section, where configparser would refuse the file.
                if file.sections[header] == nil { file.sections[header] = [:] }
                continue
            }
            guard let current = section else {
                throw .invalid("\(name) line \(lineNumber): a setting before any [section] header")
            }
            guard let (key, value) = splitSetting(trimmed) else {
                throw .invalid("\(name) line \(lineNumber): expected `key = value`")
            }
            file.sections[current, default: [:]][key] = value
            lastKey = key
        }
        return file
    }

    /// `key = value` or `key: value`, split at whichever delimiter comes first.
    private static func splitSetting(_ line: String) -> (String, String)? {
        guard let index = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return nil }
        let key = line[..<index].trimmingWhitespace().lowercased()
        guard !key.isEmpty else { return nil }
        return (key, line[line.index(after: index)...].trimmingWhitespace())
    }
}

extension StringProtocol {
    /// Spaces and tabs off both ends, without needing Foundation's character sets.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return String(self[start...end])
    }
}
