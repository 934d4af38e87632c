import XRayModel

/// A finished segment and how its SDK sends it. The document is complete, with every
/// subsegment embedded; `DocumentEmitter` decides which parts leave early.
struct SentSegment {
    var document: SegmentDocument
    /// Send an in-progress version when the work starts (long requests only: it lets a
    /// viewer show the request before it finishes).
    var announcesStart: Bool = false
}
