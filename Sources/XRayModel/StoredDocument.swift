import Foundation

/// A top-level document as received: the decoded form for everything the program computes,
/// and the exact text for the raw-data view and for BatchGetTraces output.
public struct StoredDocument: Sendable, Hashable {
    public var document: SegmentDocument
    public var raw: String

    public init(document: SegmentDocument, raw: String) {
        self.document = document
        self.raw = raw
    }

    /// Builds the stored form of a document made here (sample data, inferred segments).
    /// Encoding cannot fail: the types hold only strings, numbers and flags, and non-finite
    /// numbers are written as strings (see `compactJSON`).
    public init(encoding document: SegmentDocument) {
        self.document = document
        do {
            self.raw = try DocumentParser.compactJSON(document)
        } catch {
            preconditionFailure("a SegmentDocument failed to encode: \(error)")
        }
    }

    public var id: String { document.id }
    /// Top-level documents always carry one; validation makes sure.
    public var traceID: String { document.traceID ?? "" }
}

/// Turns bytes into validated documents, or into a rejection that says why.
public enum DocumentParser {
    public static func parse(_ data: Data) -> Result<StoredDocument, DocumentRejection> {
        let body: Data
        let raw: String
        switch checkedText(data) {
        case .success(let checked): (body, raw) = checked
        case .failure(let rejection): return .failure(rejection)
        }
        let decoded = body.withUnsafeBytes { bytes in
            Result { () throws(RejectionReason) in try SegmentDecoder.decode(bytes) }
        }
        switch decoded {
        case .success(let document): return .success(StoredDocument(document: document, raw: raw))
        case .failure(let reason): return .failure(rejection(reason, body))
        }
    }

    /// The same checks with Foundation's `JSONDecoder` and the `Codable` initializers: the
    /// reference `SegmentDecoder` is tested against (see the differential tests).
    public static func parseWithJSONDecoder(_ data: Data) -> Result<StoredDocument, DocumentRejection> {
        let body: Data
        let raw: String
        switch checkedText(data) {
        case .success(let checked): (body, raw) = checked
        case .failure(let rejection): return .failure(rejection)
        }
        do {
            let document = try JSONDecoder().decode(SegmentDocument.self, from: body)
            return .success(StoredDocument(document: document, raw: raw))
        } catch let reason as RejectionReason {
            return .failure(rejection(reason, data))
        } catch let error as DecodingError {
            return .failure(rejection(reason(for: error), data))
        } catch {
            return .failure(rejection(.notJSON(String(describing: error)), data))
        }
    }

    /// What both decoders check first: the size, that there is text, that it is UTF-8 and that
    /// it is an object. The body is trimmed (on bytes: Foundation's string trimming was a fifth
    /// of file loading time); the text is what is kept as received.
    private static func checkedText(_ data: Data) -> Result<(body: Data, raw: String), DocumentRejection> {
        guard data.count <= DocumentLimits.maxDocumentBytes else {
            return .failure(rejection(.tooLarge(bytes: data.count), data))
        }
        guard let trimmed = data.trimmedOffsets() else { return .failure(DocumentRejection(reason: .emptyDocument)) }
        let body = data[(data.startIndex + trimmed.lowerBound)...(data.startIndex + trimmed.upperBound)]
        guard let raw = String(validating: body, as: UTF8.self) else {
            return .failure(DocumentRejection(reason: .notJSON("not valid UTF-8")))
        }
        guard body.first == UInt8(ascii: "{") else {
            let isJSON = (try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])) != nil
            return .failure(DocumentRejection(reason: isJSON ? .notAnObject : .notJSON("expected an object")))
        }
        return .success((body, raw))
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    public static func parse(_ text: String) -> Result<StoredDocument, DocumentRejection> {
        parse(Data(text.utf8))
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
