import SampleData
import Testing
import XRayModel

@Suite struct DeterminismTests {
    @Test(arguments: Scenario.allCases)
    func sameInputsGiveIdenticalDocuments(scenario: Scenario) {
        let a = SampleGenerator(scenario: scenario, seed: 7, start: Samples.start, duration: 90).documents()
        let b = SampleGenerator(scenario: scenario, seed: 7, start: Samples.start, duration: 90).documents()
        #expect(!a.isEmpty)
        #expect(a.map(\.raw) == b.map(\.raw))
    }

    @Test(arguments: Scenario.allCases)
    func anotherSeedGivesOtherDocuments(scenario: Scenario) {
        let a = SampleGenerator(scenario: scenario, seed: 1, start: Samples.start, duration: 90).documents()
        let b = SampleGenerator(scenario: scenario, seed: 2, start: Samples.start, duration: 90).documents()
        #expect(a.map(\.raw) != b.map(\.raw))
        #expect(Set(a.map(\.traceID)).isDisjoint(with: b.map(\.traceID)))
    }

    @Test func scenariosDoNotShareIDs() {
        let workshop = SampleGenerator(scenario: .eksWorkshop, start: Samples.start, duration: 60).documents()
        let shop = SampleGenerator(scenario: .shop, start: Samples.start, duration: 60).documents()
        #expect(Set(workshop.map(\.traceID)).isDisjoint(with: shop.map(\.traceID)))
    }

    @Test func emptyWindowGivesNothing() {
        #expect(SampleGenerator(scenario: .shop, start: Samples.start, duration: 0).documents().isEmpty)
        #expect(
            SampleGenerator(scenario: .eksWorkshop, start: Samples.start, duration: 60, rate: 0).documents().isEmpty)
    }

    /// Segments are sent when they end and in-progress documents when they start. A streamed
    /// subsegment goes out once the SDK gets to it, after it ends: so before the next segment
    /// document it must already have ended.
    @Test func documentsComeInEmissionOrder() {
        for documents in [Samples.workshopLong, Samples.shop] {
            var next = Double.infinity
            for stored in documents.reversed() {
                let document = stored.document
                if document.kind == .segment {
                    let time = document.inProgress ? document.startTime : document.endTime!
                    #expect(time <= next)
                    next = time
                } else {
                    #expect(document.endTime! <= next)
                }
            }
        }
    }
}
