import XRayModel

/// The lists a trace summary holds (users, service ids, annotation values, zones, instance ids,
/// resource ARNs), read straight off a trace's spans as terms, in the summary's first-seen
/// order. The store indexes every trace it places by these, and most of those summaries were
/// made for nothing else: building the API's lists cost a dozen allocations a document.
///
/// One flat array, searched linearly while it is short: a trace holds a handful of each, and
/// an array per list (with a set or dictionary beside it) cost more allocations than the
/// search. A long one (a large trace with many annotation values) gets a set.
struct TermLists {
    /// The lists in the summary's order; annotations are ordered by key later.
    private enum List: Int, Comparable {
        case user, service, annotation, zone, instance, resourceARN

        static func < (a: List, b: List) -> Bool { a.rawValue < b.rawValue }
    }

    private var entries: [(list: List, term: Term)] = []
    /// The entries' terms, made once there are `linearLimit` of them.
    private var seen: Set<Term> = []
    private static let linearLimit = 32

    /// A node of the summary's `ServiceIds`: a segment's service, or one inferred from a call.
    mutating func add(service key: ServiceKey) {
        addOnce(.service, .service(key))
    }

    /// What one span adds: its annotations, its user, its resource and where it ran.
    mutating func add(_ document: SegmentDocument) {
        for (key, value) in document.annotations { addOnce(.annotation, .annotation(key: key, value: value)) }
        if let user = document.user { addOnce(.user, .user(user)) }
        if let arn = document.resourceARN { addOnce(.resourceARN, .resourceARN(arn)) }
        if let instance = document.instanceID { addOnce(.instance, .instance(instance)) }
        if let zone = document.availabilityZone { addOnce(.zone, .availabilityZone(zone)) }
    }

    /// Users, services, annotations by key (each key's values as first seen), zones,
    /// instances, resources.
    var terms: [Term] {
        // Sorted by position as well, so that what is first seen stays first.
        let order = entries.indices.sorted { a, b in
            let (first, second) = (entries[a], entries[b])
            if first.list != second.list { return first.list < second.list }
            if case .annotation(let firstKey, _) = first.term, case .annotation(let secondKey, _) = second.term,
                firstKey != secondKey
            {
                return firstKey < secondKey
            }
            return a < b
        }
        return order.map { entries[$0].term }
    }

    private mutating func addOnce(_ list: List, _ term: Term) {
        if entries.count < Self.linearLimit {
            guard !entries.contains(where: { $0.term == term }) else { return }
        } else {
            if seen.isEmpty { seen = Set(entries.map(\.term)) }
            guard seen.insert(term).inserted else { return }
        }
        entries.append((list, term))
    }
}
