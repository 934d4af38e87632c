import Foundation

/// Keeps the last credentials so each API call does not re-run the chain (files, processes,
/// STS). Temporary ones are fetched again when within `refreshMargin` of expiry; concurrent
/// callers during a refresh share one fetch; and if a refresh fails while the old credentials
/// are still valid, those keep working until they actually expire.
actor CredentialCache {
    /// How long before expiry a refresh starts (botocore refreshes 10–15 minutes ahead; five is
    /// plenty for requests that take seconds).
    static let refreshMargin: TimeInterval = 5 * 60

    private var cached: AWSCredentials?
    private var loading: Task<AWSCredentials, any Error>?

    func credentials(
        now: Date, load: @escaping @Sendable () async throws(CredentialError) -> AWSCredentials
    ) async throws(CredentialError) -> AWSCredentials {
        if let cached, !Self.needsRefresh(cached, now: now) { return cached }
        let task = loading ?? Task { try await load() }
        loading = task
        do {
            let fresh = try await task.value
            if loading == task { loading = nil }
            cached = fresh
            return fresh
        } catch {
            if loading == task { loading = nil }
            if let cached, let expiration = cached.expiration, expiration > now { return cached }
            throw error as? CredentialError ?? .failed("credential resolution failed: \(error.localizedDescription)")
        }
    }

    static func needsRefresh(_ credentials: AWSCredentials, now: Date) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return expiration.timeIntervalSince(now) <= refreshMargin
    }
}
