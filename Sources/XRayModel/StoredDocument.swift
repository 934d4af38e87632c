import Foundation

/// A top-level document as received: the decoded form for everything the program computes,
/// and the exact text for the raw-data view, BatchGetTraces output and the store.
public struct StoredDocument: Sendable, Hashable {
    public var document: SegmentDocument
    /// The text as received, in UTF-8 (checked when it was parsed). Kept as bytes: the store
    /// compresses bytes, and making a String of them read every byte once more (a twelfth of
    /// parsing a document).
    public var bytes: [UInt8]

    public init(document: SegmentDocument, bytes: [UInt8]) {
        self.document = document
        self.bytes = bytes
    }

    public init(document: SegmentDocument, raw: String) {
        self.init(document: document, bytes: Array(raw.utf8))
    }

    /// Builds the stored form of a document made here (sample data, inferred segments).
    /// Encoding cannot fail: the types hold only strings, numbers and flags, and non-finite
    /// numbers are written as strings (see `compactJSON`).
    public init(encoding document: SegmentDocument) {
        do {
            self.init(document: document, raw: try DocumentParser.compactJSON(document))
        } catch {
            preconditionFailure("a SegmentDocument failed to encode: \(error)")
        }
    }

    /// The text as received.
    public var raw: String { String(decoding: bytes, as: UTF8.self) }

    public var id: String { document.id }
    /// Top-level documents always carry one; validation makes sure.
    public var traceID: String { document.traceID ?? "" }
}

/// Turns bytes into validated documents, or into a rejection that says why.
public enum DocumentParser {
    public static func parse(_ data: Data) -> Result<StoredDocument, DocumentRejection> {
        guard data.count <= DocumentLimits.maxDocumentBytes else {
            return .failure(rejection(.tooLarge(bytes: data.count), data))
        }
        // The common document (an object, whatever the spaces around it) is decoded where its
        // bytes are, and copied after: the decoder meets the text in memory first, and the copy
        // then reads it from the cache. The document gets bytes of its own, not a slice that
        // would keep a whole file or datagram buffer alive.
        let object = data.withUnsafeBytes { raw -> Result<StoredDocument, DocumentRejection>? in
            guard let trimmed = raw.trimmedOffsets(), raw[trimmed.lowerBound] == UInt8(ascii: "{") else { return nil }
            let body = UnsafeRawBufferPointer(rebasing: raw[trimmed])
            // One memcpy into an array made at its size: `[UInt8](data)` went through the
            // generic sequence copy, some 1,100 instructions for a 760-byte document.
            return decoded(body) {
                [UInt8](unsafeUninitializedCapacity: body.count) { copy, count in
                    UnsafeMutableRawBufferPointer(copy).copyMemory(from: body)
                    count = body.count
                }
            }
        }
        // Empty, or not an object: `parse(bytes:)` says which.
        return object ?? parse(bytes: data.withUnsafeBytes { [UInt8]($0) })
    }

    /// `bytes` become the document's own when they need no trimming.
    public static func parse(bytes: [UInt8]) -> Result<StoredDocument, DocumentRejection> {
        var bytes = bytes
        switch checkedBody(&bytes) {
        case .success: break
        case .failure(let rejection): return .failure(rejection)
        }
        return bytes.withUnsafeBytes { body in decoded(body) { bytes } }
    }

    /// The document in `body` (trimmed, an object) with `kept()` as its bytes, or why it is
    /// refused. `kept` runs only for a document accepted.
    private static func decoded(
        _ body: UnsafeRawBufferPointer, keeping kept: () -> [UInt8]
    ) -> Result<StoredDocument, DocumentRejection> {
        do throws(RejectionReason) {
            let document = try SegmentDecoder.decode(body)
            return .success(StoredDocument(document: document, bytes: kept()))
        } catch {
            return .failure(error == notUTF8.reason ? notUTF8 : rejection(error, Data(body)))
        }
    }

