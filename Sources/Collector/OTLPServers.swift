import NIOCore

/// The two OTLP listeners a collector may run, started together so a port that cannot be
/// bound stops the start with a message naming it (and closes the one already bound).
struct OTLPServers: Sendable {
    var http: Task<Void, Error>?
    var httpAddress: HostAndPort?
    var grpc: OTLPGRPCServer?
    var grpcAddress: HostAndPort?

    static func start(
        receiver: OTLPReceiver, http: HostAndPort?, grpc: HostAndPort?, limits: HTTPLimits
    ) async throws(CollectorError)
        -> OTLPServers
    {
        var servers = OTLPServers()
        if let http {
            do {
                let started = try await OTLPHTTPServer.start(
                    receiver: receiver, host: http.host, port: http.port, limits: limits)
                servers.http = started.task
                servers.httpAddress = HostAndPort(host: http.host, port: started.port)
            } catch {
                throw CollectorError.cannotBind(http, protocol: "TCP", reason: Collector.reason(error))
            }
        }
        if let grpc {
            do {
                let server = try await OTLPGRPCServer.start(receiver: receiver, host: grpc.host, port: grpc.port)
                servers.grpc = server
                servers.grpcAddress = HostAndPort(host: grpc.host, port: server.port ?? grpc.port)
            } catch {
                servers.http?.cancel()
                throw CollectorError.cannotBind(grpc, protocol: "TCP", reason: Collector.reason(error))
            }
        }
        return servers
    }
}
