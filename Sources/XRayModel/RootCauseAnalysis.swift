/// Root causes for a trace summary. X-Ray does not publish its analysis; this is the
/// approximation described on `API.TraceSummary.init(trace:)`.
struct RootCauseAnalysis {
    let trace: Trace

    /// Children in the call tree: subsegments, and segments called from this span.
    private func next(_ index: Int) -> [Int] {
        trace.spans[index].children + trace.spans[index].callees
    }

    /// One root cause per deepest entity whose status is in `classes`.
    func causes(for classes: Set<StatusClass>) -> [API.RootCause] {
        guard let rootIndex = trace.rootIndex else { return [] }
        let clientImpacting = classes.contains(trace.spans[rootIndex].document.statusClass)
        var causes: [API.RootCause] = []
        var visited: Set<Int> = []
        var stack = [rootIndex]
        while let index = stack.popLast() {
            guard visited.insert(index).inserted else { continue }
            let children = next(index)
            let matching = classes.contains(trace.spans[index].document.statusClass)
            let childMatches = children.filter { classes.contains(trace.spans[$0].document.statusClass) }
            if matching && childMatches.isEmpty {
                let cause = API.RootCause(
                    Services: [service(for: index)], ClientImpacting: clientImpacting)
                if !causes.contains(cause) { causes.append(cause) }
            }
            stack.append(contentsOf: children.reversed())
        }
        return causes
    }

    /// The chain of longest children from the entry segment, grouped by service.
    func responseTime() -> [API.RootCause] {
        guard let rootIndex = trace.rootIndex, let total = trace.spans[rootIndex].document.duration, total > 0 else {
            return []
        }
        var path = [rootIndex]
        while let longest = next(path.last!).max(by: { duration($0) < duration($1) }), !path.contains(longest) {
            path.append(longest)
        }
        var services: [API.RootCauseService] = []
        var currentOwner: ServiceKey?
        for index in path {
            let owner = trace.owningService(of: trace.spans[index])
            var entity = API.RootCauseEntity()
            entity.Name = trace.spans[index].document.name
            entity.Coverage = duration(index) / total
            entity.Remote = isRemote(index)
            if owner == currentOwner {
                services[services.count - 1].EntityPath?.append(entity)
            } else {
                currentOwner = owner
                var service = baseService(owner)
                service.EntityPath = [entity]
                services.append(service)
            }
        }
        return [API.RootCause(Services: services, ClientImpacting: true)]
    }

    private func duration(_ index: Int) -> Double { trace.spans[index].document.duration ?? 0 }

    private func isRemote(_ index: Int) -> Bool {
        let document = trace.spans[index].document
        return document.namespace == "remote" || document.namespace == "aws"
            || document.exceptions.contains { $0.remote == true }
    }

    private func baseService(_ key: ServiceKey) -> API.RootCauseService {
        var service = API.RootCauseService()
        service.Name = key.name
        service.Names = [key.name]
        service.Type = key.type
        service.Inferred = false
        return service
    }

    private func service(for index: Int) -> API.RootCauseService {
        let owner = trace.owningService(of: trace.spans[index])
        var service = baseService(owner)
        service.AccountId = trace.owningSegment(of: trace.spans[index])?.document.storedAWS?.value.accountID
        service.EntityPath = trace.pathFromSegment(to: index).map { step in
            var entity = API.RootCauseEntity()
            entity.Name = trace.spans[step].document.name
            entity.Remote = isRemote(step)
            let exceptions = trace.spans[step].document.exceptions
            entity.Exceptions = exceptions.map { API.RootCauseException(Name: $0.type, Message: $0.message) }
            return entity
        }
        return service
    }
}
