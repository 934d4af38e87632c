import Foundation
import SampleData
import TraceStore
import XRayModel

/// `--demo`: the eks-workshop app, generated in-process with current timestamps at its own
/// rate, so the map and the table move as they would with the real app. The last fifteen
/// minutes are generated at start, so there is something to see at once.
struct DemoFeed {
    let store: TraceStore
    static let history = 900.0

    func start() -> Task<Void, Never> {
        let store = self.store
        return Task {
            var second = Date().timeIntervalSince1970.rounded(.down)
            await store.ingest(Self.documents(from: second - Self.history, duration: Self.history, seed: 1))
            var seed: UInt64 = 2
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                let now = Date().timeIntervalSince1970.rounded(.down)
                guard now > second else { continue }
                // Each second's requests, from a new seed so no two seconds repeat.
                await store.ingest(Self.documents(from: second, duration: now - second, seed: seed))
                second = now
                seed += 1
            }
        }
    }

    static func documents(from start: Double, duration: Double, seed: UInt64) -> [StoredDocument] {
        SampleGenerator(scenario: .eksWorkshop, seed: seed, start: start, duration: duration).documents()
    }
}
