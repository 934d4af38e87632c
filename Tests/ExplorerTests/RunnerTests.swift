import Explorer
import Foundation
import TerminalKit
import Testing
import TraceStore
import XRayModel

/// The whole loop against a headless terminal: keys in, frames out, effects really run.
@Suite struct RunnerTests {
    @Test func loadsDrawsSwitchesTabsAndQuits() async throws {
        let store = TraceStore(name: "fixture")
        for trace in ExplorerFixtures.traces { await store.ingest(trace.documents) }
        // The load is asynchronous: the script waits (as a user would) before typing.
        let terminal = ScriptedTerminal(
            width: 100, height: 24,
            script: [
                .waitForFrame(containing: "\(ExplorerFixtures.traces.count) traces"), .event(.key(.char("2"))),
                .event(.key(.char("j"))), .wait(milliseconds: 100),
                .event(.key(.char("q"))),
            ])
        let state = AppState(sourceName: "fixture", isLive: false, window: .whole, width: 0, height: 0, now: 0)
        let runner = ExplorerRunner(
            backend: terminal, source: store, theme: Theme(name: "test", appearances: [:]), state: state)
        let final = await runner.run()
        #expect(final.quit && final.tab == .traces)
        #expect(terminal.isShutDown)
        #expect(final.summaries.count == ExplorerFixtures.traces.count)
        let frame = try #require(terminal.lastFrame)
        #expect(frame.text.contains("TRACE ID"))
    }
}

extension RunnerTests {
    /// `:theme NAME` switches the theme the frames are drawn with; an unknown name is an error
    /// in the status bar and the theme stays.
    @Test func themeCommandSwitchesTheTheme() async throws {
        let store = TraceStore(name: "fixture")
        for trace in ExplorerFixtures.traces { await store.ingest(trace.documents) }
        func type(_ text: String) -> [Step] { text.map { Step.event(.key(.char($0))) } }
        let terminal = ScriptedTerminal(
            width: 100, height: 24,
            script: [.waitForFrame(containing: "\(ExplorerFixtures.traces.count) traces"), .event(.key(.char(":")))]
                + type("theme nope") + [.event(.key(Key(.enter))), .waitForFrame(containing: "theme nope: no theme")]
                + [.event(.key(.char(":")))] + type("theme mono")
                + [.event(.key(Key(.enter))), .waitForFrame(containing: "theme mono"), .event(.key(.char("q")))])
        let state = AppState(sourceName: "fixture", isLive: false, window: .whole, width: 0, height: 0, now: 0)
        let catalog = ThemeCatalog(names: ["mono"]) { name in
            guard name == "mono" else { throw ThemeProblem(message: "no theme \"\(name)\"") }
            return Theme.monochrome
        }
        let runner = ExplorerRunner(
            backend: terminal, source: store, theme: Theme(name: "test", appearances: [:]), state: state,
            themes: catalog)
        let final = await runner.run()
        #expect(terminal.themes.first == "test")
        #expect(terminal.themes.last == Theme.monochrome.name)
        #expect(final.monochrome && final.themeNames == ["mono"])
    }

    struct ThemeProblem: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// The runner asks the source for its groups, so `group.name` filters are checked against
    /// them as they are typed, then applied.
    @Test func groupFiltersAreCheckedAgainstTheSourcesGroups() async throws {
        let store = TraceStore(name: "fixture")
        for trace in ExplorerFixtures.traces { await store.ingest(trace.documents) }
        var group = API.GroupSummary()
        group.GroupName = "faults"
        group.FilterExpression = "fault"
        await store.setGroups([group])
        let faults = ExplorerFixtures.traces.filter { API.TraceSummary(trace: $0).HasFault == true }.count
        #expect(faults > 0 && faults < ExplorerFixtures.traces.count)
        let typing = #"group.name = "faults""#.map { Step.event(.key(.char($0))) }
        let terminal = ScriptedTerminal(
            width: 100, height: 24,
            script: [.waitForFrame(containing: "\(ExplorerFixtures.traces.count) traces"), .event(.key(.char("/")))]
                + typing + [
                    .event(.key(Key(.enter))),
                    .waitForFrame(containing: "\(faults) of \(ExplorerFixtures.traces.count)"),
                    .event(.key(.char("q"))),
                ])
        let state = AppState(sourceName: "fixture", isLive: false, window: .whole, width: 0, height: 0, now: 0)
        let runner = ExplorerRunner(
            backend: terminal, source: store, theme: Theme(name: "test", appearances: [:]), state: state)
        let final = await runner.run()
        #expect(final.groups.map(\.GroupName) == ["faults"])
        #expect(final.filter == #"group.name = "faults""# && final.summaries.count == faults)
    }

    @Test func withoutGroupsAGroupFilterIsAnUnknownGroup() {
        var state = ExplorerFixtures.state()
        state.press(.char("/"))
        state.type(#"group.name = "faults""#)
        #expect(state.filterError?.message.contains(#"unknown group "faults""#) == true)
        var group = API.GroupSummary()
        group.GroupName = "faults"
        group.FilterExpression = "fault"
        _ = update(&state, .groupsLoaded([group]))
        state.press(Key(.backspace))
        state.type("\"")
        #expect(state.filterError == nil)
    }
}

typealias Step = ScriptedTerminal.Step

/// A terminal whose input is a script of events and pauses; frames are kept.
final class ScriptedTerminal: TerminalBackend {
    enum Step {
        case wait(milliseconds: Int)
        /// Waits (up to three minutes, as a loaded CI machine may be slow) until a frame shows the text.
        case waitForFrame(containing: String)
        case event(InputEvent)
    }

    private var waitingSince: Date?

    let size: (width: Int, height: Int)
    private var script: [Step]
    private(set) var frames: [Screen] = []
    private(set) var isShutDown = false

    init(width: Int, height: Int, script: [Step]) {
        size = (width, height)
        self.script = script
    }

    var lastFrame: Screen? { frames.last }

    func draw(_ screen: Screen, theme: Theme) {
        frames.append(screen)
        themes.append(theme.name)
    }
    /// The theme of each frame, by name.
    private(set) var themes: [String] = []

    func nextEvent(timeoutMilliseconds: Int?) -> InputEvent? {
        guard let step = script.first else { return nil }
        switch step {
        case .event(let event):
            script.removeFirst()
            return event
        case .waitForFrame(let text):
            let started = waitingSince ?? Date()
            waitingSince = started
            if frames.last?.text.contains(text) == true || Date().timeIntervalSince(started) > 180 {
                script.removeFirst()
                waitingSince = nil
            } else {
                usleep(useconds_t((timeoutMilliseconds ?? 40) * 1000))
            }
            return nil
        case .wait(let milliseconds):
            let slice = min(milliseconds, timeoutMilliseconds ?? milliseconds)
            usleep(useconds_t(slice * 1000))
            script[0] = milliseconds - slice > 0 ? .wait(milliseconds: milliseconds - slice) : .wait(milliseconds: 0)
            if milliseconds - slice <= 0 { script.removeFirst() }
            return nil
        }
    }

    func shutdown() { isShutDown = true }

    func copyToClipboard(_ text: String) {}
}
