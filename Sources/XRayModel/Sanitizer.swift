/// Text from the network is untrusted: a service name or exception message must never be able
/// to move the cursor, change colours or retitle the terminal. Every string that can reach the
/// screen passes through here at ingestion (and the renderer does it again).
public enum Sanitizer {
    /// Shown in place of each control character, so the user sees that something was there.
    public static let replacement: Character = "\u{FFFD}"

    /// Replaces C0 and C1 control characters and DEL (which covers ESC, so no escape sequence
    /// survives) and the bidi overrides that can reorder what is displayed.
    public static func clean(_ text: String) -> String {
        // Fast path on bytes: every unsafe scalar is ASCII control/DEL or starts with 0xC2
        // (C1 controls) or 0xE2 (bidi controls), so most strings are let through untouched.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }),
            text.unicodeScalars.contains(where: isUnsafe)
        else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                result.append(contentsOf: String(replacement).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    public static func clean(_ text: String?) -> String? {
        text.map { clean($0) }
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069: return true  // bidi embeddings, overrides, isolates
        default: return false
        }
    }
}
