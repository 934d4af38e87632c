import CZlib
import Foundation

/// Inflates a gzip (or zlib) body up to a limit, so a small body that inflates to gigabytes
/// (a "gzip bomb") is refused once the limit is passed instead of filling memory.
public enum Gzip {
    public enum Failure: Error, Equatable {
        case tooLarge(limit: Int)
        case corrupt(String)
    }

    public static func inflate(_ input: Data, limit: Int) throws(Failure) -> Data {
        var stream = z_stream()
        // 15 + 32: a gzip or zlib header, detected.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var status: Int32 = Z_OK
        let result: Failure? = input.withUnsafeBytes { raw -> Failure? in
            stream.next_in = UnsafeMutablePointer(mutating: raw.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(raw.count)
            while status != Z_STREAM_END {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return buffer.count - Int(stream.avail_out)
                }
                if status != Z_OK && status != Z_STREAM_END {
                    if status == Z_BUF_ERROR && stream.avail_in == 0 { return .corrupt("the gzip data ends early") }
                    let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    return .corrupt("the gzip data is corrupt (\(message))")
                }
                guard output.count + produced <= limit else { return .tooLarge(limit: limit) }
                output.append(contentsOf: chunk[0..<produced])
                if produced == 0 && stream.avail_in == 0 && status != Z_STREAM_END {
                    return .corrupt("the gzip data ends early")
                }
            }
            return nil
        }
        if let result { throw result }
        return output
    }
}
