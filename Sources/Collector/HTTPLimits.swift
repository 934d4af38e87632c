import NIOCore

/// How long the HTTP/1 listeners (the X-Ray API and OTLP/HTTP) wait for a client.
public struct HTTPLimits: Sendable {
    /// A connection that sends nothing for this long is closed, so idle clients cannot hold
    /// the process's descriptors for ever (SDKs reconnect for their next poll).
    public var idleTimeout: TimeAmount
    /// A request must arrive whole within this of the connection opening or the previous
    /// response (`RequestDeadline`): 8 MB at 140 KB/s, while a byte-a-second client is cut off.
    public var requestDeadline: TimeAmount

    public init(idleTimeout: TimeAmount, requestDeadline: TimeAmount) {
        self.idleTimeout = idleTimeout
        self.requestDeadline = requestDeadline
    }

    public static let standard = HTTPLimits(idleTimeout: .seconds(30), requestDeadline: .seconds(60))
}
