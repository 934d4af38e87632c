import XRayModel

/// Long windows asked of AWS in slices, newest first: the service limits how long a
/// GetTraceSummaries window may be (the published figures differ; six hours satisfies each),
/// and the console pages through a day the same way. The NextToken a caller sees says which
/// slice comes next and X-Ray's own token within it.
extension XRayAPIClient {
    /// The slices of `window` at most `length` long, newest first.
    static func slices(of window: TimeWindow, length: Double) -> [TimeWindow] {
        guard length > 0, window.duration > length else { return [window] }
        var slices: [TimeWindow] = []
        var end = window.end
        while end > window.start {
            let start = max(window.start, end - length)
            slices.append(TimeWindow(start: start, end: end))
            end = start
        }
        return slices
    }

    /// `slice|token`: the slice to ask next and X-Ray's token within it (empty at its start).
    struct SliceToken {
        var slice: Int
        var inner: String?

        var text: String { "\(slice)|\(inner ?? "")" }
    }

    func slicedSummaries(_ query: SummaryQuery, length: Double) async throws -> SummaryPage {
        let slices = Self.slices(of: query.window, length: length)
        let position =
            try query.nextToken.map { token in
                guard let parsed = SliceToken(token), parsed.slice < slices.count else {
                    throw TraceSourceError.badNextToken(token)
                }
                return parsed
            } ?? SliceToken(slice: 0, inner: nil)
        var inner = query
        inner.window = slices[position.slice]
        inner.nextToken = position.inner
        let page = try await unslicedSummaries(inner)
        var next: SliceToken?
        if let token = page.nextToken {
            next = SliceToken(slice: position.slice, inner: token)
        } else if position.slice + 1 < slices.count {
            next = SliceToken(slice: position.slice + 1, inner: nil)
        }
        // Where the scan has reached: this page's time, or the start of a finished slice.
        let reached = page.nextToken == nil ? slices[position.slice].start : page.approximateTime
        return SummaryPage(
            summaries: page.summaries, nextToken: next?.text, approximateTime: reached,
            tracesProcessed: page.tracesProcessed)
    }
}

extension XRayAPIClient.SliceToken {
    init?(_ text: String) {
        guard let bar = text.firstIndex(of: "|"), let slice = Int(text[..<bar]), slice >= 0 else { return nil }
        self.slice = slice
        let rest = String(text[text.index(after: bar)...])
        inner = rest.isEmpty ? nil : rest
    }
}
