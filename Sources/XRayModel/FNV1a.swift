/// A stable 64-bit hash (FNV-1a) as 16 hex digits: X-Ray-shaped ids that must come out the same
/// every run, such as inferred segments' ids and retimed trace ids.
public enum FNV1a {
    public static func hex(_ text: String) -> String {
        let digits = String(hash64(text.utf8), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public static func hash64(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}
