import Foundation

/// The long strings this thread decoded lately, so that a value that comes in document after
/// document (a trace id, a container id, a SQL query, a URL, a user agent) is shared by the
/// documents that hold it rather than allocated, copied and later freed for each of them.
///
/// Strings of up to 15 bytes are stored inline by Swift and never come here. A string has one
/// slot, chosen by its length and its first and last eight bytes, and is taken from there only
/// when all its bytes are equal; otherwise it is made and takes the slot. Kept per thread: no
/// locks, and each parser learns the values of the documents it is given.
final class RecentStrings {
    static let slotCount = 1 << 10
    /// Longer strings are always made: they are rarely repeated and costly to compare.
    static let longest = 256

    private var slots = ContiguousArray(repeating: "", count: slotCount)

    /// This thread's strings.
    static var current: RecentStrings {
        if let pointer = pthread_getspecific(threadKey) {
            return Unmanaged<RecentStrings>.fromOpaque(pointer).takeUnretainedValue()
        }
        let strings = RecentStrings()
        pthread_setspecific(threadKey, Unmanaged.passRetained(strings).toOpaque())
        return strings
    }

    /// The string these bytes spell, which must be valid UTF-8 (a plain JSON string, an id, the
    /// text of a checked object) of more than 15 bytes.
    func string(_ bytes: UnsafeRawBufferPointer) -> String {
        let count = bytes.count
        assert(count > 15, "a short string read as a long one")
        guard count <= Self.longest else { return String(decoding: bytes, as: UTF8.self) }
        let first = bytes.loadUnaligned(as: UInt64.self)
        let last = bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        let mixed = (first ^ (last &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(count)) &* 0xBF58_476D_1CE4_E5B9
        let slot = Int(truncatingIfNeeded: mixed >> 54)
        let recent = slots[slot]
        if recent.utf8.count == count,
            recent.utf8.withContiguousStorageIfAvailable({ memcmp($0.baseAddress!, bytes.baseAddress!, count) == 0 })
                == true
        {
            return recent
        }
        let string = String(decoding: bytes, as: UTF8.self)
        slots[slot] = string
        return string
    }

    private static let threadKey: pthread_key_t = {
        var key = pthread_key_t()
        // The strings are released with their thread.
        pthread_key_create(&key) { RecentStrings.release($0) }
        return key
    }()

    private static func release(_ pointer: UnsafeMutableRawPointer?) {
        guard let pointer else { return }
        Unmanaged<RecentStrings>.fromOpaque(pointer).release()
    }
}
