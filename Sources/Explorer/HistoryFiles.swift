import Foundation
import TerminalKit

/// The prompts' histories kept across runs, one entry a line: the filter bar's in
/// `$XDG_STATE_HOME/xray-tui/history` and the command line's in `command-history` beside it
/// (`~/.local/state` when the variable is unset). Each holds the newest 500. The files are
/// the user's alone (0600), as filters name users and client addresses.
public struct HistoryFiles: Sendable {
    public var directory: String

    public init(directory: String) { self.directory = directory }

    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> HistoryFiles {
        let base =
            environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/state")
        return HistoryFiles(directory: base + "/xray-tui")
    }

    var filterPath: String { directory + "/history" }
    var commandPath: String { directory + "/command-history" }

    /// Reads both histories into the state; a missing or unreadable file is an empty history.
    public func load(into state: inout AppState) {
        state.filterHistory = Self.read(filterPath)
        state.commandHistory = Self.read(commandPath)
    }

    private static func read(_ path: String) -> LineHistory {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return LineHistory() }
        return LineHistory(fileContents: text)
    }

    /// Writes both; returns why not, for the caller to print once the screen is given back.
    public func save(_ state: AppState) -> String? {
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try Self.write(state.filterHistory.fileContents, to: filterPath)
            try Self.write(state.commandHistory.fileContents, to: commandPath)
            return nil
        } catch {
            return "cannot keep the history in \(directory): \(error.localizedDescription)"
        }
    }

    private static func write(_ text: String, to path: String) throws {
        let temporary = path + ".new"
        guard
            FileManager.default.createFile(
                atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteUnknown) }
        // rename(2) replaces the old file in one step, so a crash never leaves half a history.
        guard rename(temporary, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}
