import Foundation
import NIOCore
import NIOPosix

/// The X-Ray daemon's UDP socket (reference/xray.md §1): each datagram is one document behind
/// a JSON header. The event loop only copies bytes into the queue; parsing happens elsewhere.
public struct DaemonListener: Sendable {
    /// Large enough that a burst from many SDKs waits in the kernel rather than being dropped
    /// there, where we could not count it, while the event loop waits for a core: with 8 MB,
    /// `xray-bench ingest` lost 7,933 datagrams in the kernel at 200,000 a second and 64,723
    /// at 300,000 (reached: 201,571); with 32 MB, none up to 300,000 (reached: 231,641)
    /// (README, "Collector ingest").
    public static let receiveBufferBytes = 32 << 20
    /// One byte more than the daemon's 64 KiB, so a truncated datagram is recognised as too
    /// large instead of being parsed cut short.
    static let datagramCapacity = 65_537
    /// Datagrams per recvmmsg call. NIO splits one receive buffer evenly among them, so the
    /// buffer holds this many full-size datagrams.
    static let datagramsPerRead = 16

    let channel: Channel

    public var localAddress: SocketAddress? { channel.localAddress }

    public static func bind(host: String, port: Int, queue: IngestQueue, group: EventLoopGroup) async throws
        -> DaemonListener
    {
        let bootstrap = DatagramBootstrap(group: group)
            .channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(receiveBufferBytes))
            .channelOption(
                .recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: datagramCapacity * datagramsPerRead)
            )
            // Many datagrams per wake-up (recvmmsg).
            .channelOption(.datagramVectorReadMessageCount, value: datagramsPerRead)
            .channelOption(.maxMessagesPerRead, value: 16)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DatagramHandler(queue: queue))
                }
            }
        let channel = try await bootstrap.bind(host: host, port: port).get()
        // SO_RCVBUF is capped by net.core.rmem_max; with the privilege to, go past the cap.
        try? await channel.setOption(
            .socketOption(.init(rawValue: SO_RCVBUFFORCE)), value: SocketOptionValue(receiveBufferBytes)
        ).get()
        return DaemonListener(channel: channel)
    }

    public func close() async {
        try? await channel.close()
    }
}

/// Copies each datagram into the queue: those of one read from the socket (up to
/// `datagramsPerRead` x `maxMessagesPerRead`) together, under one lock and with one wake-up of
/// the pipeline rather than one each.
final class DatagramHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    let queue: IngestQueue
    private var read: [Data] = []

    init(queue: IngestQueue) { self.queue = queue }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        read.append(Data(envelope.data.readableBytesView))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        pushRead()
        context.fireChannelReadComplete()
    }

    /// Nothing read is left behind when the channel closes between a read and its end.
    func channelInactive(context: ChannelHandlerContext) {
        pushRead()
        context.fireChannelInactive()
    }

    private func pushRead() {
        queue.push(contentsOf: read)
        read.removeAll(keepingCapacity: true)
    }
}
