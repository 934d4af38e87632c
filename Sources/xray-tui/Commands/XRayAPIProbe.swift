import Collector
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Asks whatever holds a port whether it speaks the X-Ray API: a daemon's TCP proxy or
/// another xray-tui collector answers `POST /GetSamplingRules` with sampling rule records.
enum XRayAPIProbe {
    static func answers(at address: HostAndPort) async -> Bool {
        let host = address.host == "0.0.0.0" ? "127.0.0.1" : address.host
        guard let url = URL(string: "http://\(HostAndPort(host: host, port: address.port))/GetSamplingRules") else {
            return false
        }
        var request = URLRequest(url: url, timeoutInterval: 2)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data("{}".utf8)
        guard let (data, _) = try? await URLSession.shared.data(for: request) else { return false }
        return String(decoding: data, as: UTF8.self).contains("SamplingRuleRecords")
    }
}
