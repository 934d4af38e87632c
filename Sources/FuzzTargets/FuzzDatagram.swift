import Foundation
import XRayModel

enum FuzzDatagram {
    /// Through the daemon's framing and the segment decoder; an accepted document must also
    /// survive assembly into a trace and its summary, as the store does next.
    static func run(_ data: Data) {
        guard case .success(let document) = DaemonDatagram.parse(data) else { return }
        let trace = Trace(id: document.traceID, documents: [document])
        _ = API.TraceSummary(trace: trace)
    }
}
