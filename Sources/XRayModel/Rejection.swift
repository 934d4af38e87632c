/// Why a document was not accepted. Every rejection names what was wrong and where (a field
/// path such as `subsegments[2].id`), so a user can fix the instrumentation that sent it.
public enum RejectionReason: Error, Sendable, Hashable, CustomStringConvertible {
    case notJSON(String)
    case notAnObject
    case missingHeader
    case invalidHeader(String)
    case emptyDocument
    case tooLarge(bytes: Int)
    case missingField(String)
    case wrongType(path: String, expected: String)
    case badID(path: String, value: String)
    case badTraceID(String)
    case noEndTimeNorInProgress(path: String)
    case nameTooLong(path: String, length: Int)
    case endBeforeStart(path: String)

    public var description: String {
        switch self {
        case .notJSON(let detail): return "not JSON: \(detail)"
        case .notAnObject: return "not a JSON object"
        case .missingHeader:
            return "missing header or segment (expected {\"format\":\"json\",\"version\":1} and a newline)"
        case .invalidHeader(let header): return "invalid header: \(Sanitizer.clean(header))"
        case .emptyDocument: return "empty document"
        case .tooLarge(let bytes): return "document is \(bytes) bytes; the limit is \(DocumentLimits.maxDocumentBytes)"
        case .missingField(let path): return "missing required field `\(path)`"
        case .wrongType(let path, let expected): return "field `\(path)` should be \(expected)"
        case .badID(let path, let value): return "field `\(path)` is not 16 hex digits: \"\(Sanitizer.clean(value))\""
        case .badTraceID(let value):
            return "bad trace id \"\(Sanitizer.clean(value))\" (expected 1-XXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXX in hex)"
        case .noEndTimeNorInProgress(let path):
            return "\(path.isEmpty ? "document" : "`\(path)`") has neither `end_time` nor `in_progress: true`"
        case .nameTooLong(let path, let length):
            return "`\(path)` is \(length) characters; the limit is \(DocumentLimits.maxNameLength)"
        case .endBeforeStart(let path): return "`\(path)` ends before it starts"
        }
    }
}

/// A rejected document: the reason, and the ids when they could be read, so the user can find
/// the document in their own logs.
public struct DocumentRejection: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: RejectionReason
    public var documentID: String?
    public var traceID: String?

    public init(reason: RejectionReason, documentID: String? = nil, traceID: String? = nil) {
        self.reason = reason
        self.documentID = documentID.map(Sanitizer.clean)
        self.traceID = traceID.map(Sanitizer.clean)
    }

    public var description: String {
        var text = reason.description
        if let documentID {
            text += " (id \(documentID)" + (traceID.map { ", trace \($0)" } ?? "") + ")"
        } else if let traceID {
            text += " (trace \(traceID))"
        }
        return text
    }
}

public enum DocumentLimits {
    /// The daemon reads 64 KiB datagrams; the documented segment document limit is 64 kB.
    public static let maxDocumentBytes = 65_536
    public static let maxNameLength = 200
}
