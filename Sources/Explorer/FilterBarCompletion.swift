import XRayFilter
import XRayModel

extension AppState {
    /// Tab in the filter bar: the first completion of the draft, then the next on each Tab
    /// (Shift-Tab goes back), from the keywords of the language and the values in the data.
    mutating func complete(_ draft: String, backwards: Bool) -> String {
        if let (candidates, index) = completions, candidates.indices.contains(index), candidates[index].text == draft {
            let next = (index + (backwards ? candidates.count - 1 : 1)) % candidates.count
            completions = (candidates, next)
            return candidates[next].text
        }
        let candidates = FilterCompletion.complete(draft, context: completionContext)
        guard !candidates.isEmpty else {
            completions = nil
            return draft
        }
        let first = backwards ? candidates.count - 1 : 0
        completions = (candidates, first)
        return candidates[first].text
    }

    /// What the data on screen offers: services, annotation keys, status codes, users, clients.
    var completionContext: CompletionContext {
        var services = Set<String>()
        var statuses = Set<Int>()
        var users = Set<String>()
        var clients = Set<String>()
        for summary in summaries.prefix(5000) {
            services.formUnion((summary.ServiceIds ?? []).compactMap(\.Name))
            if let status = summary.Http?.HttpStatus { statuses.insert(status) }
            users.formUnion((summary.Users ?? []).compactMap(\.UserName))
            if let client = summary.Http?.ClientIp { clients.insert(client) }
        }
        services.formUnion(map.services.nodes.filter { !$0.isClient }.map(\.name))
        return CompletionContext(
            services: services.sorted(), annotationKeys: annotationKeys(in: summaries), statusCodes: statuses.sorted(),
            users: users.sorted(), clientIPs: clients.sorted())
    }
}
