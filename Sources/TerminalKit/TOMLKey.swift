/// How key paths are written back in messages: bare where TOML allows it, quoted otherwise,
/// so `roles."node.fault".fg` can be pasted straight into the file that caused the error.
public enum TOMLKey {
    public static func display(_ path: [String]) -> String {
        path.map(display).joined(separator: ".")
    }

    public static func display(_ key: String) -> String {
        if !key.isEmpty && key.unicodeScalars.allSatisfy(isBare) { return key }
        var quoted = "\""
        for scalar in key.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    quoted +=
                        "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16).uppercased()
                } else {
                    quoted.unicodeScalars.append(scalar)
                }
            }
        }
        return quoted + "\""
    }

    static func isBare(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": true
        default: false
        }
    }
}
