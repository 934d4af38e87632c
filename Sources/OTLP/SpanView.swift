import Foundation

/// One span with its resource, read as the conversion needs it: attributes by name (old and
/// new semantic conventions alike), its kind's consequences, and the document's identity.
struct SpanView {
    let span: OTLPSpan
    let resource: ResourceInfo

    func value(_ key: String) -> OTLPValue? { span.attributes[key] }
    func text(_ key: String) -> String? { value(key)?.text }
    /// The first of several attribute names that is present (the new convention first).
    func text(_ keys: String...) -> String? {
        for key in keys { if let value = text(key) { return value } }
        return nil
    }

    var parentID: String? { span.parentSpanID.isEmpty ? nil : span.parentSpanID.hex }

    /// Server spans, roots and `LOCAL_ROOT` spans (where a service's own work starts) are
    /// segments; everything else is a subsegment of its parent.
    var isSegment: Bool {
        span.kind == .server || span.parentSpanID.isEmpty || text("aws.span.kind") == "LOCAL_ROOT"
    }

    /// `aws.span.kind = LOCAL_ROOT` on an outgoing call: the exporter makes a segment for the
    /// local service and a subsegment for the call under it.
    var isLocalRootDependency: Bool {
        text("aws.span.kind") == "LOCAL_ROOT" && [.client, .producer, .consumer].contains(span.kind)
    }

    /// The identity and times every document has.
    func document(id: String, parent: String?, asSegment: Bool) -> [String: Any] {
        let hex = span.traceID.hex
        let traceID = "1-" + hex.prefix(8) + "-" + hex.dropFirst(8)
        var document: [String: Any] = [
            "id": id, "trace_id": traceID, "start_time": Self.seconds(span.startTimeUnixNano),
        ]
        if span.endTimeUnixNano == 0 {
            document["in_progress"] = true
        } else {
            document["end_time"] = Self.seconds(span.endTimeUnixNano)
        }
        if let parent { document["parent_id"] = parent }
        if !asSegment { document["type"] = "subsegment" }
        return document
    }

    /// Nanoseconds since the epoch as X-Ray's seconds, to the microsecond (which a double
    /// holds exactly for this century; nanoseconds it does not).
    static func seconds(_ nanos: UInt64) -> Double {
        Double(nanos / 1000) / 1_000_000
    }

    /// The documented precedence of names (xray.md §7.3), first match wins.
    func segmentName(asSegment: Bool) -> String {
        let outgoing = [.client, .producer, .consumer].contains(span.kind)
        if span.kind == .server || (asSegment && !outgoing), let name = text("aws.local.service") { return name }
        if outgoing, var name = text("aws.remote.service") {
            if isAWSCall {
                for prefix in ["AWS.SDK.", "AWS::"] where name.hasPrefix(prefix) {
                    name = String(name.dropFirst(prefix.count))
                }
            }
            return name
        }
        if let name = text("peer.service") { return name }
        if let name = text("aws.service") { return name }
        if let database = text("db.name", "db.namespace") {
            if let host = Self.host(ofConnection: text("db.connection_string")) { return "\(database)@\(host)" }
            return database
        }
        // Not in the exporter's list: a database call that names no database would be named
        // for its statement ("SELECT"), a node per verb on the map; its system names it better.
        if outgoing, let system = text("db.system.name", "db.system") { return system }
        if span.kind == .server, let name = resource.serviceName { return name }
        if let name = text("rpc.service") { return name }
        if let name = text("http.host") { return name }
        if let name = text("net.peer.name", "server.address"), !outgoing || span.kind == .client { return name }
        // A root span of a service with no server kind (a job, a CLI) is named for its service.
        if asSegment, let name = resource.serviceName { return name }
        // An HTTP call that says only its URL (the old conventions) is named for the host it called.
        if outgoing, let url = text("url.full", "http.url"), let host = URLComponents(string: url)?.host, !host.isEmpty
        {
            return host
        }
        return span.name
    }

    private static func host(ofConnection text: String?) -> String? {
        guard let text, let url = URLComponents(string: text), let host = url.host, !host.isEmpty else { return nil }
        return host
    }

    var isAWSCall: Bool { text("rpc.system") == "aws-api" || text("aws.service") != nil }

    var namespace: String? {
        if isAWSCall { return "aws" }
        if span.kind == .client { return "remote" }
        if [.producer, .consumer].contains(span.kind), text("aws.remote.service") != nil { return "remote" }
        return nil
    }

    /// `aws.xray.annotations` (a list of keys) and the configured keys, for values X-Ray can
    /// index (strings, numbers, booleans); keys reduced to letters, digits and `_`.
    func annotations(configured: Set<String>) -> (keys: Set<String>, values: [String: Any]) {
        var wanted = configured
        if case .array(let listed) = value("aws.xray.annotations") {
            for key in listed { if let key = key.text { wanted.insert(key) } }
        } else if let listed = text("aws.xray.annotations") {
            wanted.insert(listed)
        }
        var keys = Set<String>()
        var values: [String: Any] = [:]
        for attribute in span.attributes where wanted.contains(attribute.key) {
            let value: Any
            switch attribute.value {
            case .string(let text): value = text
            case .int(let number): value = number
            case .double(let number) where number.isFinite: value = number
            case .bool(let flag): value = flag
            default: continue
            }
            keys.insert(attribute.key)
            values[Self.annotationKey(attribute.key)] = value
        }
        return (keys, values)
    }

    static func annotationKey(_ key: String) -> String {
        String(
            key.unicodeScalars.map { scalar in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "_")
                    ? Character(scalar) : "_"
            })
    }

    var links: [[String: Any]] {
        span.links.compactMap { link in
            guard link.traceID.count == 16, link.spanID.count == 8 else { return nil }
            let hex = link.traceID.hex
            var entry: [String: Any] = [
                "trace_id": "1-" + hex.prefix(8) + "-" + hex.dropFirst(8), "id": link.spanID.hex,
            ]
            if !link.attributes.isEmpty {
                var attributes: [String: Any] = [:]
                for attribute in link.attributes { attributes[attribute.key] = attribute.value.json }
                entry["attributes"] = attributes
            }
            return entry
        }
    }
}
