extension UnsafeRawBufferPointer {
    /// Whether these bytes are well-formed UTF-8 (the Unicode standard's table of well-formed
    /// byte sequences: no stray continuation bytes, no overlong forms, no surrogates, nothing
    /// above U+10FFFF). Runs of ASCII are skipped eight bytes at a time. Checked in place: the
    /// standard library's check, `String(validating:)`, also builds a String (a copy of the
    /// whole document) only to throw it away.
    var isValidUTF8: Bool {
        var index = 0
        while index < count {
            if index + 8 <= count, loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
                continue
            }
            let lead = self[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // The range the second byte must fall in, and the sequence's length, by lead byte.
            let second: ClosedRange<UInt8>
            let length: Int
            switch lead {
            case 0xC2...0xDF: (second, length) = (0x80...0xBF, 2)
            case 0xE0: (second, length) = (0xA0...0xBF, 3)  // no overlong forms
            case 0xED: (second, length) = (0x80...0x9F, 3)  // no surrogates
            case 0xE1...0xEC, 0xEE...0xEF: (second, length) = (0x80...0xBF, 3)
            case 0xF0: (second, length) = (0x90...0xBF, 4)  // no overlong forms
            case 0xF1...0xF3: (second, length) = (0x80...0xBF, 4)
            case 0xF4: (second, length) = (0x80...0x8F, 4)  // nothing above U+10FFFF
            default: return false  // a continuation byte, or a lead that is never valid
            }
            guard index + length <= count, second.contains(self[index + 1]) else { return false }
            for offset in 2..<length where self[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }
}
