import Foundation
import TerminalKit
import Testing

@testable import Explorer

/// The config file's reading, now in the Explorer module where the fuzzer drives it too.
@Suite struct ExplorerConfigTests {
    @Test func theFuzzSeedIsAWholeValidConfig() throws {
        let seed = CLIPaths.packageRoot.appendingPathComponent("fuzz/seeds/toml/config")
        let config = try ExplorerConfig.parse(String(contentsOf: seed, encoding: .utf8), file: "config")
        #expect(config.theme == "default" && config.window == .last(900))
        #expect(config.columns == ["time", "status", "annotation.customer"])
        #expect(config.keys[.quit] == [.char("q"), .ctrl("q")])
        #expect(config.groups.map(\.GroupName) == ["checkout"])
    }

    @Test func problemsNameTheFileLineAndKey() {
        #expect {
            try ExplorerConfig.parse("theme = \"x\"\n[keys]\nfly = [\"f\"]\n", file: "c.toml")
        } throws: { "\($0)".hasPrefix("c.toml:3: keys.fly: unknown command") }
    }
}

enum CLIPaths {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}
