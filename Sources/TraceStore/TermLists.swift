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
    private enum List {
        case user, service, annotation, zone, instance, resourceARN
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
        // List by list, each in first-seen order; only annotations are sorted, by key. A sort
        // of every entry copied two terms (their strings retained) at each comparison: a tenth
        // of placing a trace.
        var terms: [Term] = []
        terms.reserveCapacity(entries.count)
        func append(_ list: List) {
            for entry in entries where entry.list == list { terms.append(entry.term) }
        }
        append(.user)
        append(.service)
        var annotations: [(key: String, index: Int)] = []
        for index in entries.indices {
            if case .annotation(let key, _) = entries[index].term { annotations.append((key, index)) }
        }
        // By position as well, so that a key's first-seen value stays first.
        annotations.sort { $0.key != $1.key ? $0.key < $1.key : $0.index < $1.index }
        terms += annotations.map { entries[$0.index].term }
        append(.zone)
        append(.instance)
        append(.resourceARN)
        return terms
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
