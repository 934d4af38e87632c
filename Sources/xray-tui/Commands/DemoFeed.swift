import Collector
import Foundation
import SampleData
import XRayModel

/// `--demo`: the eks-workshop app, generated in-process with current timestamps and sent over
/// UDP to the embedded collector, as the instrumented app's SDK would. The last fifteen minutes
/// are sent at start, so there is something to see at once.
struct DemoFeed {
    let target: HostAndPort
    static let history = 900.0

    func start() throws -> Task<Void, Never> {
        let sender = try UDPSender(to: target)
        return Task {
            var second = Date().timeIntervalSince1970.rounded(.down)
            // The history goes out paced, so the collector's socket buffer never overflows.
            var pacer = Pacer(rate: 20_000)
            for document in Self.documents(from: second - Self.history, duration: Self.history, seed: 1) {
                sender.send(document: Data(document.bytes))
                await pacer.wait()
            }
            var seed: UInt64 = 2
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                let now = Date().timeIntervalSince1970.rounded(.down)
                guard now > second else { continue }
                // Each second's requests, from a new seed so no two seconds repeat.
                for document in Self.documents(from: second, duration: now - second, seed: seed) {
                    sender.send(document: Data(document.bytes))
                }
                second = now
                seed += 1
            }
        }
    }

    static func documents(from start: Double, duration: Double, seed: UInt64) -> [StoredDocument] {
        SampleGenerator(scenario: .eksWorkshop, seed: seed, start: start, duration: duration).documents()
    }
}
