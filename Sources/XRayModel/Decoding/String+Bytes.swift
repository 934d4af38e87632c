extension String {
    /// The string these UTF-8 bytes spell, invalid sequences repaired as `String(decoding:as:)`
    /// repairs them. Up to 15 bytes of ASCII (most keys and short values of a document) are
    /// written straight into Swift's inline form (`SmallASCII`); other strings of up to 15
    /// bytes go through an initializer that writes the bytes into the inline storage and checks
    /// them for ASCII a word at a time (about 120 instructions a string rather than
    /// `String(decoding:as:)`'s 190). Longer strings take `String(decoding:as:)`, the quicker
    /// of the two for them.
    @inline(__always)
    init(bytes: UnsafeRawBufferPointer) {
        guard bytes.count <= 15 else {
            self.init(decoding: bytes, as: UTF8.self)
            return
        }
        if let small = SmallASCII.string(bytes) {
            self = small
            return
        }
        self.init(unsafeUninitializedCapacity: bytes.count) { buffer in
            let target = UnsafeMutableRawPointer(buffer.baseAddress!)
            let count = bytes.count
            // Two overlapping words rather than a call to memcpy, for 8 bytes or more.
            if count >= 8 {
                target.storeBytes(of: bytes.loadUnaligned(as: UInt64.self), as: UInt64.self)
                target.storeBytes(
                    of: bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self), toByteOffset: count - 8,
                    as: UInt64.self)
            } else {
                for index in 0..<count { target.storeBytes(of: bytes[index], toByteOffset: index, as: UInt8.self) }
            }
            return count
        }
    }
}
