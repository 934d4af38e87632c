/// How one workshop request ends. Failures start in the back and travel up: a 4xx or 429 is
/// passed on as is, a 5xx makes the front answer 502. One rare case fails in the front alone,
/// so not every front fault points at the back.
enum EKSOutcome {
    case ok
    case clientError(Int)
    case throttled
    case backFault(Int)
    case frontFault

    static func draw(_ random: inout SeededRandom) -> EKSOutcome {
        random.weighted([
            (.ok, 0.915),
            (.clientError(404), 0.02),
            (.clientError(400), 0.01),
            (.throttled, 0.02),
            (.backFault(500), 0.02),
            (.backFault(503), 0.01),
            (.frontFault, 0.005),
        ])
    }

    var backStatus: Int {
        switch self {
        case .ok, .frontFault: return 200
        case .clientError(let status): return status
        case .throttled: return 429
        case .backFault(let status): return status
        }
    }

    var frontStatus: Int {
        switch self {
        case .ok: return 200
        case .clientError(let status): return status
        case .throttled: return 429
        case .backFault: return 502
        case .frontFault: return 500
        }
    }
}
