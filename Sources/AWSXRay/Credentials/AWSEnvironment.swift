import Foundation

/// Everything outside the process that the credential chain reads: environment variables and
/// the home directory the `~/.aws` files live under. It is a value so tests can hand the chain a
/// made-up world instead of the developer's real keys.
public struct AWSEnvironment: Sendable {
    public var variables: [String: String]
    public var homeDirectory: String

    public init(variables: [String: String], homeDirectory: String) {
        self.variables = variables
        self.homeDirectory = homeDirectory
    }

    /// This process's environment and home directory (`HOME`, or the account's home if unset).
    public static var current: AWSEnvironment {
        let variables = ProcessInfo.processInfo.environment
        let home = variables["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return AWSEnvironment(variables: variables, homeDirectory: home)
    }

    /// A variable's value, treating set-but-empty as unset, as botocore does.
    public subscript(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// Expands a leading `~` the way the AWS CLI does for file settings
    /// (`web_identity_token_file = ~/token`).
    func expand(_ path: String) -> String {
        if path == "~" { return homeDirectory }
        if path.hasPrefix("~/") { return homeDirectory + path.dropFirst(1) }
        return path
    }

    /// Shortens paths under the home directory back to `~/...`, so messages read like the docs.
    func display(_ path: String) -> String {
        let home = homeDirectory.hasSuffix("/") ? String(homeDirectory.dropLast()) : homeDirectory
        guard !home.isEmpty, path.hasPrefix(home + "/") else { return path }
        return "~" + path.dropFirst(home.count)
    }
}
