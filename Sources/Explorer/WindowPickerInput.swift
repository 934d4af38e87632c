import Foundation
import TerminalKit
import XRayModel

/// The window picker: ↑/↓ choose a preset, Enter takes it; `c` types a custom window
/// (a duration like `45m`, or `START .. END`).
func pickWindow(_ state: inout AppState, _ key: Key) -> [Effect] {
    guard case .windowPicker(var selected, var custom) = state.overlay else { return [] }
    if var text = custom {
        switch key.code {
        case .escape: custom = nil
        case .backspace: if !text.isEmpty { text.removeLast() }; custom = text
        case .enter:
            guard let choice = parseCustomWindow(text, now: state.now) else {
                state.lastError =
                    "cannot read \"\(text)\" as a window (try 45m, or 2026-11-26T09:00:00Z .. 2026-11-26T10:00:00Z)"
                return []
            }
            state.overlay = nil
            state.window = choice
            state.lastError = nil
            return [reload(state)]
        case .character(let character) where !key.control: text.append(character); custom = text
        default: break
        }
        state.overlay = .windowPicker(selected: selected, custom: custom)
        return []
    }
    switch key.code {
    case .escape: state.overlay = nil
    case .up, .character("k"): selected = max(0, selected - 1)
    case .down, .character("j"): selected = min(WindowChoice.presets.count - 1, selected + 1)
    case .character("c"): custom = ""
    case .enter:
        state.overlay = nil
        state.window = WindowChoice.presets[selected]
        return [reload(state)]
    default: break
    }
    if state.overlay != nil { state.overlay = .windowPicker(selected: selected, custom: custom) }
    return []
}

func parseCustomWindow(_ text: String, now: Double) -> WindowChoice? {
    let parts = text.components(separatedBy: "..").map { $0.trimmingCharacters(in: .whitespaces) }
    if parts.count == 1, let seconds = TimeFormat.duration(parts[0]), seconds > 0 { return .last(seconds) }
    guard parts.count == 2, let start = TimeFormat.time(parts[0], now: now),
        let end = TimeFormat.time(parts[1], now: now),
        start < end
    else { return nil }
    return .custom(TimeWindow(start: start, end: end))
}
