import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The ingest benchmark's load: datagrams sent to one loopback port in batches, one `sendmmsg`
/// call each, from a connected socket (as the measurements in issue 18 were made). The sender
/// shares the machine's two cores with what it measures, so what it spends is taken from the
/// collector: one `sendto` a datagram, each a fresh copy of the bytes, cost it a sizeable part
/// of a core at 100,000 a second. A batch is assembled in one reused buffer.
final class BatchSender {
    /// `sendmmsg(2)`, looked up at run time: Swift's Glibc module does not declare it.
    private typealias SendMultiple = @convention(c) (Int32, UnsafeMutableRawPointer?, UInt32, Int32) -> Int32

    /// `struct mmsghdr`: a `msghdr` and the byte count the kernel fills in.
    private struct MessageEntry {
        var header = msghdr()
        var length: UInt32 = 0
    }

    private let descriptor: Int32
    private let sendMultiple: SendMultiple
    private(set) var sent = 0
    private(set) var failed = 0

    /// A sender to `host` (IPv4 dotted) and `port`.
    init?(host: String, port: Int) {
        guard MemoryLayout<MessageEntry>.stride == 64, let symbol = dlsym(nil, "sendmmsg") else { return nil }
        sendMultiple = unsafeBitCast(symbol, to: SendMultiple.self)
        descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(host)
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            return nil
        }
    }

    deinit { close(descriptor) }

    /// Sends the datagrams laid end to end in `bytes`, of the given lengths, each as one
    /// datagram. One that the kernel refuses is counted as failed and skipped.
    func send(_ bytes: [UInt8], lengths: [Int]) {
        var vectors = [iovec](repeating: iovec(), count: lengths.count)
        var entries = [MessageEntry](repeating: MessageEntry(), count: lengths.count)
        bytes.withUnsafeBytes { buffer in
            // `iovec` takes a mutable pointer; sending only reads through it.
            let base = UnsafeMutableRawPointer(mutating: buffer.baseAddress!)
            vectors.withUnsafeMutableBufferPointer { vectors in
                var offset = 0
                for (index, length) in lengths.enumerated() {
                    vectors[index] = iovec(iov_base: base + offset, iov_len: length)
                    entries[index].header.msg_iov = vectors.baseAddress! + index
                    entries[index].header.msg_iovlen = 1
                    offset += length
                }
                var next = 0
                entries.withUnsafeMutableBytes { entries in
                    while next < lengths.count {
                        let count = sendMultiple(
                            descriptor, entries.baseAddress! + next * MemoryLayout<MessageEntry>.stride,
                            UInt32(lengths.count - next), 0)
                        if count > 0 {
                            sent += Int(count)
                            next += Int(count)
                        } else {
                            failed += 1
                            next += 1
                        }
                    }
                }
            }
        }
    }
}
