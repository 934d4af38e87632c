extension Theme {
    /// The dark default, compiled in so the program looks right with no themes/ folder at all.
    /// Only the 16 ANSI colours, so it works on any colour terminal and follows the user's own
    /// palette. themes/default.toml is the same theme as a file to copy (a test keeps them equal).
    public static let builtInDefault = Theme(
        name: "default",
        appearances: [
            .text: Appearance(),
            .dim: Appearance(.ansi(8)),
            .title: Appearance(.ansi(6), bold: true),
            .border: Appearance(.ansi(8)),
            .tabActive: Appearance(.ansi(0), on: .ansi(6), bold: true),
            .tabInactive: Appearance(.ansi(7)),
            .statusBar: Appearance(.ansi(0), on: .ansi(7)),
            .statusLive: Appearance(.ansi(0), on: .ansi(2), bold: true),
            .statusPaused: Appearance(.ansi(0), on: .ansi(3), bold: true),
            .statusError: Appearance(.ansi(15), on: .ansi(1), bold: true),
            .selection: Appearance(.ansi(15), on: .ansi(4)),
            .focus: Appearance(.ansi(14), bold: true),
            .filterValid: Appearance(.ansi(2)),
            .filterInvalid: Appearance(.ansi(9), bold: true),
            .helpKey: Appearance(.ansi(3), bold: true),
            .nodeOK: Appearance(.ansi(2)),
            .nodeError: Appearance(.ansi(3)),
            .nodeThrottle: Appearance(.ansi(5)),
            .nodeFault: Appearance(.ansi(1), bold: true),
            .status2xx: Appearance(.ansi(2)),
            .status4xx: Appearance(.ansi(3)),
            .status429: Appearance(.ansi(5)),
            .status5xx: Appearance(.ansi(1), bold: true),
            .barOK: Appearance(.ansi(2)),
            .barError: Appearance(.ansi(3)),
            .barThrottle: Appearance(.ansi(5)),
            .barFault: Appearance(.ansi(1)),
            .barInProgress: Appearance(.ansi(4)),
            .jsonKey: Appearance(.ansi(4), bold: true),
            .jsonString: Appearance(.ansi(2)),
            .jsonNumber: Appearance(.ansi(6)),
            .jsonLiteral: Appearance(.ansi(5)),
            .jsonPunctuation: Appearance(.ansi(8)),
        ])

    /// No colours at all, for `NO_COLOR` and terminals without colour: every distinction the
    /// default theme makes with colour is made with an attribute instead. Selection is the only
    /// reversed row; faults are bold and underlined, errors underlined, throttles underlined and
    /// dim; status badges are reversed like the status bar, except errors, which break out of it.
    /// themes/mono.toml is the same theme as a file.
    public static let monochrome = Theme(
        name: "mono",
        appearances: [
            .text: Appearance(),
            .dim: Appearance(dim: true),
            .title: Appearance(bold: true),
            .border: Appearance(dim: true),
            .tabActive: Appearance(bold: true, reverse: true),
            .tabInactive: Appearance(),
            .statusBar: Appearance(reverse: true),
            .statusLive: Appearance(bold: true, reverse: true),
            .statusPaused: Appearance(underline: true, reverse: true),
            .statusError: Appearance(bold: true, underline: true),
            .selection: Appearance(reverse: true),
            .focus: Appearance(bold: true),
            .filterValid: Appearance(),
            .filterInvalid: Appearance(bold: true, underline: true),
            .helpKey: Appearance(bold: true),
            .nodeOK: Appearance(),
            .nodeError: Appearance(underline: true),
            .nodeThrottle: Appearance(underline: true, dim: true),
            .nodeFault: Appearance(bold: true, underline: true),
            .status2xx: Appearance(),
            .status4xx: Appearance(underline: true),
            .status429: Appearance(underline: true, dim: true),
            .status5xx: Appearance(bold: true, underline: true),
            .barOK: Appearance(),
            .barError: Appearance(),
            .barThrottle: Appearance(),
            .barFault: Appearance(bold: true),
            .barInProgress: Appearance(dim: true),
            .jsonKey: Appearance(bold: true),
            .jsonString: Appearance(),
            .jsonNumber: Appearance(),
            .jsonLiteral: Appearance(underline: true),
            .jsonPunctuation: Appearance(dim: true),
        ])
}
