import Testing
import XRayFilter
import XRayModel

@testable import TraceStore

/// The store answers filters from its compact trace rows where it can (`CompactFilter`), not
/// from summaries and assembled traces. Every hand-worked case of `EvaluationTests` must come
/// out the same through the store, and the cases a row can answer must take that path.
@Suite struct StoreEvaluationTests {
    static func store(groups: [API.GroupSummary]) async throws -> TraceStore {
        let store = TraceStore(name: "fixtures")
        await store.setGroups(groups)
        for (number, entry) in FilterFixtures.documents.enumerated() {
            let id = FilterFixtures.traceID(number + 1)
            for json in entry.documents {
                await store.ingest(try DocumentParser.parse(json.replacingOccurrences(of: "{T}", with: id)).get())
            }
        }
        return store
    }

    static func names(of ids: some Sequence<String>) -> Set<String> {
        Set(ids.map { id in FilterFixtures.documents[Int(id.suffix(2), radix: 16)! - 1].name })
    }

    @Test(arguments: EvaluationTests.all)
    func theStoreMatchesExactly(_ row: EvaluationCase) async throws {
        let store = try await Self.store(groups: row.groups)
        let page = try await store.summaries(
            SummaryQuery(window: TimeWindow(start: 0, end: 4_000_000_000), filter: row.source))
        let matched = Self.names(of: page.summaries.compactMap(\.Id))
        #expect(
            matched == row.expected,
            "extra: \(matched.subtracting(row.expected)), missing: \(row.expected.subtracting(matched))")
        #expect(try await store.count(matching: row.source) == row.expected.count)
    }

    /// What rows cannot answer: exception messages, root causes, a span's own numbers and
    /// texts inside a block, account ids. Everything else must compile.
    @Test(arguments: EvaluationTests.all)
    func rowsAnswerWhatTheyHold(_ row: EvaluationCase) throws {
        let expression = try FilterExpression(parsing: row.source, groups: row.groups)
        let compiled = CompactFilter(expression.root, terms: TermTable(), texts: TextPool()) != nil
        #expect(compiled == Self.rowsCanAnswer(expression.root), "\(row.source)")
    }

    static func rowsCanAnswer(_ node: FilterNode) -> Bool {
        switch node {
        case .and(let a, let b), .or(let a, let b): return rowsCanAnswer(a) && rowsCanAnswer(b)
        case .not(let a): return rowsCanAnswer(a)
        case .flag, .number, .annotation: return true
        case .text(let keyword, _): return keyword != .message
        case .service(let selector, let block): return selector?.accountID == nil && block.map(isStateOnly) ?? true
        case .edge(let from, let to, let block):
            return from.accountID == nil && to.accountID == nil && block.map(isStateOnly) ?? true
        case .rootCause, .rootCauseJSON: return false
        }
    }

    static func isStateOnly(_ node: FilterNode) -> Bool {
        switch node {
        case .and(let a, let b), .or(let a, let b): return isStateOnly(a) && isStateOnly(b)
        case .not(let a): return isStateOnly(a)
        case .flag: return true
        default: return false
        }
    }
}
