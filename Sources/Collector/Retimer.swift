import Foundation
import XRayModel

/// `xray-tui send --retime`: moves a recording to the present. Every `start_time` and
/// `end_time` (nested subsegments too) moves by `shift` seconds, and every trace id is
/// rewritten so that its time part matches the new start and, with `--loop`, each pass makes
/// new traces instead of repeating the last pass's ids.
public struct Retimer: Sendable {
    public let shift: Double
    public let pass: Int

    public init(shift: Double, pass: Int) {
        self.shift = shift
        self.pass = pass
    }

    /// The shift that makes a recording end now.
    public static func shift(toEndAt now: Double, documents: [StoredDocument]) -> Double {
        let end = documents.map { $0.document.endTime ?? $0.document.startTime }.max() ?? now
        return now - end
    }

    public func retime(_ raw: Data) -> Data {
        guard var object = (try? JSONSerialization.jsonObject(with: raw)) as? [String: Any] else { return raw }
        object = rewrite(object)
        return (try? JSONSerialization.data(withJSONObject: object)) ?? raw
    }

    private func rewrite(_ object: [String: Any]) -> [String: Any] {
        var object = object
        for key in ["start_time", "end_time"] {
            if let time = (object[key] as? NSNumber)?.doubleValue { object[key] = time + shift }
        }
        if let traceID = object["trace_id"] as? String { object["trace_id"] = newTraceID(traceID) }
        if let children = object["subsegments"] as? [[String: Any]] { object["subsegments"] = children.map(rewrite) }
        return object
    }

    /// `1-EPOCH-RANDOM`: the epoch moves with the times; the random part is mixed with the
    /// pass number, the same way for every document of one trace.
    func newTraceID(_ traceID: String) -> String {
        let parts = traceID.split(separator: "-")
        guard parts.count == 3, let epoch = UInt64(parts[1], radix: 16), parts[2].count == 24 else { return traceID }
        let hexEpoch = String(UInt64(max(0, Double(epoch) + shift)), radix: 16)
        let newEpoch = String(repeating: "0", count: max(0, 8 - hexEpoch.count)) + hexEpoch
        let random = pass > 0 ? FNV1a.hex("\(pass):\(parts[2])") + parts[2].suffix(8) : String(parts[2])
        return "1-\(newEpoch)-\(random)"
    }
}
