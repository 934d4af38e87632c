import Foundation

/// `credential_process`: the profile names a command (aws-vault, a password manager, an SSO
/// helper) that prints `{"Version": 1, "AccessKeyId": ..., "SecretAccessKey": ...,
/// "SessionToken": ..., "Expiration": ...}`. A command that fails is reported, not skipped:
/// the user configured it, so falling through to another account would be a surprise.
struct ProcessProvider: CredentialProvider {
    var profile: String

    /// How much of stderr an error quotes: enough for the tool's own last words.
    static let stderrTail = 300

    func load(_ context: CredentialContext) async throws(CredentialError) -> CredentialLookup {
        guard let command = context.files.profile(profile)?["credential_process"], !command.isEmpty else {
            return .absent("credential_process (not set in profile \(profile))")
        }
        let what = "credential_process of profile \(profile) (`\(command)`)"
        let output = try await ShellCommand.run(command, environment: context.environment.variables)
        guard output.status == 0 else {
            let tail = String(decoding: output.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let quoted = tail.isEmpty ? "" : ": \(tail.suffix(Self.stderrTail))"
            throw .failed("\(what) exited with status \(output.status)\(quoted)")
        }
        let json = try CredentialDocument.object(from: output.stdout, what: what)
        guard let version = json["Version"] as? Int, version == 1 else {
            throw .failed("\(what) printed JSON without \"Version\": 1, the only version there is")
        }
        return .found(
            try CredentialDocument.credentials(
                from: json, what: what, source: "credential_process of profile \(profile)"))
    }
}
