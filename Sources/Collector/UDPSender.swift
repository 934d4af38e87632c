import Foundation
import XRayModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Sends documents to a daemon address the way an X-Ray SDK does: one datagram each, the
/// JSON header, a newline, the document. Used by `xray-tui send`, `--demo` and the benchmarks.
public final class UDPSender {
    private let descriptor: Int32
    private var address = sockaddr_storage()
    private let addressLength: socklen_t
    public private(set) var sent = 0
    public private(set) var failed = 0

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(to target: HostAndPort) throws {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(target.host, String(target.port), &hints, &found) == 0, let info = found else {
            throw Failure(description: "cannot resolve \(target)")
        }
        defer { freeaddrinfo(found) }
        descriptor = socket(info.pointee.ai_family, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "cannot open a UDP socket: errno \(errno)") }
        addressLength = info.pointee.ai_addrlen
        withUnsafeMutableBytes(of: &address) { buffer in
            buffer.copyMemory(from: UnsafeRawBufferPointer(start: info.pointee.ai_addr, count: Int(addressLength)))
        }
    }

    deinit { close(descriptor) }

    /// One datagram: the header, a newline, the document.
    public static func datagram(for document: Data) -> Data {
        Data((DaemonDatagram.header + "\n").utf8) + document
    }

    /// Sends raw bytes as one datagram (tests use this for malformed ones).
    @discardableResult
    public func send(bytes: Data) -> Bool {
        let result = bytes.withUnsafeBytes { buffer in
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, buffer.baseAddress, buffer.count, 0, $0, addressLength)
                }
            }
        }
        if result < 0 { failed += 1 } else { sent += 1 }
        return result >= 0
    }

    @discardableResult
    public func send(document: Data) -> Bool { send(bytes: Self.datagram(for: document)) }
}
