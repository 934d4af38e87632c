import CZlib
import Foundation

/// Raw deflate with a preset dictionary, for documents stored one a row.
///
/// A segment document is about a kilobyte of JSON whose keys and most values (service names,
/// SDK versions, URLs, the trace id's prefix) recur in every document, so on its own it
/// compresses to about half, but against a dictionary of documents like it to about an
/// eighth, as well as compressing whole batches would, while every row stays readable by
/// itself. The dictionary is made from the first documents a store writes and kept in the
/// database (`dictionary` table), so each file carries its own.
struct DocumentCompressor: Sendable {
    /// Its row in the `dictionary` table; stored as the first byte of every body it wrote.
    let id: UInt8
    let dictionary: [UInt8]

    /// The most of a dictionary deflate can use (its window).
    static let dictionaryLimit = 32 * 1024

    /// A dictionary from sample documents: deflate finds matches nearer the end cheaper, so
    /// the samples are laid out with the first one last.
    static func dictionary(from samples: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        for sample in samples {
            guard bytes.count < dictionaryLimit else { break }
            bytes = Array(sample.utf8) + [0x0A] + bytes
        }
        return Array(bytes.suffix(dictionaryLimit))
    }

    /// `[id] + deflate(text)`; id 0 means stored without compression.
    func compress(_ text: String) -> [UInt8] {
        var input = Array(text.utf8)
        var stream = z_stream()
        guard
            deflateInit2_(
                &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { return [0] + input }
        defer { deflateEnd(&stream) }
        if !dictionary.isEmpty {
            _ = dictionary.withUnsafeBufferPointer {
                deflateSetDictionary(&stream, $0.baseAddress, uInt($0.count))
            }
        }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 1)
        output[0] = id
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress! + 1
                stream.avail_out = uInt(target.count - 1)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return [0] + input }
        output.removeLast(Int(stream.avail_out))
        return output
    }

    /// Reads a body written by `compress` with the dictionary its first byte names.
    static func decompress(_ body: UnsafeRawBufferPointer, dictionaries: [UInt8: [UInt8]]) throws(BodyError) -> String {
        guard let id = body.first else { throw .empty }
        let payload = UnsafeRawBufferPointer(rebasing: body[1...])
        if id == 0 { return String(decoding: payload, as: UTF8.self) }
        guard let dictionary = dictionaries[id] else { throw .unknownDictionary(id) }
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt
        }
        defer { inflateEnd(&stream) }
        _ = dictionary.withUnsafeBufferPointer { inflateSetDictionary(&stream, $0.baseAddress, uInt($0.count)) }
        var output = [UInt8](repeating: 0, count: max(256, payload.count * 6))
        stream.next_in = UnsafeMutablePointer(mutating: payload.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(payload.count)
        var produced = 0
        while true {
            let status = output.withUnsafeMutableBufferPointer { target in
                stream.next_out = target.baseAddress! + produced
                stream.avail_out = uInt(target.count - produced)
                return inflate(&stream, Z_NO_FLUSH)
            }
            produced = output.count - Int(stream.avail_out)
            if status == Z_STREAM_END { break }
            guard status == Z_OK || status == Z_BUF_ERROR, stream.avail_in > 0 || status == Z_OK else {
                throw .corrupt
            }
            if stream.avail_out == 0 { output += [UInt8](repeating: 0, count: output.count) }
        }
        return String(decoding: output[..<produced], as: UTF8.self)
    }

    enum BodyError: Error, CustomStringConvertible {
        case empty, corrupt
        case unknownDictionary(UInt8)

        var description: String {
            switch self {
            case .empty: return "an empty document body"
            case .corrupt: return "a document body that does not inflate"
            case .unknownDictionary(let id): return "a document body compressed with dictionary \(id), which is missing"
            }
        }
    }
}
