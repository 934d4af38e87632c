import XRayModel

/// Turns finished segments into the documents an SDK actually sends, in the order a daemon
/// would receive them: the in-progress version when work starts, streamed subtrees as they
/// complete, and the segment itself when it ends (reference/xray.md §1.4).
struct DocumentEmitter {
    /// The Python SDK's default `streaming_threshold`.
    static let streamingThreshold = 30

    private var emissions: [Emission] = []

    mutating func send(_ segment: SentSegment) {
        let document = segment.document
        if segment.announcesStart {
            emit(document.inProgressVersion, at: Micros.from(seconds: document.startTime))
        }
        let streamer = SubsegmentStreamer(segment: document, threshold: Self.streamingThreshold)
        for streamed in streamer.streamed {
            emit(streamed.document, at: streamed.time)
        }
        emit(streamer.remainder, at: Micros.from(seconds: document.endTime ?? document.startTime))
    }

    mutating func send(_ segments: [SentSegment]) {
        for segment in segments { send(segment) }
    }

    private mutating func emit(_ document: SegmentDocument, at time: Int64) {
        emissions.append(Emission(time: time, order: emissions.count, document: document))
    }

    /// Everything sent, by time of sending, encoded once.
    func documents() -> [StoredDocument] {
        emissions
            .sorted { ($0.time, $0.order) < ($1.time, $1.order) }
            .map { StoredDocument(encoding: $0.document) }
    }
}

extension SegmentDocument {
    /// What an SDK knows when the work starts: who, where and what was asked; no response,
    /// flags, end time or subsegments yet.
    var inProgressVersion: SegmentDocument {
        var early = SegmentDocument(
            kind: kind, id: id, traceID: traceID, parentID: parentID, name: name, startTime: startTime,
            inProgress: true)
        early.type = type
        early.origin = origin
        early.resourceARN = resourceARN
        early.service = service
        early.aws = aws
        early.user = user
        if let request = http?.request { early.http = HTTPInfo(request: request) }
        return early
    }
}
