import Foundation
import TerminalKit
import Testing

/// The theme files shipped in themes/: each must parse and set every role.
@Suite struct ThemeFileTests {
    static let shipped = ["default", "light", "high-contrast", "solarized-dark", "mono"]

    private func load(_ name: String) throws -> Theme {
        try Theme.load(path: themesFolder.appendingPathComponent(name + ".toml").path)
    }

    @Test(arguments: shipped)
    func setsEveryRole(_ name: String) throws {
        let theme = try load(name)
        #expect(theme.name == name)
        let missing = Role.all.filter { theme.appearances[$0] == nil }
        #expect(missing.isEmpty, "\(name).toml does not set \(missing)")
        #expect(theme.appearances.count == Role.all.count)
    }

    @Test(arguments: shipped)
    func selectionAndFaultsStandOut(_ name: String) throws {
        let theme = try load(name)
        #expect(theme.appearance(for: .selection) != theme.appearance(for: .text))
        #expect(theme.appearance(for: .nodeFault) != theme.appearance(for: .nodeOK))
        #expect(theme.appearance(for: .nodeFault) != theme.appearance(for: .nodeError))
        #expect(theme.appearance(for: .status5xx) != theme.appearance(for: .status2xx))
        #expect(theme.appearance(for: .nodeFault) != theme.appearance(for: .selection))
    }

    @Test func defaultFileIsTheBuiltInDefault() throws {
        #expect(try load("default") == Theme.builtInDefault)
    }

    @Test func monoFileIsTheBuiltInMonochrome() throws {
        let mono = try load("mono")
        #expect(mono == Theme.monochrome)
        #expect(mono.isMonochrome)
    }

    @Test(arguments: ["default", "light", "high-contrast", "solarized-dark"])
    func colourThemesAreNotMonochrome(_ name: String) throws {
        #expect(try !load(name).isMonochrome)
    }

    @Test func theFolderHoldsExactlyTheShippedThemes() {
        #expect(Theme.availableNames(searchPath: [themesFolder.path]) == Self.shipped.sorted())
    }
}
