import NIOCore
import NIOHTTPTypes

/// Closes an HTTP/1 connection whose next request is not whole within `limit` of the
/// connection opening or the last response being sent. The idle timeout alone does not stop
/// a client that sends one byte a second: each byte counts as activity, and a few thousand
/// such clients would hold the process's descriptors for ever.
///
/// Sits after Hummingbird's HTTP decoder, so it sees request and response parts. The clock
/// stops when a request's end is read (the handler's own time does not count) and starts
/// again when its response has been written. A response sent before the request is whole
/// (a 404 or 413 answered before the body is read) leaves the clock running until the body
/// ends, and then starts it afresh for the next request.
final class RequestDeadline: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limit: TimeAmount
    private var timer: Scheduled<Void>?
    /// A request's head has been read and its end not yet.
    private var requestOpen = false
    /// The current request has been answered.
    private var answered = false

    init(limit: TimeAmount) { self.limit = limit }

    func handlerAdded(context: ChannelHandlerContext) { startClock(context) }

    func handlerRemoved(context: ChannelHandlerContext) { stopClock() }

    func channelInactive(context: ChannelHandlerContext) {
        stopClock()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            requestOpen = true
            answered = false
        case .end:
            requestOpen = false
            // Answered already: the next request's time starts now; else the handler's time is free.
            if answered { startClock(context) } else { stopClock() }
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            answered = true
            // While the request is still arriving its clock keeps running.
            if !requestOpen { startClock(context) }
        }
        context.write(data, promise: promise)
    }

    private func startClock(_ context: ChannelHandlerContext) {
        stopClock()
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(in: limit) { channel.close(promise: nil) }
    }

    private func stopClock() {
        timer?.cancel()
        timer = nil
    }
}
