import Foundation

/// The X-Ray daemon's UDP framing: `{"format":"json","version":1}\n` then one document
/// (reference/xray.md §1.2). The split is at the first newline; the header is read as JSON,
/// never compared as a string, since SDKs differ in spacing.
public enum DaemonDatagram {
    public static let header = #"{"format":"json","version":1}"#

    /// The document bytes after a valid header.
    public static func body(of datagram: Data) -> Result<Data, DocumentRejection> {
        guard let newline = datagram.offset(of: UInt8(ascii: "\n")).map({ datagram.startIndex + $0 }) else {
            return .failure(DocumentRejection(reason: .missingHeader))
        }
        let headerBytes = datagram[datagram.startIndex..<newline]
        let body = datagram[datagram.index(after: newline)...]
        guard isValidHeader(headerBytes) else {
            return .failure(
                DocumentRejection(reason: .invalidHeader(String(decoding: headerBytes.prefix(80), as: UTF8.self))))
        }
        guard body.trimmedOffsets() != nil else { return .failure(DocumentRejection(reason: .missingHeader)) }
        // A slice of the datagram: the parser copies the document into bytes of its own, so
        // copying here would be a second copy of every document.
        return .success(body)
    }

    /// Valid iff it is a JSON object whose `format` is "json" (any case) and `version` is 1.
    /// The SDKs send the header exactly as `header` spells it, which a comparison of bytes
    /// recognises without a JSON parse; any other spelling is parsed.
    public static func isValidHeader<Bytes: DataProtocol & ContiguousBytes>(_ bytes: Bytes) -> Bool {
        bytes.withUnsafeBytes { bytes in
            var canonical = header
            let isCanonical = canonical.withUTF8 { canonical in
                canonical.count == bytes.count && memcmp(canonical.baseAddress!, bytes.baseAddress!, bytes.count) == 0
            }
            return isCanonical || SegmentDecoder.isDaemonHeader(bytes)
        }
    }

    public static func parse(_ datagram: Data) -> Result<StoredDocument, DocumentRejection> {
        body(of: datagram).flatMap(DocumentParser.parse)
    }
}
