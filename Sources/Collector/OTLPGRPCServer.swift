import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOHTTP2
import NIOPosix

/// OTLP/gRPC: the unary `TraceService/Export` call over HTTP/2 without TLS (prior knowledge),
/// as the OpenTelemetry SDKs' gRPC exporters send it. gRPC framing is small enough to do
/// here: a request is one length-prefixed message, the answer one message and a status in
/// the trailers. Each HTTP/2 stream is turned into HTTP/1-style parts by NIOHTTP2's codec.
struct OTLPGRPCServer {
    static let exportPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export"

    let channel: Channel
    /// Exports decoded and not yet handed to the store: `close` waits for them, so nothing
    /// the collector was sent before SIGTERM is lost.
    let inFlight: InFlightExports
    static let idleTimeout = TimeAmount.minutes(5)

    static func start(receiver: OTLPReceiver, host: String, port: Int) async throws -> OTLPGRPCServer {
        let inFlight = InFlightExports()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                // A connection that sends nothing for five minutes is closed (exporters keep theirs
                // open between batches, and reconnect), so idle clients cannot pile up.
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        IdleStateHandler(readTimeout: Self.idleTimeout), CloseWhenIdle(),
                    ])
                }.flatMap {
                    channel.configureHTTP2Pipeline(mode: .server) { stream in
                        stream.eventLoop.makeCompletedFuture {
                            try stream.pipeline.syncOperations.addHandlers([
                                HTTP2FramePayloadToHTTP1ServerCodec(),
                                GRPCExportHandler(receiver: receiver, inFlight: inFlight),
                            ])
                        }
                    }.map { _ in }
                }
            }
            .bind(host: host, port: port).get()
        return OTLPGRPCServer(channel: channel, inFlight: inFlight)
    }

    var port: Int? { channel.localAddress?.port }

    /// Stops accepting connections, then waits (up to ten seconds) for the exports already
    /// received to reach the store.
    func close() async {
        try? await channel.close().get()
        for _ in 0..<1000 where inFlight.count > 0 { try? await Task.sleep(for: .milliseconds(10)) }
    }
}

/// One gRPC call on one HTTP/2 stream.
final class GRPCExportHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// A message is at most the receiver's body limit; the stream is cut off after that.
    static let maxMessageBytes = OTLPReceiver.maxBodyBytes + 5

    private let receiver: OTLPReceiver
    private let inFlight: InFlightExports
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    private var tooLarge = false

    init(receiver: OTLPReceiver, inFlight: InFlightExports) {
        self.receiver = receiver
        self.inFlight = inFlight
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body(var chunk):
            if body.readableBytes + chunk.readableBytes > Self.maxMessageBytes {
                tooLarge = true
            } else {
                body.writeBuffer(&chunk)
            }
        case .end:
            handle(context: context)
        }
    }

    private func handle(context: ChannelHandlerContext) {
        guard let head else { return }
        guard head.uri == OTLPGRPCServer.exportPath else {
            return respond(
                context: context, status: 12,
                message: "no such method \(head.uri); OTLP traces use \(OTLPGRPCServer.exportPath)", body: nil)
        }
        // Not gRPC at all: plain HTTP answers, as the gRPC over HTTP/2 specification asks.
        guard head.method == .POST else { return respondHTTP(context: context, .methodNotAllowed) }
        guard head.headers.first(name: "content-type")?.hasPrefix("application/grpc") == true else {
            return respondHTTP(context: context, .unsupportedMediaType)
        }
        guard !tooLarge else {
            let answer = receiver.refused(
                413, "too_large", "the message is larger than \(OTLPReceiver.maxBodyBytes) bytes", json: false,
                transport: "gRPC")
            return respond(context: context, status: 8, message: answer.message, body: nil)
        }
        guard body.readableBytes >= 5, let compressed = body.readInteger(as: UInt8.self),
            let length = body.readInteger(endianness: .big, as: UInt32.self), Int(length) == body.readableBytes
        else {
            let answer = receiver.refused(
                400, "bad_grpc_frame", "the request is not one length-prefixed gRPC message", json: false,
                transport: "gRPC")
            return respond(context: context, status: 3, message: answer.message, body: nil)
        }
        let encoding = head.headers.first(name: "grpc-encoding")?.lowercased() ?? "identity"
        if compressed != 0 && encoding != "gzip" {
            return respond(
                context: context, status: 12, message: "grpc-encoding \(encoding) is not supported; use gzip", body: nil
            )
        }
        let message = Data(body.readableBytesView)
        let receiver = self.receiver
        let inFlight = self.inFlight
        inFlight.enter()
        let promise = context.eventLoop.makePromise(of: OTLPReceiver.Answer.self)
        promise.completeWithTask {
            defer { inFlight.leave() }
            return await receiver.export(body: message, encoding: .protobuf, gzip: compressed != 0, transport: "gRPC")
        }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        promise.futureResult.whenSuccess { answer in
            let (handler, context) = bound.value
            // HTTP 400 is INVALID_ARGUMENT, 413 RESOURCE_EXHAUSTED.
            let status = answer.status == 200 ? 0 : answer.status == 413 ? 8 : 3
            handler.respond(
                context: context, status: status, message: answer.status == 200 ? "" : answer.message,
                body: answer.status == 200 ? answer.body : nil)
        }
    }

    /// Headers, the one message (for a success) and the trailers with `grpc-status`.
    private func respond(context: ChannelHandlerContext, status: Int, message: String, body: Data?) {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/grpc")
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http2, status: .ok, headers: headers))), promise: nil)
        if let body {
            var frame = context.channel.allocator.buffer(capacity: body.count + 5)
            frame.writeInteger(UInt8(0))
            frame.writeInteger(UInt32(body.count), endianness: .big)
            frame.writeBytes(body)
            context.write(wrapOutboundOut(.body(.byteBuffer(frame))), promise: nil)
        }
        var trailers = HTTPHeaders()
        trailers.add(name: "grpc-status", value: String(status))
        if !message.isEmpty { trailers.add(name: "grpc-message", value: Self.percentEncoded(message)) }
        context.writeAndFlush(wrapOutboundOut(.end(trailers)), promise: nil)
    }

    private func respondHTTP(context: ChannelHandlerContext, _ status: HTTPResponseStatus) {
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http2, status: status))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// gRPC's encoding of `grpc-message`: printable ASCII but `%` as is, the rest as `%XX`.
    static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            if byte >= 0x20 && byte <= 0x7E && byte != UInt8(ascii: "%") {
                result.append(Character(UnicodeScalar(byte)))
            } else {
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}

/// Closes a connection when `IdleStateHandler` says it has been quiet too long.
final class CloseWhenIdle: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}

/// How many exports are between their last byte and the store.
final class InFlightExports: Sendable {
    private let box = NIOLockedValueBox(0)

    var count: Int { box.withLockedValue { $0 } }
    func enter() { box.withLockedValue { $0 += 1 } }
    func leave() { box.withLockedValue { $0 -= 1 } }
}
