import Foundation

/// Reads the few elements the chain needs from STS's XML answers. The shapes are fixed and
/// tiny, so a scan for `<Name>…</Name>` is enough and avoids depending on libxml2 through
/// FoundationXML on Linux.
enum STSResponse {
    /// `<Credentials>` of an `AssumeRole…Result`.
    static func credentials(in body: Data, source: String) -> AWSCredentials? {
        let xml = String(decoding: body, as: UTF8.self)
        guard let block = element("Credentials", in: xml[...]),
            let accessKey = element("AccessKeyId", in: block), let secret = element("SecretAccessKey", in: block),
            let token = element("SessionToken", in: block)
        else { return nil }
        return AWSCredentials(
            accessKeyID: unescape(accessKey), secretAccessKey: unescape(secret), sessionToken: unescape(token),
            expiration: element("Expiration", in: block).flatMap { AWSTimestamp.parse(unescape($0)) },
            source: source)
    }

    /// `<ErrorResponse><Error><Code>…<Message>…` of a refusal.
    static func error(in body: Data) -> (code: String?, message: String?) {
        let xml = String(decoding: body, as: UTF8.self)
        guard let block = element("Error", in: xml[...]) else { return (nil, nil) }
        return (element("Code", in: block).map(unescape), element("Message", in: block).map(unescape))
    }

    /// The text between `<name>` (or `<name attr…>`) and `</name>`.
    static func element(_ name: String, in xml: Substring) -> Substring? {
        var searchStart = xml.startIndex
        while let open = xml.range(of: "<\(name)", range: searchStart..<xml.endIndex) {
            guard let close = xml[open.upperBound...].firstIndex(of: ">") else { return nil }
            let between = xml[open.upperBound..<close]
            // `<Credentials>` must not match `<CredentialsX>`.
            guard between.isEmpty || between.first == " " else {
                searchStart = open.upperBound
                continue
            }
            let contentStart = xml.index(after: close)
            guard let end = xml.range(of: "</\(name)>", range: contentStart..<xml.endIndex) else { return nil }
            return xml[contentStart..<end.lowerBound]
        }
        return nil
    }

    /// XML's five named entities and numeric references.
    static func unescape(_ text: Substring) -> String {
        guard text.contains("&") else { return text.trimmingWhitespace() }
        var result = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else {
                rest = rest[amp...]
                break
            }
            let entity = rest[rest.index(after: amp)..<semicolon]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                let number =
                    entity.hasPrefix("#x")
                    ? UInt32(entity.dropFirst(2), radix: 16) : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let number, let scalar = Unicode.Scalar(number) {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += rest[amp...semicolon]
                }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        result += rest
        return result.trimmingWhitespace()
    }
}