    /// What `parse` checks before decoding: the size, that there is text and that it is an
    /// object; `bytes` are trimmed of surrounding whitespace. Whether the text is UTF-8 is
    /// checked first of all by the reference, and so here when it is not an object; otherwise
    /// the decoder checks it, only where its scan saw a byte outside ASCII.
    private static func checkedBody(_ bytes: inout [UInt8]) -> Result<Void, DocumentRejection> {
        guard bytes.count <= DocumentLimits.maxDocumentBytes else {
            return .failure(rejection(.tooLarge(bytes: bytes.count), Data(bytes)))
        }
        guard let trimmed = bytes.withUnsafeBytes({ $0.trimmedOffsets() }) else {
            return .failure(DocumentRejection(reason: .emptyDocument))
        }
        if trimmed != 0...(bytes.count - 1) { bytes = Array(bytes[trimmed]) }
        guard bytes.first == UInt8(ascii: "{") else {
            guard bytes.withUnsafeBytes(\.isValidUTF8) else { return .failure(notUTF8) }
            let isJSON = (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) != nil
            return .failure(DocumentRejection(reason: isJSON ? .notAnObject : .notJSON("expected an object")))
        }
        return .success(())
    }

    static let notUTF8 = DocumentRejection(reason: .notJSON("not valid UTF-8"))

    /// The same checks with Foundation's `JSONDecoder` and the `Codable` initializers: the
    /// reference `SegmentDecoder` is tested against (see the differential tests).
    public static func parseWithJSONDecoder(_ data: Data) -> Result<StoredDocument, DocumentRejection> {
        var bytes = [UInt8](data)
        switch checkedBody(&bytes) {
        case .success: break
        case .failure(let rejection): return .failure(rejection)
        }
        guard bytes.withUnsafeBytes(\.isValidUTF8) else { return .failure(notUTF8) }
        do {
            let document = try JSONDecoder().decode(SegmentDocument.self, from: Data(bytes))
            return .success(StoredDocument(document: document, bytes: bytes))
        } catch let reason as RejectionReason {
            return .failure(rejection(reason, data))
        } catch let error as DecodingError {
            return .failure(rejection(reason(for: error), data))
        } catch {
            return .failure(rejection(.notJSON(String(describing: error)), data))
        }
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    public static func parse(_ text: String) -> Result<StoredDocument, DocumentRejection> {
        parse(bytes: Array(text.utf8))
    }

    /// One document as compact JSON with sorted keys, so generated files are stable.
    public static func compactJSON<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func reason(for error: DecodingError) -> RejectionReason {
        switch error {
        case .typeMismatch(let type, let context):
            return .wrongType(path: context.codingPath.dottedPath, expected: describe(type))
        case .valueNotFound(let type, let context):
            return .wrongType(path: context.codingPath.dottedPath, expected: describe(type))
        case .keyNotFound(let key, let context):
            return .missingField((context.codingPath + [key]).dottedPath)
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return .notJSON(shortDescription(of: context))
            }
            return .wrongType(path: context.codingPath.dottedPath, expected: "valid: \(shortDescription(of: context))")
        @unknown default:
            return .notJSON(String(describing: error))
        }
    }

    private static func shortDescription(of context: DecodingError.Context) -> String {
        if let underlying = context.underlyingError {
            return (underlying as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
                ?? context.debugDescription
        }
        return context.debugDescription
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Double.Type, is Int.Type, is Int64.Type: return "a number"
        case is [Any].Type: return "an array"
        default:
            let name = String(describing: type)
            return name.hasPrefix("Array") ? "an array" : "an object"
        }
    }

    /// Reads whatever ids can be read from a document that failed, for the error message.
    private static func rejection(_ reason: RejectionReason, _ data: Data) -> DocumentRejection {
        let ids = data.withUnsafeBytes { SegmentDecoder.ids(in: $0) }
        return DocumentRejection(reason: reason, documentID: ids.id, traceID: ids.traceID)
    }
}
