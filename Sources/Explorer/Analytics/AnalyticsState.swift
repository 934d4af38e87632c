import XRayModel

/// The Analytics tab's own state: what the table groups by, the selected group, and the set
/// pinned for comparison.
public struct AnalyticsState: Sendable {
    public var field: FilterField = .status
    public var selectedRow = 0
    public var scrollTop = 0
    /// Set A of a comparison: the filter and the traces it had when pinned.
    public var pinned: PinnedSet?

    public init() {}
}

public struct PinnedSet: Sendable {
    public var filter: String
    public var summaries: [API.TraceSummary]
}

extension AnalyticsState {
    /// The fields the table can group by: the HTTP ones, user, service, then each annotation
    /// key found in the data.
    static func fields(for summaries: [API.TraceSummary]) -> [FilterField] {
        [.status, .clientIP, .url, .method, .user, .service, .userAgent]
            + annotationKeys(in: summaries).map(FilterField.annotation)
    }
}

extension AppState {
    mutating func analyticsCommand(_ command: Command) -> [Effect]? {
        switch command {
        case .nextGrouping, .previousGrouping:
            let fields = AnalyticsState.fields(for: summaries)
            let current = fields.firstIndex(of: analytics.field) ?? 0
            let step = command == .nextGrouping ? 1 : fields.count - 1
            analytics.field = fields[(current + step) % fields.count]
            analytics.selectedRow = 0
            analytics.scrollTop = 0
        case .down, .up, .pageDown, .pageUp, .top, .bottom:
            let count = AnalyticsView.rowCount(self)
            let page = max(1, AnalyticsView.tableRows(self) / 2)
            let delta: Int
            switch command {
            case .down: delta = 1
            case .up: delta = -1
            case .pageDown: delta = page
            case .pageUp: delta = -page
            case .top: delta = -count
            default: delta = count
            }
            analytics.selectedRow = max(0, min(count - 1, analytics.selectedRow + delta))
            let rows = AnalyticsView.tableRows(self)
            if analytics.selectedRow < analytics.scrollTop { analytics.scrollTop = analytics.selectedRow }
            if analytics.selectedRow >= analytics.scrollTop + rows {
                analytics.scrollTop = analytics.selectedRow - rows + 1
            }
        case .open:
            // Enter refines the filter to the selected group.
            guard let term = AnalyticsView.selectedTerm(self) else {
                notice = "the (none) group has no filter term"
                return []
            }
            filter = FilterTerms.adding(term, to: filter)
            filterHistory.add(filter)
            analytics.selectedRow = 0
            analytics.scrollTop = 0
            return [reload(self)]
        case .pin:
            if analytics.pinned == nil {
                analytics.pinned = PinnedSet(filter: filter, summaries: summaries)
                notice = "pinned \(summaries.count) traces as A; change the filter to compare"
            } else {
                analytics.pinned = nil
            }
        default: return nil
        }
        return []
    }
}
