import Foundation
import Testing

@testable import SampleData

/// Reproducibility rests on these: if the generator or the math changed, every sample file
/// and benchmark input would silently change with it.
@Suite struct SeededRandomTests {
    /// xoshiro256** over SplitMix64(1), computed independently (a Python transcription of
    /// the reference C code).
    @Test func generatorMatchesTheReferenceAlgorithm() {
        var random = SeededRandom(seed: 1)
        let values = (0..<4).map { _ in random.next() }
        #expect(values == [0xb3f2_af6d_0fc7_10c5, 0x853b_5596_4736_4cea, 0x92f8_9756_082a_4514, 0x642e_1c7b_c266_a3a7])
    }

    @Test func portableMathAgreesWithTheCLibrary() {
        var random = SeededRandom(seed: 9)
        for _ in 0..<10_000 {
            let x = random.uniform(1e-12, 1)
            #expect(abs(PortableMath.log(x) - Foundation.log(x)) <= 4 * Foundation.log(x).ulp.magnitude + 1e-300)
            let y = random.uniform(-20, 20)
            #expect(abs(PortableMath.exp(y) - Foundation.exp(y)) <= 4 * Foundation.exp(y).ulp)
        }
        #expect(PortableMath.log(1) == 0 && PortableMath.exp(0) == 1)
    }

    @Test func idsHaveTheirFormats() {
        var random = SeededRandom(seed: 5)
        let id = random.entityID()
        #expect(id.count == 16 && id.allSatisfy(\.isHexDigit) && id == id.lowercased())
        let trace = random.traceID(startingAt: 1_714_521_600)
        #expect(trace.hasPrefix("1-66318600-") && trace.count == 35 && trace == trace.lowercased())
    }

    @Test func weightedDrawsFollowTheirWeights() {
        var random = SeededRandom(seed: 11)
        let draws = (0..<20_000).map { _ in random.weighted([("a", 0.9), ("b", 0.1)]) }
        let share = Double(draws.filter { $0 == "b" }.count) / Double(draws.count)
        #expect(abs(share - 0.1) < 0.01)
    }
}
