import XRayModel

/// One document and the moment a daemon would receive it. `order` breaks ties by generation
/// order, so sorting never depends on anything but the seed.
struct Emission {
    let time: Int64
    let order: Int
    let document: SegmentDocument
}
