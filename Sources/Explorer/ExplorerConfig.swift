import Foundation
import TerminalKit
import XRayFilter
import XRayModel

/// `$XDG_CONFIG_HOME/xray-tui/config.toml` (or `~/.config/...`): the defaults a user sets once.
///
///     theme = "light"
///     source = "/var/log/segments.ndjson"
///     window = "15m"                       # or "whole"
///     columns = ["time", "status", "response", "url", "annotation.customer"]
///     [keys]
///     quit = ["q", "Ctrl-q"]
///     [groups]                             # for group.name = "..." and GetServiceGraph's GroupName
///     checkout = 'service("checkout")'
///
/// A bad file is an error naming the file, the line and the key; a missing file is no error.
public struct ExplorerConfig: Sendable {
    public var theme: String?
    public var source: String?
    public var window: WindowChoice?
    public var columns: [String]?
    public var keys: [Command: [Key]] = [:]
    public var groups: [API.GroupSummary] = []

    public init() {}

    public struct Problem: Error, CustomStringConvertible {
        public var file: String
        public var line: Int?
        public var key: String?
        public var message: String
        public var description: String {
            "\(file)\(line.map { ":\($0)" } ?? ""): \(key.map { "\($0): " } ?? "")\(message)"
        }
    }

    public static var directory: String {
        let environment = ProcessInfo.processInfo.environment
        let base =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() + "/.config")
        return base + "/xray-tui"
    }

    public static var defaultPath: String { directory + "/config.toml" }

    public static func load(path: String = defaultPath) throws -> ExplorerConfig {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return ExplorerConfig() }
        return try parse(text, file: path)
    }

    /// The settings in `text`, read from `file` (named in errors). Pure, so the fuzzer can
    /// drive it with any text.
    public static func parse(_ text: String, file path: String) throws -> ExplorerConfig {
        let document: TOMLDocument
        do {
            document = try TOMLDocument(parsing: text)
        } catch {
            throw Problem(file: path, line: error.line, key: error.key, message: error.message)
        }
        var config = ExplorerConfig()
        let root = document.root
        func problem(_ key: String, _ message: String) -> Problem {
            Problem(file: path, line: root.line(of: key), key: key, message: message)
        }
        for key in root.keys {
            let value = root[key]!
            switch key {
            case "theme":
                guard let name = value.string else {
                    throw problem(key, "expected a string, found \(value.kindDescription)")
                }
                config.theme = name
            case "source":
                guard let source = value.string else {
                    throw problem(key, "expected a string, found \(value.kindDescription)")
                }
                config.source = source
            case "window":
                guard let text = value.string else {
                    throw problem(key, "expected a string such as \"15m\" or \"whole\"")
                }
                if text == "whole" {
                    config.window = .whole
                } else if let seconds = TimeFormat.duration(text), seconds > 0 {
                    config.window = .last(seconds)
                } else {
                    throw problem(key, "cannot read \"\(text)\" as a window (15m, 1h, 24h or whole)")
                }
            case "columns":
                guard let names = value.strings else { throw problem(key, "expected a list of strings") }
                guard !names.isEmpty else { throw problem(key, "name at least one column") }
                let known = TraceTableView.columnNames
                if let unknown = names.first(where: { TraceColumn(name: $0) == nil }) {
                    throw problem(
                        key,
                        "unknown column \"\(unknown)\"; the columns are \(known.joined(separator: ", ")) "
                            + "and annotation.KEY")
                }
                config.columns = names
            case "keys":
                guard let table = value.table else { throw problem(key, "expected a [keys] table") }
                for name in table.keys {
                    let located = Problem(file: path, line: table.line(of: name), key: "keys.\(name)", message: "")
                    guard let command = Command(rawValue: name) else {
                        var error = located
                        error.message =
                            "unknown command; the commands are \(Command.allCases.map(\.rawValue).joined(separator: ", "))"
                        throw error
                    }
                    let names = table[name]?.strings ?? table[name]?.string.map { [$0] } ?? []
                    var keys: [Key] = []
                    for keyName in names {
                        guard let parsed = Key(name: keyName) else {
                            var error = located
                            error.message = "cannot read \"\(keyName)\" as a key (q, Ctrl-d, Enter, F1, ...)"
                            throw error
                        }
                        keys.append(parsed)
                    }
                    config.keys[command] = keys
                }
            case "groups":
                guard let table = value.table else { throw problem(key, "expected a [groups] table") }
                for name in table.keys.sorted() {
                    let located = Problem(file: path, line: table.line(of: name), key: "groups.\(name)", message: "")
                    guard let expression = table[name]?.string else {
                        var error = located
                        error.message = "expected a filter expression in a string"
                        throw error
                    }
                    do {
                        _ = try FilterExpression(parsing: expression)
                    } catch {
                        var problem = located
                        problem.message = "invalid filter expression: \(error)"
                        throw problem
                    }
                    var group = API.GroupSummary()
                    group.GroupName = name
                    group.GroupARN = "arn:aws:xray:local:000000000000:group/\(name)"
                    group.FilterExpression = expression
                    config.groups.append(group)
                }
            default:
                throw problem(
                    key, "unknown setting; the settings are theme, source, window, columns, [keys] and [groups]")
            }
        }
        return config
    }
}
