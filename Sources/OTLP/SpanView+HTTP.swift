import Foundation

extension SpanView {
    /// The `http` block (xray.md §7.5), from the old (`http.*`, `net.*`) and the new
    /// (`http.request.*`, `url.*`, `client.*`, `server.*`) semantic conventions.
    var http: [String: Any]? {
        var request: [String: Any] = [:]
        var response: [String: Any] = [:]
        if let method = text("http.request.method", "http.method") { request["method"] = method }
        if let agent = text("user_agent.original", "http.user_agent") { request["user_agent"] = agent }
        if let client = text("http.client_ip") ?? text("client.address").flatMap(Self.ipAddress) {
            request["client_ip"] = client
            request["x_forwarded_for"] = true
        } else if let peer = text("net.peer.ip", "network.peer.address"), span.kind == .server {
            request["client_ip"] = peer
        }
        if let url = url { request["url"] = url }
        if let status = value("http.response.status_code")?.integer ?? value("http.status_code")?.integer {
            response["status"] = status
        }
        if let length = responseLength { response["content_length"] = length }
        // Only spans that are HTTP calls get the block: a method, a status or a URL.
        guard request["method"] != nil || response["status"] != nil || request["url"] != nil else { return nil }
        var http: [String: Any] = [:]
        if !request.isEmpty { http["request"] = request }
        if !response.isEmpty { http["response"] = response }
        return http
    }

    var httpStatus: Int64? { value("http.response.status_code")?.integer ?? value("http.status_code")?.integer }

    /// `url.full` or `http.url`, or one assembled from scheme, host, port and target.
    private var url: String? {
        if let full = text("url.full", "http.url") { return full }
        let target: String
        if let whole = text("http.target") {
            target = whole
        } else if let path = text("url.path") {
            target = path + (text("url.query").map { "?" + $0 } ?? "")
        } else {
            return nil
        }
        let scheme = text("url.scheme", "http.scheme") ?? "http"
        let host: String?
        if span.kind == .server {
            host = text("http.host", "http.server_name", "net.host.name", "host.name", "server.address")
        } else {
            host = text("http.host", "net.peer.name", "net.peer.ip", "server.address")
        }
        guard let host else { return nil }
        var port = text("server.port", span.kind == .server ? "net.host.port" : "net.peer.port") ?? ""
        if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") { port = "" }
        return "\(scheme)://\(host)\(port.isEmpty || host.contains(":") ? "" : ":" + port)\(target)"
    }

    private var responseLength: Int64? {
        for event in span.events where event.attributes["message.type"]?.text == "RECEIVED" {
            if let size = event.attributes["messaging.message_payload_size_bytes"]?.integer { return size }
        }
        return value("http.response.body.size")?.integer ?? value("http.response_content_length")?.integer
    }

    private static func ipAddress(_ text: String) -> String? {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1 { return text }
        return nil
    }
}
