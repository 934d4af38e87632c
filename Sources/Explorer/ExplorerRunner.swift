import Foundation
import TerminalKit
import XRayModel

/// Runs the explorer: one loop that reads input, applies actions and draws, and tasks that do
/// the effects (loads from the `TraceSource`) and post their results back as actions. Only the
/// loop touches the terminal; it polls input with a short timeout so results, ticks and
/// signals are seen promptly, and draws at most 30 frames a second, so a burst of new data can
/// never starve the keyboard.
public final class ExplorerRunner: @unchecked Sendable {
    private let backend: TerminalBackend
    private let source: TraceSource
    private var theme: Theme
    private let themes: ThemeCatalog?
    private let history: HistoryFiles?
    /// Why the history could not be kept, for the caller to print after the screen is gone.
    public private(set) var historyProblem: String?
    private let inbox = Inbox()
    /// Touched only by the loop's thread.
    private var state: AppState
    private var loadInFlight = false
    /// Whether a load has been started; the first one shows its first page before the rest.
    private var hasLoaded = false
    private var pendingLoad: Effect?
    private var startingEffects: [Effect] = []
    private var lastLoadStart = 0.0

    /// Live sources reload at most this often, however fast data arrives.
    static let minimumReloadInterval = 0.5
    static let frameInterval = 1.0 / 30

    public init(
        backend: TerminalBackend, source: TraceSource, theme: Theme, state: AppState, themes: ThemeCatalog? = nil,
        history: HistoryFiles? = nil
    ) {
        self.backend = backend
        self.source = source
        self.theme = theme
        self.themes = themes
        self.history = history
        var state = state
        state.themeNames = themes?.names ?? []
        history?.load(into: &state)
        self.state = state
    }

    /// Runs until the user quits; returns the final state. The loop runs on its own thread,
    /// since ncurses must be driven from one thread and its reads block.
    /// `effects` are done once the loop starts (`--open`'s trace).
    @discardableResult
    public func run(startingWith effects: [Effect] = []) async -> AppState {
        startingEffects = effects
        let changes = source.changes()
        let inbox = self.inbox
        let listener = Task {
            for await _ in changes { inbox.post(.dataChanged) }
        }
        defer { listener.cancel() }
        let source = self.source
        Task {
            // Without them a `group.name` filter reads as an unknown group; a source that
            // cannot list them (no permission) still works for every other filter.
            if let groups = try? await source.filterGroups(), !groups.isEmpty { inbox.post(.groupsLoaded(groups)) }
        }
        return await withCheckedContinuation { continuation in
            let thread = Thread { [self] in
                continuation.resume(returning: loop())
            }
            thread.stackSize = 4 << 20
            thread.start()
        }
    }

    private func loop() -> AppState {
        defer { backend.shutdown() }
        let size = backend.size
        state.width = size.width
        state.height = size.height
        apply(.tick(now: Date().timeIntervalSince1970))
        perform(reload(state))
        for effect in startingEffects { perform(effect) }
        var dirty = true
        var lastDraw = 0.0
        var lastTick = 0.0
        while !state.quit {
            // Everything typed since the last frame is applied before the next one is drawn, so
            // fast typing (or a paste into the filter bar) never waits a frame per key.
            var timeout = 40
            var read = 0
            while read < 256, let event = backend.nextEvent(timeoutMilliseconds: timeout) {
                switch event {
                case .key(let key): apply(.key(key))
                case .mouse(let mouse): apply(.mouse(mouse))
                case .resize(let width, let height): apply(.resize(width: width, height: height))
                case .paste(let text): apply(.paste(text))
                }
                dirty = true
                timeout = 0
                read += 1
                if state.quit { break }
            }
            for action in inbox.drain() {
                if case .loaded(let result) = action, !result.isFirstPart { loadInFlight = false }
                apply(action)
                dirty = true
            }
            let now = Date().timeIntervalSince1970
            if now - lastTick >= 1 {
                apply(.tick(now: now))
                lastTick = now
                dirty = true
            }
            if !loadInFlight, let pending = pendingLoad, now - lastLoadStart >= Self.minimumReloadInterval {
                pendingLoad = nil
                perform(pending)
            }
            if dirty && now - lastDraw >= Self.frameInterval {
                backend.draw(render(state), theme: theme)
                lastDraw = now
                dirty = false
            }
        }
        historyProblem = history?.save(state)
        return state
    }

    private func apply(_ action: Action) {
        for effect in update(&state, action) { perform(effect) }
    }

