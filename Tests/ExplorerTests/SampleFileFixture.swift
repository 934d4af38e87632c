import Explorer
import Foundation
import TraceStore
import XRayModel

/// `sample-data/eks-workshop.ndjson` (an hour of the eks-workshop app, 3600 traces), loaded
/// into a store once and queried the way the runner does.
enum SampleFileFixture {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sample-data/eks-workshop.ndjson").path

    /// Read and stored once for every test: decoding 8 MB of JSON takes seconds in a debug
    /// build, and tests run side by side on two cores.
    static let store = Task {
        let store = TraceStore(name: "eks-workshop.ndjson")
        await store.ingest((try? SegmentFileReader.read(path: path).documents) ?? [])
        return store
    }

    /// The explorer's state after loading the whole file with `filter`, at `width`x`height`.
    static func state(filter: String = "", width: Int = 120, height: Int = 40) async -> AppState {
        let store = await Self.store.value
        var state = AppState(
            sourceName: "eks-workshop.ndjson", isLive: false, window: .whole, width: width, height: height,
            now: 1_795_687_200)
        state.filter = filter
        let result = await ExplorerRunner.load(store, window: .whole, filter: filter, now: state.now)
        _ = update(&state, .loaded(result))
        return state
    }
}
