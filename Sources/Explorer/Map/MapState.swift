import TerminalKit
import XRayModel

/// How much each node shows: zoom steps for maps larger than the screen.
public enum MapDensity: Int, CaseIterable, Sendable, Hashable {
    /// Boxes with name, type, latency, rate and a health bar; labelled edges.
    case detailed
    /// One-line boxes: name and a small health bar.
    case compact
    /// A dot and the name: for maps of hundreds of nodes.
    case dense

    public var spacing: MapLayout.Spacing {
        switch self {
        case .detailed: MapLayout.Spacing(bordered: true, portPerEdge: true, baseHeight: 6, labelWidth: 17)
        case .compact: MapLayout.Spacing(bordered: true, portPerEdge: false, baseHeight: 3, labelWidth: 0)
        case .dense: MapLayout.Spacing(bordered: false, portPerEdge: false, baseHeight: 1, labelWidth: 0)
        }
    }

    public func boxWidth(for node: ServiceMap.Node) -> Int {
        switch self {
        case .detailed: 24
        case .compact: 20
        case .dense: 2 + min(12, DisplayWidth.of(node.title))
        }
    }

    /// Cells for a node's name inside its box (a compact box keeps four for its health bar).
    var nameWidth: Int {
        switch self {
        case .detailed: 22
        case .compact: 13
        case .dense: 12
        }
    }

    public var label: String {
        switch self {
        case .detailed: "detailed"
        case .compact: "compact"
        case .dense: "dense"
        }
    }
}

/// What is selected on the map, by stable node ids so it survives reloads.
public enum MapSelection: Sendable, Hashable {
    case node(String)
    case edge(from: String, to: String)
}

/// The map tab's own state.
public struct MapState: Sendable {
    public var services = ServiceMap(nodes: [], edges: [])
    /// Where each node was last drawn (its row), to keep the order when the graph changes.
    var lastRows: [String: Int] = [:]
    public var layout: MapLayout?
    public var density: MapDensity = .detailed
    /// The density the user chose with the zoom keys; nil picks the most detailed that fits.
    public var chosenDensity: MapDensity?
    public var selection: MapSelection?
    /// The map cell at the top-left of the view.
    public var panX = 0
    public var panY = 0
    public var showLegend = false

    public init() {}

    public var selectedNode: Int? {
        guard case .node(let id) = selection else { return nil }
        return services.index(of: id)
    }

    public var selectedEdge: Int? {
        guard case .edge(let from, let to) = selection, let a = services.index(of: from), let b = services.index(of: to)
        else {
            return nil
        }
        return services.edges.firstIndex { $0.from == a && $0.to == b }
    }
}

/// Where the map tab puts things, shared by drawing, navigation and the mouse.
enum MapGeometry {
    static let panelWidth = 40
    /// Cells left clear around the drawing.
    static let margin = 1

    /// Narrower than this beside the panel, the map is not worth keeping in view: the panel
    /// covers it instead.
    static let minimumMapWidth = 24

    /// The map's part of the body: all of it, less the side panel while something is selected
    /// (so the selected box is panned into view beside the panel, not under it).
    static func mapArea(_ state: AppState) -> Rect {
        let body = Rect(x: 0, y: 1, width: state.width, height: max(0, state.height - 3))
        guard state.map.selection != nil, body.width >= panelWidth + minimumMapWidth else { return body }
        return body.splitLeft(body.width - panelWidth).left
    }

    static func panelArea(_ state: AppState) -> Rect? {
        guard state.map.selection != nil else { return nil }
        let body = Rect(x: 0, y: 1, width: state.width, height: max(0, state.height - 3))
        let width = min(panelWidth, body.width)
        return Rect(x: body.maxX - width, y: body.y, width: width, height: body.height)
    }

    /// Where map cell (0, 0) lands in `area`: centred along an axis where the map is smaller
    /// than the view, panned along one where it is larger.
    static func origin(_ state: AppState, _ layout: MapLayout, in area: Rect) -> (x: Int, y: Int) {
        let spareX = area.width - layout.width - 2 * margin
        let spareY = area.height - layout.height - 2 * margin
        return (
            spareX > 0 ? area.x + margin + spareX / 2 : area.x + margin - state.map.panX,
            spareY > 0 ? area.y + margin + spareY / 2 : area.y + margin - state.map.panY
        )
    }
}
