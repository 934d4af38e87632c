import Foundation
import XRayModel

/// Turns OTLP spans into X-Ray segment documents the way AWS's exporter does
/// (`../shared/reference/xray.md` §7): server spans and roots become segments, the others
/// subsegments naming their parent; names, namespaces, `http`, errors, `cause`, `aws`, `sql`,
/// annotations and metadata from the attributes. The OTLP JSON of the span itself is kept in
/// the document's metadata (`otlp.span`), so the raw view shows the span as it came.
public struct SpanConverter: Sendable {
    /// Attribute keys that become annotations on every span carrying them (the exporter's
    /// `indexed_attributes`), besides those a span lists in `aws.xray.annotations`.
    public var annotationKeys: Set<String>

    public init(annotationKeys: Set<String> = []) {
        self.annotationKeys = annotationKeys
    }

    /// One converted span: its documents as JSON (two for a `LOCAL_ROOT` client span), or why
    /// it cannot become one.
    public struct Converted: Sendable {
        public var documents: [Data]
        public var refusal: String?
    }

    public func convert(_ batches: [OTLPResourceSpans]) -> [Converted] {
        var result: [Converted] = []
        for batch in batches {
            let resource = ResourceInfo(batch.resource, droppedValues: batch.droppedValues)
            for scope in batch.scopes {
                for span in scope.spans { result.append(convert(span, resource: resource)) }
            }
        }
        return result
    }

    func convert(_ span: OTLPSpan, resource: ResourceInfo) -> Converted {
        guard span.traceID.count == 16, span.traceID.contains(where: { $0 != 0 }) else {
            return Converted(documents: [], refusal: "trace id is not 16 bytes, or all zero")
        }
        guard span.spanID.count == 8, span.spanID.contains(where: { $0 != 0 }) else {
            return Converted(documents: [], refusal: "span id is not 8 bytes, or all zero")
        }
        guard span.parentSpanID.isEmpty || span.parentSpanID.count == 8 else {
            return Converted(documents: [], refusal: "parent span id is not 8 bytes")
        }
        let view = SpanView(span: span, resource: resource)
        var documents: [[String: Any]] = []
        if view.isLocalRootDependency {
            // Two documents: the service the call was made from, and the call under it.
            let serviceID = FNV1a.hex("local-root " + span.spanID.hex)
            var service = view.document(id: serviceID, parent: view.parentID, asSegment: true)
            service["name"] = Self.segmentName(view.text("aws.local.service") ?? resource.serviceName ?? span.name)
            documents.append(service)
            var call = view.document(id: span.spanID.hex, parent: serviceID, asSegment: false)
            addDetails(to: &call, view, asSegment: false)
            documents.append(call)
        } else {
            let asSegment = view.isSegment
            var document = view.document(id: span.spanID.hex, parent: view.parentID, asSegment: asSegment)
            addDetails(to: &document, view, asSegment: asSegment)
            documents.append(document)
        }
        var encoded: [Data] = []
        for document in documents {
            guard let data = Self.fitting(document) else {
                return Converted(
                    documents: [], refusal: "it makes a document over \(DocumentLimits.maxDocumentBytes) bytes")
            }
            encoded.append(data)
        }
        return Converted(documents: encoded, refusal: nil)
    }

    /// The document as JSON within X-Ray's 64 KiB: a span whose attributes are large (a long
    /// SQL statement, a Java stack) loses first the copy of the span kept for the raw view,
    /// then its metadata, before it is refused.
    static func fitting(_ document: [String: Any]) -> Data? {
        var document = document
        for step in 0..<3 {
            if step == 1, var metadata = document["metadata"] as? [String: Any] {
                var otlp = metadata["otlp"] as? [String: Any] ?? [:]
                otlp["span"] = nil
                metadata["otlp"] = otlp.isEmpty ? nil : otlp
                document["metadata"] = metadata.isEmpty ? nil : metadata
            }
            if step == 2 { document["metadata"] = nil }
            guard
                let data = try? JSONSerialization.data(
                    withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
            else { return nil }
            if data.count <= DocumentLimits.maxDocumentBytes { return data }
        }
        return nil
    }

    /// Everything after the identity fields: what the span's attributes and events say.
    private func addDetails(to document: inout [String: Any], _ view: SpanView, asSegment: Bool) {
        document["name"] = Self.segmentName(view.segmentName(asSegment: asSegment))
        if let namespace = view.namespace { document["namespace"] = namespace }
        if let http = view.http { document["http"] = http }
        let flags = view.errorFlags
        if flags.fault { document["fault"] = true }
        if flags.error { document["error"] = true }
        if flags.throttle { document["throttle"] = true }
        if let cause = view.cause { document["cause"] = cause }
        if let aws = view.aws(asSegment: asSegment) { document["aws"] = aws }
        if let sql = view.sql { document["sql"] = sql }
        if asSegment, let user = view.text("enduser.id") { document["user"] = user }
        if asSegment, let origin = view.resource.origin { document["origin"] = origin }
        let annotations = view.annotations(configured: annotationKeys)
        if !annotations.values.isEmpty { document["annotations"] = annotations.values }
        var defaults: [String: Any] = [:]
        var namespaces: [String: Any] = [:]
        for attribute in view.span.attributes where !annotations.keys.contains(attribute.key) {
            // `aws.xray.metadata.NS` holding JSON text is metadata namespace NS, as the exporter has it.
            if attribute.key.hasPrefix("aws.xray.metadata."), let text = attribute.value.text,
                let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)), object is [String: Any]
            {
                namespaces[String(attribute.key.dropFirst("aws.xray.metadata.".count))] = object
                continue
            }
            defaults[attribute.key] = attribute.value.json
        }
        if asSegment {
            for attribute in view.resource.attributes {
                defaults["otel.resource." + attribute.key] = attribute.value.json
            }
        }
        var metadata = namespaces
        var otlp: [String: Any] = ["span": OTLPJSONEncoder.span(view.span)]
        // Says that the span here is not all the sender sent (lists past `DecodeBudget.maxListLength`).
        if view.span.droppedValues > 0 { otlp["dropped_values"] = view.span.droppedValues }
        // The resource's attributes are written on segments only, and so is what was left out.
        if asSegment && view.resource.droppedValues > 0 {
            otlp["dropped_resource_values"] = view.resource.droppedValues
        }
        metadata["otlp"] = otlp
        if !defaults.isEmpty { metadata["default"] = defaults }
        document["metadata"] = metadata
        if !view.span.links.isEmpty { document["links"] = view.links }
    }

    /// X-Ray's name rule: letters, digits, white space and `_ . : / % & # = + \ - @`, at most
    /// 200 characters. Other characters are dropped, as the exporter drops them.
    static func segmentName(_ name: String) -> String {
        let allowed = Set("_.:/%&#=+\\-@ ")
        var kept = String(
            name.unicodeScalars.filter { scalar in
                CharacterSet.alphanumerics.contains(scalar) || CharacterSet.whitespaces.contains(scalar)
                    || allowed.contains(Character(scalar))
            }.prefix(200).map(Character.init))
        kept = kept.trimmingCharacters(in: .whitespaces)
        return kept.isEmpty ? "span" : kept
    }
}
