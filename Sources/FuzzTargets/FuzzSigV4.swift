import AWSXRay
import Foundation

enum FuzzSigV4 {
    static let credentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "token")
    static let signer = SigV4Signer(region: "us-east-1", service: "xray")

    /// Lines of the input: method, path and query, then `name: value` headers; the rest
    /// (after an empty line) is the body.
    static func run(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        let parts = text.split(separator: "\n\n", maxSplits: 1, omittingEmptySubsequences: false)
        let lines = parts.first.map { $0.split(separator: "\n", omittingEmptySubsequences: false) } ?? []
        let method = lines.first.map(String.init) ?? "GET"
        let target = lines.count > 1 ? String(lines[1]) : "/"
        guard let url = URL(string: "https://xray.us-east-1.amazonaws.com" + target) else { return }
        var headers: [String: String] = [:]
        for line in lines.dropFirst(2) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[String(line[..<colon])] = String(line[line.index(after: colon)...])
        }
        let body = parts.count > 1 ? Data(parts[1].utf8) : Data()
        let request = HTTPExchange.Request(method: method, url: url, headers: headers, body: body)
        _ = signer.sign(request, credentials: credentials, date: Date(timeIntervalSince1970: 1_440_938_160))
    }
}
