// `metadata` checked in one pass and kept as text (see `SegmentMetadata`).

extension SinglePassDecoder {
    /// The `metadata` object at the cursor, checked as `freeFormObject()` reads it, so that
    /// it declines (and `SegmentDecoder` decides) exactly where reading it would.
    mutating func metadata() throws(Decline) -> SegmentMetadata {
        guard current == UInt8(ascii: "{") else { throw Decline() }
        let start = position
        try checkFreeFormValue()
        // Text outside strings is ASCII, and each string's bytes were checked as UTF-8.
        let text = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
        return SegmentMetadata(checkedText: string(text))
    }

    /// Steps over the free-form value at the cursor, declining where `freeFormValue()` would,
    /// without making it. Plain strings and keys cannot fail to read; the others are read.
    mutating func checkFreeFormValue() throws(Decline) {
        switch current {
        case UInt8(ascii: "{"):
            var object = try openObject()
            while let keyNode = try nextKey(&object) {
                if !keyNode.plain, JSONTape.string(keyNode, in: bytes) == nil { throw Decline() }
                try checkFreeFormValue()
            }
        case UInt8(ascii: "["): try forEachElement { decoder throws(Decline) in try decoder.checkFreeFormValue() }
        case UInt8(ascii: "\""):
            let node = try stringNode()
            if !node.plain, JSONTape.string(node, in: bytes) == nil { throw Decline() }
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try flag()
        case UInt8(ascii: "n"): try literal("null")
        default:
            let (number, start) = try numberValue()
            guard JSONValue.number(number, in: bytes, start) != nil else { throw Decline() }
        }
    }

    /// The values of metadata text that `metadata()` checked.
    static func freeFormObject(checked text: String) -> [String: JSONValue] {
        var contiguous = text
        return contiguous.withUTF8 { buffer in
            var decoder = SinglePassDecoder(bytes: UnsafeRawBufferPointer(buffer))
            do throws(Decline) {
                return try decoder.freeFormObject()
            } catch {
                assertionFailure("metadata checked when its document was decoded failed to read: \(text)")
                return [:]
            }
        }
    }
}