    private func perform(_ effect: Effect) {
        switch effect {
        case .load(let window, let filter, let now):
            // One load at a time, and not more often than the interval: a newer request waits
            // (replacing an older waiting one) and the loop starts it when it may.
            let started = Date().timeIntervalSince1970
            guard !loadInFlight, started - lastLoadStart >= Self.minimumReloadInterval else {
                pendingLoad = effect
                return
            }
            loadInFlight = true
            lastLoadStart = started
            // A relative window ("the last 15 minutes") ends when the load starts, not at the
            // last tick: a trace that arrived in between, and set off this load, is in it.
            let now = max(now, started)
            state.loading = true
            let source = self.source
            let inbox = self.inbox
            let firstPageFirst = !hasLoaded
            hasLoaded = true
            Task {
                if firstPageFirst {
                    var firstPart = await Self.load(source, window: window, filter: filter, now: now, limit: 1000)
                    firstPart.isFirstPart = true
                    inbox.post(.loaded(firstPart))
                }
                let result = await Self.load(source, window: window, filter: filter, now: now) { fraction in
                    inbox.post(.loadProgress(scanned: fraction))
                }
                inbox.post(.loaded(result))
            }
        case .copy(let text):
            backend.copyToClipboard(text)
        case .setTheme(let name):
            guard let themes else {
                apply(.themeFailed("themes cannot be switched here"))
                return
            }
            do {
                theme = try themes.load(name)
                state.monochrome = theme.isMonochrome
                state.notice = "theme \(name)"
            } catch {
                apply(.themeFailed("theme \(name): \(error)"))
            }
        case .save(let path, let contents, let overwrite):
            apply(.saved(path: path, Self.save(contents, to: path, overwrite: overwrite)))
        case .loadTrace(let id):
            let source = self.source
            let inbox = self.inbox
            Task {
                do {
                    inbox.post(.traceOpened(try await source.traces(ids: [id]).first, id: id))
                } catch {
                    // The source's own words (throttled, expired credentials, Transaction Search).
                    inbox.post(.traceFailed(id: id, reason: "\(error)"))
                }
            }
        }
    }

    /// Summaries (up to `limit`, newest first) and the service graph for a window. `progress`
    /// hears after each page how much of the window is scanned, newest first: over AWS a long
    /// window takes many pages, and the status bar shows the scan moving.
    public static func load(
        _ source: TraceSource, window choice: WindowChoice, filter: String, now: Double, limit: Int = 20_000,
        progress: @Sendable (Double) -> Void = { _ in }
    ) async
        -> LoadResult
    {
        let window = choice.resolved(now: now, range: await source.timeRange())
        do {
            var query = SummaryQuery(window: window, filter: filter.isEmpty ? nil : filter)
            var summaries: [API.TraceSummary] = []
            var scanned = 0
            var reached: Double?
            repeat {
                let page = try await source.summaries(query)
                summaries += page.summaries
                scanned += page.tracesProcessed
                reached = page.approximateTime ?? reached
                query.nextToken = page.nextToken
                if query.nextToken != nil, let reached { progress(scannedFraction(window, reachedBack: reached)) }
            } while query.nextToken != nil && summaries.count < limit
            // The filter applies to the map too: the graph of the matching traces (the newest,
            // where the source charges a call for each).
            let ids = summaries.compactMap(\.Id)
            let graphIDs = source.traceGraphLimit.map { Array(ids.prefix($0)) } ?? ids
            let graph =
                filter.isEmpty
                ? try await source.serviceGraph(window: window)
                : try await source.traceGraph(ids: graphIDs, window: window)
            var result = LoadResult(
                window: window, summaries: summaries, graph: graph, error: nil, scanned: scanned,
                request: (choice, filter))
            if !filter.isEmpty && graphIDs.count < ids.count { result.graphTraces = graphIDs.count }
            result.ingest = await source.ingestStatus()
            // Pages go newest first, so the part scanned runs from the window's end back to
            // the last page's time, as the X-Ray console shows it.
            if query.nextToken != nil, let reached, window.duration > 0 {
                result.scannedFraction = scannedFraction(window, reachedBack: reached)
            }
            return result
        } catch {
            return LoadResult(window: window, summaries: [], graph: nil, error: "\(error)")
        }
    }
}

extension ExplorerRunner {
    /// The part of `window` from its end back to `time`.
    static func scannedFraction(_ window: TimeWindow, reachedBack time: Double) -> Double {
        guard window.duration > 0 else { return 1 }
        return min(1, max(0, (window.end - time) / window.duration))
    }

    /// Writes a file, refusing to replace one that exists unless told to.
    static func save(_ contents: String, to path: String, overwrite: Bool) -> SaveOutcome {
        let expanded = (path as NSString).expandingTildeInPath
        if !overwrite && FileManager.default.fileExists(atPath: expanded) { return .exists }
        do {
            let data = Data(contents.utf8)
            try data.write(to: URL(fileURLWithPath: expanded), options: .atomic)
            return .written(bytes: data.count)
        } catch {
            return .failed("cannot write \(path): \(error.localizedDescription)")
        }
    }
}

/// Actions posted from tasks to the loop's thread.
final class Inbox: @unchecked Sendable {
    private let lock = NSLock()
    private var actions: [Action] = []

    func post(_ action: Action) { lock.withLock { actions.append(action) } }

    func drain() -> [Action] {
        lock.withLock {
            defer { actions.removeAll() }
            return actions
        }
    }
}
