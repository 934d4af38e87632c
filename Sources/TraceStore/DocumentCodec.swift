import CZstd
import Foundation

/// Documents are compressed one by one with zstd against a dictionary trained on the first
/// documents a store writes, and kept in the database (`dictionary` table), so each file
/// carries its own. A segment document is about a kilobyte of JSON whose keys and most values
/// (service names, SDK versions, URLs, the trace id's prefix) recur in every document: alone it
/// compresses to about half, against the dictionary to about a ninth, as well as whole batches
/// would, while every row stays readable by itself.
///
/// Measured on eks-workshop documents: zstd level 3 with a trained 16 KB dictionary, 11 % in
/// 1.3 µs a document; zlib with 16 KB of documents as its preset dictionary, 11 to 13 % in 33
/// to 72 µs (setting a dictionary costs zlib that on every document; zstd digests it once).
///
/// The digested dictionaries are read-only and shared by every thread (zstd allows it).
final class DocumentCodec: @unchecked Sendable {
    /// Its row in the `dictionary` table; the first byte of every body it wrote.
    let id: UInt8
    let dictionary: [UInt8]
    private let compressionDictionary: OpaquePointer
    private let decompressionDictionary: OpaquePointer

    static let dictionaryBytes = 16 * 1024
    static let level: Int32 = 3

    init(id: UInt8, dictionary: [UInt8]) {
        self.id = id
        self.dictionary = dictionary
        compressionDictionary = dictionary.withUnsafeBytes {
            ZSTD_createCDict($0.baseAddress, $0.count, Self.level)
        }
        decompressionDictionary = dictionary.withUnsafeBytes { ZSTD_createDDict($0.baseAddress, $0.count) }
    }

    deinit {
        ZSTD_freeCDict(compressionDictionary)
        ZSTD_freeDDict(decompressionDictionary)
    }

    /// A dictionary for documents like these: trained by zstd when there are enough of them,
    /// else the documents themselves, newest last (zstd, like deflate, reaches the end of a
    /// dictionary cheapest).
    static func trainDictionary(_ samples: [[UInt8]]) -> [UInt8] {
        let bytes = Array(samples.joined())
        let sizes = samples.map(\.count)
        var trained = [UInt8](repeating: 0, count: dictionaryBytes)
        let size = trained.withUnsafeMutableBytes { target in
            bytes.withUnsafeBytes { source in
                ZDICT_trainFromBuffer(
                    target.baseAddress, target.count, source.baseAddress, sizes, UInt32(sizes.count))
            }
        }
        if ZDICT_isError(size) == 0 { return Array(trained.prefix(size)) }
        return Array(bytes.suffix(dictionaryBytes))
    }

    /// `[id] + zstd(text)` for each text, on every core.
    func compress(_ texts: [[UInt8]]) -> [Data] {
        texts.concurrentSlices { slice in
            let context = ZSTD_createCCtx()
            defer { ZSTD_freeCCtx(context) }
            // One output buffer for the slice, grown as needed: the body is then the only
            // allocation a document costs here (it was three, with a copy of the text).
            var scratch: [UInt8] = []
            return slice.map { compress($0, context: context, scratch: &scratch) }
        }
    }

    private func compress(_ text: [UInt8], context: OpaquePointer?, scratch: inout [UInt8]) -> Data {
        text.withUnsafeBytes { input in
            let bound = ZSTD_compressBound(input.count) + 1
            if scratch.count < bound { scratch = [UInt8](repeating: 0, count: bound) }
            scratch[0] = id
            let written = scratch.withUnsafeMutableBytes { target in
                ZSTD_compress_usingCDict(
                    context, target.baseAddress! + 1, bound - 1, input.baseAddress, input.count,
                    compressionDictionary)
            }
            guard ZSTD_isError(written) == 0 else { return Data([0]) + Data(input) }
            return Data(scratch[..<(written + 1)])
        }
    }

    /// Reads bodies on every core (see `decompress(_:codecs:context:)`); nil for one that
    /// does not decompress.
    static func decompress(_ bodies: [Data], codecs: [UInt8: DocumentCodec]) -> [[UInt8]?] {
        bodies.concurrentSlices { slice in
            let context = ZSTD_createDCtx()
            defer { ZSTD_freeDCtx(context) }
            return slice.map { try? decompress($0, codecs: codecs, context: context) }
        }
    }

    /// Reads a body: its first byte names the codec (0: stored as it came).
    static func decompress(_ body: Data, codecs: [UInt8: DocumentCodec], context: OpaquePointer?) throws(BodyError)
        -> [UInt8]
    {
        guard let id = body.first else { throw .empty }
        let payload = body.dropFirst()
        if id == 0 { return [UInt8](payload) }
        guard let codec = codecs[id] else { throw .unknownDictionary(id) }
        let result: [UInt8]? = payload.withUnsafeBytes { source in
            let size = ZSTD_getFrameContentSize(source.baseAddress, source.count)
            guard size != ZSTD_CONTENTSIZE_ERROR, size != ZSTD_CONTENTSIZE_UNKNOWN, size < 1 << 26 else { return nil }
            var output = [UInt8](repeating: 0, count: Int(size))
            let read = output.withUnsafeMutableBytes { target in
                ZSTD_decompress_usingDDict(
                    context, target.baseAddress, target.count, source.baseAddress, source.count,
                    codec.decompressionDictionary)
            }
            guard ZSTD_isError(read) == 0 else { return nil }
            if read < output.count { output.removeLast(output.count - read) }
            return output
        }
        guard let result else { throw .corrupt }
        return result
    }

    enum BodyError: Error, CustomStringConvertible {
        case empty, corrupt
        case unknownDictionary(UInt8)

        var description: String {
            switch self {
            case .empty: return "an empty document body"
            case .corrupt: return "a document body that does not decompress"
            case .unknownDictionary(let id): return "a document body compressed with dictionary \(id), which is missing"
            }
        }
    }
}
