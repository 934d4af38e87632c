import Foundation
import XRayModel

/// Why no credentials (or no region) could be had, in words that say where to look next. Built
/// only from names, paths, statuses and service messages, never from a key, secret or token.
public struct CredentialError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Every provider came up empty; `lookedIn` says where the chain looked.
        case notFound
        /// The files or variables say something the chain cannot act on (a partial key pair,
        /// a role without a source, a cycle of source profiles, a file it cannot parse).
        case invalidConfiguration
        /// A provider that was configured failed (STS refused, the process exited non-zero).
        case providerFailed
        /// No `--region`, environment variable or profile setting names a region.
        case noRegion
    }

    public var kind: Kind
    public var message: String
    /// Each place the chain looked, with why it found nothing there, in the order it looked.
    public var lookedIn: [String]

    public init(kind: Kind, message: String, lookedIn: [String] = []) {
        self.kind = kind
        self.message = message
        self.lookedIn = lookedIn
    }

    static func notFound(lookedIn: [String]) -> CredentialError {
        CredentialError(kind: .notFound, message: "no credentials found", lookedIn: lookedIn)
    }

    static func invalid(_ message: String) -> CredentialError {
        CredentialError(kind: .invalidConfiguration, message: message)
    }

    static func failed(_ message: String) -> CredentialError {
        CredentialError(kind: .providerFailed, message: message)
    }

    public var description: String {
        let text = lookedIn.isEmpty ? message : "\(message); looked in: \(lookedIn.joined(separator: ", "))"
        return Sanitizer.clean(text)
    }
}
