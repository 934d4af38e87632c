import Foundation

#if canImport(Glibc)
    import Glibc
#endif

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

    /// Writes the token where only the user can read it: the file is created 0600 by `open`
    /// itself (no moment with wider permissions), in a folder made 0700 if it is new; an old
    /// file is replaced, a symbolic link in its place is refused.
    public func write(to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try? FileManager.default.removeItem(atPath: path)
        let file = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard file >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(file) }
        let bytes = Array((value + "\n").utf8)
        guard Glibc.write(file, bytes, bytes.count) == bytes.count else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
    }

    public var description: String { "<API token>" }
}
