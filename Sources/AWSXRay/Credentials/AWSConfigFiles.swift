import Foundation

/// The two shared files the AWS CLI writes, read once per resolution so every provider sees the
/// same snapshot. The credentials file names sections `[name]`; the config file names them
/// `[profile name]`, except `[default]`.
struct AWSConfigFiles: Sendable {
    /// One of the files: where it is (as shown to users) and its sections, or nil if absent.
    struct File: Sendable {
        var displayPath: String
        /// Profile name → settings; nil when the file does not exist.
        var profiles: [String: [String: String]]?

        /// Why a profile has nothing here, phrased for the "looked in" list.
        func absence(of profile: String) -> String? {
            guard let profiles else { return "no such file" }
            return profiles[profile] == nil ? "no such profile" : nil
        }
    }

    var credentials: File
    var config: File
    /// The config file's `[sso-session NAME]` sections, by name.
    var ssoSessions: [String: [String: String]] = [:]

    /// Reads `AWS_SHARED_CREDENTIALS_FILE` (or `~/.aws/credentials`) and `AWS_CONFIG_FILE` (or
    /// `~/.aws/config`). A missing file is normal; one that exists but cannot be read or parsed
    /// is an error, since guessing past it could pick the wrong account.
    static func load(_ environment: AWSEnvironment) throws(CredentialError) -> AWSConfigFiles {
        let credentialsPath = environment.expand(
            environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials")
        let configPath = environment.expand(environment["AWS_CONFIG_FILE"] ?? "~/.aws/config")
        let credentialsFile = try read(credentialsPath, environment: environment)
        let configFile = try read(configPath, environment: environment)
        return AWSConfigFiles(
            credentials: File(
                displayPath: environment.display(credentialsPath), profiles: credentialsFile?.sections),
            config: File(displayPath: environment.display(configPath), profiles: configFile.map(configProfiles)),
            ssoSessions: configFile.map { sections(named: "sso-session", in: $0) } ?? [:])
    }

    /// A profile as botocore's `full_config` sees it: the config file's settings with the
    /// credentials file's laid over them. `role_arn`, `credential_process` and `region` may live
    /// in either file.
    func profile(_ name: String) -> [String: String]? {
        let fromConfig = config.profiles?[name]
        let fromCredentials = credentials.profiles?[name]
        guard fromConfig != nil || fromCredentials != nil else { return nil }
        return (fromConfig ?? [:]).merging(fromCredentials ?? [:]) { _, overriding in overriding }
    }

    private static func read(_ path: String, environment: AWSEnvironment) throws(CredentialError) -> INIFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalid("cannot read \(environment.display(path))")
        }
        return try INIFile.parse(String(decoding: data, as: UTF8.self), name: environment.display(path))
    }

    /// `[default]` and `[profile name]` become profiles; `[sso-session x]`, `[services x]` and
    /// anything else are not profiles and are left out. `[profile default]` wins over `[default]`.
    private static func configProfiles(_ file: INIFile) -> [String: [String: String]] {
        var profiles = sections(named: "profile", in: file)
        if let settings = file.sections["default"] {
            profiles["default"] = settings.merging(profiles["default"] ?? [:]) { _, overriding in overriding }
        }
        return profiles
    }

    /// The sections headed `KIND NAME` (`[profile dev]`, `[sso-session corp]`), by name.
    private static func sections(named kind: String, in file: INIFile) -> [String: [String: String]] {
        var found: [String: [String: String]] = [:]
        for (header, settings) in file.sections {
            guard header.hasPrefix(kind), let first = header.dropFirst(kind.count).first, first == " " || first == "\t"
            else { continue }
            var name = header.dropFirst(kind.count).trimmingWhitespace()
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
                name = String(name.dropFirst().dropLast())
            }
            guard !name.isEmpty else { continue }
            found[name] = (found[name] ?? [:]).merging(settings) { _, overriding in overriding }
        }
        return found
    }
}
