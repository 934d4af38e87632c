import CNCursesW
import TerminalKit

/// Turns a cell's `Style` into ncurses attributes and a colour pair. Pairs are a small, numbered
/// resource that ncurses wants declared before use, so each (foreground, background) that a
/// theme actually needs gets a number the first time it is drawn and keeps it; roles with the
/// same colours share one.
final class StylePalette {
    private struct PairKey: Hashable {
        var foreground: Int
        var background: Int
    }

    /// Nil on a terminal without colours.
    private let capacity: ColorCapacity?
    /// What `.default` means: -1 when `use_default_colors` worked (the terminal's own colours,
    /// including a transparent background), else white on black like pair 0.
    private let defaultColors: PairKey
    private let pairLimit: Int
    private var pairs: [PairKey: Int16] = [:]
    private var resolved: [Style: CursesStyle] = [:]
    /// The theme last given to `use(_:)`, and the same theme degraded to `capacity`.
    private var theme: Theme?
    private var degraded: Theme?
    /// Neighbouring cells mostly share a style; checking the last one first skips hashing
    /// the role's name for nearly every cell of a frame.
    private var last: (style: Style, resolved: CursesStyle)?

    /// - Parameters:
    ///   - capacity: what the terminal can show (`ColorCapacity.forCurses`); nil draws
    ///     attributes only.
    ///   - terminalDefaults: whether `use_default_colors` succeeded.
    ///   - pairLimit: ncurses' `COLOR_PAIRS`.
    init(capacity: ColorCapacity?, terminalDefaults: Bool, pairLimit: Int) {
        self.capacity = capacity
        defaultColors =
            terminalDefaults ? PairKey(foreground: -1, background: -1) : PairKey(foreground: 7, background: 0)
        self.pairLimit = min(pairLimit, Int(Int16.max))
    }

    /// Sets the theme the next styles are resolved in. Called once a frame rather than per
    /// cell, since comparing themes costs a dictionary comparison; a change (a theme switch at
    /// run time) degrades the new theme once and drops the cache, so the next frame is
    /// restyled throughout.
    func use(_ theme: Theme) {
        guard theme != self.theme else { return }
        resolved.removeAll()
        last = nil
        self.theme = theme
        degraded = capacity.map { theme.degraded(to: $0) } ?? theme
    }

    /// The ncurses form of `style` under the theme last given to `use(_:)`.
    func resolve(_ style: Style) -> CursesStyle {
        if let last, last.style == style { return last.resolved }
        let result = resolved[style] ?? resolveAnew(style)
        last = (style, result)
        return result
    }

    private func resolveAnew(_ style: Style) -> CursesStyle {
        guard let degraded else { return .plain }
        let appearance = degraded.appearance(for: style.role)
        var attributes: attr_t = 0
        if appearance.bold || style.bold { attributes |= xr_attr_bold() }
        if appearance.underline || style.underline { attributes |= xr_attr_underline() }
        if appearance.reverse || style.reverse { attributes |= xr_attr_reverse() }
        if appearance.dim { attributes |= xr_attr_dim() }
        let result = CursesStyle(attributes: attributes, pair: pair(for: appearance))
        resolved[style] = result
        return result
    }

    /// The pair for the appearance's colours, allocating it on first use. Falls back to pair 0
    /// (the terminal's colours) when the terminal has none or every pair is taken: a frame with
    /// a wrong colour beats a frame that fails.
    private func pair(for appearance: Appearance) -> Int16 {
        guard capacity != nil else { return 0 }
        let key = PairKey(
            foreground: Self.number(of: appearance.foreground) ?? defaultColors.foreground,
            background: Self.number(of: appearance.background) ?? defaultColors.background)
        if key == defaultColors { return 0 }
        if let number = pairs[key] { return number }
        let number = pairs.count + 1
        guard number < pairLimit, init_pair(Int16(number), Int16(key.foreground), Int16(key.background)) != ERR
        else { return 0 }
        pairs[key] = Int16(number)
        return Int16(number)
    }

    /// The colour number for `init_pair`, for a colour already degraded to `capacity` (which
    /// leaves no RGB); nil for the terminal's default colour.
    private static func number(of color: Color) -> Int? {
        switch color {
        case .default, .rgb: return nil
        case .ansi(let number), .palette(let number): return Int(number)
        }
    }
}
