import Foundation

/// The secret a collector bound beyond loopback asks of its query API's callers. Never
/// printed: its description hides it, so it cannot end up in a log line or an error.
public struct APIToken: Sendable, CustomStringConvertible {
    let value: String

    public init?(_ value: String) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        self.value = trimmed
    }

    /// 32 random bytes as hex, from the system's generator.
    public static func generate() -> APIToken {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return APIToken(bytes.map { String(format: "%02x", $0) }.joined())!
    }

    /// Whether an `Authorization` header carries this token. Compared in constant time, so
    /// how long a refusal takes tells nothing about how much of a guess was right.
    func admits(_ header: String?) -> Bool {
        guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else { return false }
        let given = Array(header.dropFirst(7).trimmingCharacters(in: .whitespaces).utf8)
        let expected = Array(value.utf8)
        guard given.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(given, expected) { difference |= left ^ right }
        return difference == 0
    }

    public var header: String { "Bearer \(value)" }

    /// Writes the token where only the user can read it (created 0600, replaced if there).
    public func write(to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: path)
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data((value + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
    }

    public var description: String { "<API token>" }
}
