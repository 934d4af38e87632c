extension API.TraceSummary {
    /// The summary GetTraceSummaries returns for a trace (reference/xray.md §4.3).
    ///
    /// Where X-Ray's analysis is not published we approximate, and say so:
    /// - fault and error root causes are the deepest faulted (errored) entities, following
    ///   calls into child segments; each gives one root cause whose service is the one that
    ///   owns the entity, with the path from its segment down to it;
    /// - the response-time root cause follows the longest child from the entry segment down,
    ///   with `Coverage` as the entity's duration over the trace's response time;
    /// - `Revision` counts the document versions accepted for the trace.
    ///
    /// `complete: false` leaves out (nil) the three root-cause lists and the six lists of what
    /// the trace holds (annotations, users, service ids, resource ARNs, instance ids, zones):
    /// the store makes a summary for every trace it places, to fill its row, and keeps it only
    /// for some. The root causes were a third of the summary's cost and the lists most of the
    /// rest, with a dozen allocations a document; the row's terms are read off the trace.
    public init(trace: Trace, complete: Bool = true) {
        self.init()
        Id = trace.id
        // By index, here and below: a loop over the spans themselves copies each (its document,
        // its child lists, its document id), and this runs for every trace the store places.
        let spans = trace.spans
        let hasSegments = spans.indices.contains { spans[$0].isSegment }
        var start = Double.infinity
        var end = -Double.infinity
        var isPartial = false
        var hasThrottle = false
        for index in spans.indices {
            let isSegment = spans[index].isSegment
            if spans[index].document.inProgress { isPartial = true }
            if isSegment && spans[index].document.statusClass == .throttle { hasThrottle = true }
            guard isSegment || !hasSegments else { continue }
            start = min(start, spans[index].document.startTime)
            end = max(end, spans[index].document.endTime ?? spans[index].document.startTime)
        }
        if spans.isEmpty { (start, end) = (0, 0) }
        StartTime = start
        Duration = max(0, end - start).roundedToMicroseconds
        IsPartial = isPartial
        HasThrottle = hasThrottle
        Revision = trace.revision

        if let root = trace.root {
            let document = root.document
            ResponseTime = document.duration?.roundedToMicroseconds
            HasFault = document.statusClass == .fault
            HasError = document.statusClass == .error || document.statusClass == .throttle
            Http = Self.http(of: document)
            EntryPoint = Self.serviceID(trace.serviceKey(ofSegment: root), document)
        } else {
            HasFault = false
            HasError = false
        }

        guard complete else { return }
        let analysis = SummaryCollector(trace: trace)
        Annotations = analysis.annotations
        Users = analysis.users
        ServiceIds = analysis.serviceIDs
        ResourceARNs = analysis.resourceARNs.map { API.ResourceARNDetail(ARN: $0) }
        InstanceIds = analysis.instanceIDs.map { API.InstanceIdDetail(Id: $0) }
        AvailabilityZones = analysis.availabilityZones.map { API.AvailabilityZoneDetail(Name: $0) }
        let causes = RootCauseAnalysis(trace: trace)
        FaultRootCauses = causes.causes(for: [.fault])
        ErrorRootCauses = causes.causes(for: [.error, .throttle])
        ResponseTimeRootCauses = causes.responseTime()
    }

    static func http(of document: SegmentDocument) -> API.Http? {
        guard let http = document.http else { return nil }
        var result = API.Http()
        result.HttpURL = http.request?.url
        result.HttpStatus = http.response?.status
        result.HttpMethod = http.request?.method
        result.UserAgent = http.request?.userAgent
        result.ClientIp = http.request?.clientIP
        return result
    }

    static func serviceID(_ key: ServiceKey, _ document: SegmentDocument?) -> API.ServiceId {
        API.ServiceId(
            Name: key.name, Names: [key.name], AccountId: document?.storedAWS?.value.accountID, Type: key.type)
    }
}

/// Gathers the per-trace lists of a summary in first-seen order (spans are in display order,
/// so the result is stable).
private struct SummaryCollector {
    var annotations: [String: [API.ValueWithServiceIds]] = [:]
    var users: [API.TraceUser] = []
    var serviceIDs: [API.ServiceId] = []
    var resourceARNs: [String] = []
    var instanceIDs: [String] = []
    var availabilityZones: [String] = []
    /// Where each annotation value and each user is in its list: a large trace can hold
    /// thousands of distinct ones, and searching the lists made its summary quadratic (seven
    /// seconds for 10,000 spans, each with its own value and user, in a debug build).
    private var annotationPositions: [String: [AnnotationValue: Int]] = [:]
    private var userPositions: [String: Int] = [:]

    init(trace: Trace) {
        var seenServices: Set<ServiceKey> = []
        func addService(_ key: ServiceKey, _ document: SegmentDocument?) {
            if seenServices.insert(key).inserted {
                serviceIDs.append(API.TraceSummary.serviceID(key, document))
            }
        }
        let spans = trace.spans
        for index in spans.indices {
            let document = spans[index].document
            let segment = spans[index].segmentIndex.map { spans[$0].document }
            let owner =
                segment.map { ServiceKey(name: $0.name, type: $0.origin) }
                ?? ServiceKey(name: document.name, type: document.origin)
            if spans[index].isSegment { addService(owner, document) }
            if case .inferred(let key) = trace.downstream(of: index) { addService(key, nil) }

            // The owner's id is made only for a span that needs it: it allocates (its `Names`).
            // Keys in any order: each has its own list, filled in span order.
            if !document.annotations.isEmpty || document.user != nil {
                let ownerID = API.TraceSummary.serviceID(owner, segment)
                for (key, value) in document.annotations { add(key, value, by: ownerID) }
                if let user = document.user { add(user: user, by: ownerID) }
            }
            appendOnce(document.resourceARN, to: &resourceARNs)
            appendOnce(document.instanceID, to: &instanceIDs)
            appendOnce(document.availabilityZone, to: &availabilityZones)
        }
    }

    private mutating func add(_ key: String, _ annotation: AnnotationValue, by ownerID: API.ServiceId) {
        // Changed in place (`default:`): a copy taken out and put back copied the whole list.
        if let at = annotationPositions[key]?[annotation] {
            if !(annotations[key]![at].ServiceIds ?? []).contains(ownerID) {
                annotations[key]![at].ServiceIds?.append(ownerID)
            }
        } else {
            annotationPositions[key, default: [:]][annotation] = annotations[key]?.count ?? 0
            annotations[key, default: []].append(
                API.ValueWithServiceIds(AnnotationValue: API.AnnotationValue(annotation), ServiceIds: [ownerID]))
        }
    }

    private mutating func add(user: String, by ownerID: API.ServiceId) {
        if let at = userPositions[user] {
            if !(users[at].ServiceIds ?? []).contains(ownerID) { users[at].ServiceIds?.append(ownerID) }
        } else {
            userPositions[user] = users.count
            users.append(API.TraceUser(UserName: user, ServiceIds: [ownerID]))
        }
    }

    private func appendOnce(_ value: String?, to list: inout [String]) {
        if let value, !list.contains(value) { list.append(value) }
    }
}

extension API.AnnotationValue {
    public init(_ value: AnnotationValue) {
        switch value {
        case .string(let text): self.init(StringValue: text)
        case .number(let number): self.init(NumberValue: number)
        case .bool(let flag): self.init(BooleanValue: flag)
        }
    }
}
