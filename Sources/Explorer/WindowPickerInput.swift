import Foundation
import TerminalKit
import XRayModel

/// The window picker: ↑/↓ choose a preset, Enter takes it; `c` types a custom window
/// (a duration like `45m`, or `START .. END`).
func pickWindow(_ state: inout AppState, _ key: Key) -> [Effect] {
    guard case .windowPicker(var selected, var custom) = state.overlay else { return [] }
    if var editor = custom {
        let text = editor.text
        switch key.code {
        case .escape: custom = nil
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
        default:
            _ = editor.handle(key)
            custom = editor
        }
        state.overlay = .windowPicker(selected: selected, custom: custom)
        return []
    }
    switch key.code {
    case .escape: state.overlay = nil
    case .up, .character("k"): selected = max(0, selected - 1)
    case .down, .character("j"): selected = min(WindowChoice.presets.count - 1, selected + 1)
    case .character("c"): custom = LineEditor()
    case .enter:
        state.overlay = nil
        state.window = WindowChoice.presets[selected]
        return [reload(state)]
    default: break
    }
    if state.overlay != nil { state.overlay = .windowPicker(selected: selected, custom: custom) }
    return []
}

/// `45m`, or `START .. END` where an end of only a time of day (`11:00`) is on the start's
/// date, and times without seconds (`2026-12-01T10:00`) are read as whole minutes (UTC).
func parseCustomWindow(_ text: String, now: Double) -> WindowChoice? {
    var parts = text.components(separatedBy: "..").map { $0.trimmingCharacters(in: .whitespaces) }
    if parts.count == 1, let seconds = TimeFormat.duration(parts[0]), seconds > 0 { return .last(seconds) }
    guard parts.count == 2 else { return nil }
    if isTimeOfDay(parts[1]), let date = parts[0].split(separator: "T").first, date.count == 10 {
        parts[1] = date + "T" + parts[1]
    }
    parts = parts.map(withSeconds)
    guard let start = TimeFormat.time(parts[0], now: now), let end = TimeFormat.time(parts[1], now: now),
        start < end
    else { return nil }
    return .custom(TimeWindow(start: start, end: end))
}

/// `11:00` or `11:00:30`.
private func isTimeOfDay(_ text: String) -> Bool {
    let pieces = text.split(separator: ":")
    return (2...3).contains(pieces.count) && pieces.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isNumber) }
}

/// `2026-12-01T10:00` becomes `2026-12-01T10:00:00`, which ISO 8601 parsing needs.
private func withSeconds(_ text: String) -> String {
    guard let time = text.split(separator: "T").last, text.contains("T"), time.split(separator: ":").count == 2,
        time.allSatisfy({ $0.isNumber || $0 == ":" })
    else { return text }
    return text + ":00"
}
