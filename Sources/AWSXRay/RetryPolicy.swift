import Foundation

/// Retries with capped exponential backoff and full jitter (a random wait between zero and
/// the cap for the attempt), as the AWS SDKs do, for the answers worth asking again:
/// throttling, server errors and requests that got no answer at all.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    /// Requests that got no answer at all are asked again fewer times: when the network is
    /// down every attempt waits out the transport's timeout, and the user should hear so in
    /// seconds rather than minutes.
    public var maxAttemptsWithoutAnswer: Int
    public var baseDelay: Double
    public var maxDelay: Double
    /// Injected so tests neither wait nor depend on chance.
    public var sleep: @Sendable (Double) async -> Void
    public var random: @Sendable (ClosedRange<Double>) -> Double

    public init(
        maxAttempts: Int = 5, maxAttemptsWithoutAnswer: Int = 2, baseDelay: Double = 0.1, maxDelay: Double = 5,
        sleep: @escaping @Sendable (Double) async -> Void = { try? await Task.sleep(for: .seconds($0)) },
        random: @escaping @Sendable (ClosedRange<Double>) -> Double = { Double.random(in: $0) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.maxAttemptsWithoutAnswer = max(1, min(maxAttempts, maxAttemptsWithoutAnswer))
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.sleep = sleep
        self.random = random
    }

    public static let none = RetryPolicy(maxAttempts: 1)

    /// The wait before attempt `attempt + 1` (attempts count from 0).
    func delay(after attempt: Int) -> Double {
        let cap = min(maxDelay, baseDelay * pow(2, Double(attempt)))
        return random(0...cap)
    }

    /// Error codes that mean "slow down" whatever the HTTP status.
    static let throttlingCodes: Set<String> = [
        "ThrottledException", "ThrottlingException", "Throttling", "TooManyRequestsException",
        "RequestLimitExceeded", "ProvisionedThroughputExceededException", "SlowDown",
    ]

    /// Whether to try again after `attempts` attempts, the last of which failed with `error`.
    func shouldRetry(after error: XRayAPIError, attempts: Int) -> Bool {
        guard Self.isRetryable(error) else { return false }
        if case .transport = error { return attempts < maxAttemptsWithoutAnswer }
        return attempts < maxAttempts
    }

    static func isRetryable(_ error: XRayAPIError) -> Bool {
        switch error {
        case .service(let status, let code, _, _):
            return status == 429 || status >= 500 || throttlingCodes.contains(code)
        case .transport: return true
        case .badResponse, .credentials, .transactionSearch: return false
        }
    }
}
