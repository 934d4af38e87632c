import Foundation
import TerminalKit
import Testing

@Suite struct ThemeLoadingTests {
    private func theme(_ text: String) throws(ThemeError) -> Theme {
        try Theme(toml: text, file: "t.toml", defaultName: "t")
    }

    private func message(_ text: String) -> String? {
        do {
            _ = try theme(text)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func aBrokenFileNamesTheFileLineAndKey() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var lines = ["# a light theme", "name = \"light\"", "", "[roles]"]
        lines += ["text = {}", "title = { bold = true }", "border = { fg = 248 }", "", "# problems", "", ""]
        lines.append(#""node.fault" = { fg = "rde", bold = true }"#)
        #expect(lines.count == 12)
        let path = folder.appendingPathComponent("light.toml").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ThemeError.self) { try Theme.load(path: path) }
        do {
            _ = try Theme.load(path: path)
        } catch {
            #expect(
                error.description == #"\#(path):12: roles."node.fault".fg: unknown colour "rde" (did you mean "red"?)"#)
            #expect(error.line == 12)
            #expect(error.key == #"roles."node.fault".fg"#)
        }
    }

    @Test(arguments: [
        (
            "[roles]\n\"node.falt\" = {}\n",
            #"t.toml:2: roles."node.falt": unknown role (did you mean "node.fault"?)"#
        ),
        (
            "[roles]\ntext.dim = { fg = \"red\" }\n",
            #"t.toml:2: roles.text.dim: role names with dots need quotes: "text.dim" = { ... }"#
        ),
        (
            "[roles]\nnode.fault = { fg = \"red\" }\n",
            #"t.toml:2: roles.node: unknown role; role names with dots need quotes: "node.fault" = { ... }"#
        ),
        (
            "[roles]\ntitle = { bold = \"yes\" }\n",
            "t.toml:2: roles.title.bold: expected true or false, found a string"
        ),
        ("[roles]\ntitle = { fg = 300 }\n", "t.toml:2: roles.title.fg: colour number 300 is outside 0-255"),
        (
            "[roles]\ntitle = { fg = true }\n",
            ##"t.toml:2: roles.title.fg: expected a colour name, "#rrggbb" or 0-255, found a boolean"##
        ),
        ("[roles]\ntitle = { fg = \"#12345\" }\n", ##"t.toml:2: roles.title.fg: unknown colour "#12345""##),
        (
            "[roles]\ntitle = { colour = \"red\" }\n",
            "t.toml:2: roles.title.colour: unknown setting (expected fg, bg, bold, underline, reverse or dim)"
        ),
        ("[roles]\ntitle = { blod = true }\n", #"t.toml:2: roles.title.blod: unknown setting (did you mean "bold"?)"#),
        (
            "[roles]\ntext = \"red\"\n",
            #"t.toml:2: roles.text: expected a table such as { fg = "red", bold = true }, found a string"#
        ),
        ("colour = 1\n", "t.toml:1: colour: unknown setting (a theme has a name and a [roles] table)"),
        ("name = 3\n", "t.toml:1: name: expected a string, found an integer"),
        ("roles = [\"text\"]\n", "t.toml:1: roles: expected a table of roles, found an array"),
        (
            "name = \"x\"\n[roles]\ntitle = { fg = red }\n",
            #"t.toml:3: roles.title.fg: expected a value, found red (strings need quotes: "red")"#
        ),
        (
            "[roles]\n\"node.fault\" = { fg = \"red\" }\n[roles.\"node.fault\"]\n",
            #"t.toml:3: roles."node.fault": inline table (line 2) cannot be extended; add the keys inside its braces"#
        ),
    ])
    func errorMessages(_ text: String, _ expected: String) {
        #expect(message(text) == expected)
    }

    @Test func rolesAsInlineTablesOrPerRoleTables() throws {
        let inline = try theme(
            """
            name = "inline"
            [roles]
            "node.fault" = { fg = "red", bg = "#1E1E2e", bold = true, underline = true, reverse = true, dim = true }
            """)
        let tables = try theme(
            """
            [roles."node.fault"]
            fg = "red"
            bg = "#1e1e2e"
            bold = true
            underline = true
            reverse = true
            dim = true
            """)
        let expected = Appearance(
            .ansi(1), on: .rgb(0x1E, 0x1E, 0x2E), bold: true, underline: true, reverse: true, dim: true)
        #expect(inline.appearances == [.nodeFault: expected])
        #expect(tables.appearances == inline.appearances)
        #expect(inline.name == "inline")
        #expect(tables.name == "t")
    }

    @Test func unsetRolesLookLikeText() throws {
        let theme = try theme("[roles]\ntext = { fg = 250 }\n")
        #expect(theme.appearance(for: .nodeFault) == Appearance(.palette(250)))
    }

    @Test func aMissingFolderFallsBackToTheBuiltIns() throws {
        let nowhere = ["/nonexistent/xray-tui/themes"]
        #expect(try Theme.named("default", searchPath: nowhere) == .builtInDefault)
        #expect(try Theme.named("mono", searchPath: nowhere) == .monochrome)
        #expect(try Theme.named("default", searchPath: []) == .builtInDefault)
        #expect(Theme.availableNames(searchPath: nowhere) == ["default", "mono"])
    }

    @Test func filesAreFoundInSearchPathOrderAndOverrideBuiltIns() throws {
        let first = try temporaryFolder()
        let second = try temporaryFolder()
        defer {
            try? FileManager.default.removeItem(at: first)
            try? FileManager.default.removeItem(at: second)
        }
        try "name = \"mine\"\n".write(
            to: first.appendingPathComponent("default.toml"), atomically: true, encoding: .utf8)
        try "name = \"second\"\n".write(
            to: second.appendingPathComponent("default.toml"), atomically: true, encoding: .utf8)
        try "name = \"ocean\"\n".write(
            to: second.appendingPathComponent("ocean.toml"), atomically: true, encoding: .utf8)
        #expect(try Theme.named("default", searchPath: [first.path, second.path]).name == "mine")
        #expect(try Theme.named("ocean", searchPath: [first.path, second.path]).name == "ocean")
        #expect(Theme.availableNames(searchPath: [first.path, second.path]) == ["default", "mono", "ocean"])
    }

    @Test func aNameWithASlashIsAPath() throws {
        let path = themesFolder.appendingPathComponent("solarized-dark.toml").path
        #expect(try Theme.named(path, searchPath: []).name == "solarized-dark")
    }

    @Test func anUnknownNameIsAnError() {
        #expect(
            throws: ThemeError(
                file: "defualt",
                message: #"no theme file defualt.toml, and no built-in theme of that name (did you mean "default"?)"#)
        ) {
            try Theme.named("defualt", searchPath: [])
        }
        #expect(
            throws: ThemeError(
                file: "zzz", message: "no theme file zzz.toml in /a, /b, and no built-in theme of that name")
        ) {
            try Theme.named("zzz", searchPath: ["/a", "/b"])
        }
    }

    @Test func unreadableFilesAreErrorsNamingTheFile() throws {
        do {
            _ = try Theme.load(path: "/nonexistent/x.toml")
            Issue.record("loading a missing file succeeded")
        } catch {
            #expect(error.file == "/nonexistent/x.toml")
            #expect(error.line == nil)
            #expect(error.message.hasPrefix("cannot read the theme file"))
        }
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("latin1.toml").path
        try Data([0x6E, 0x61, 0x6D, 0x65, 0x20, 0x3D, 0x20, 0x22, 0xE9, 0x22]).write(to: URL(fileURLWithPath: path))
        #expect(throws: ThemeError(file: path, message: "the theme file is not UTF-8 text")) {
            try Theme.load(path: path)
        }
    }

    @Test func noColorSelectsMonochrome() {
        let theme = Theme.builtInDefault
        #expect(theme.honoringNoColor(in: ["NO_COLOR": "1"]) == .monochrome)
        #expect(theme.honoringNoColor(in: ["NO_COLOR": "anything"]) == .monochrome)
        #expect(theme.honoringNoColor(in: ["NO_COLOR": ""]) == theme)
        #expect(theme.honoringNoColor(in: ["TERM": "xterm"]) == theme)
        #expect(Theme.noColorRequested(in: ["NO_COLOR": "0"]))
        #expect(!Theme.noColorRequested(in: [:]))
    }

    @Test func builtInThemesSetEveryRole() {
        #expect(Set(Theme.builtInDefault.appearances.keys) == Set(Role.all))
        #expect(Set(Theme.monochrome.appearances.keys) == Set(Role.all))
        #expect(Theme.monochrome.isMonochrome)
        #expect(!Theme.builtInDefault.isMonochrome)
    }
}
