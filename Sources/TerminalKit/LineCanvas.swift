/// Orthogonal lines collected as direction bits per cell, so corners, tees and crossings of
/// different lines join into the right box-drawing character instead of overwriting each other.
/// Each cell keeps the style of the highest-priority line through it (a selected edge over a
/// faulty one over a healthy one).
public struct LineCanvas: Sendable {
    public let area: Rect
    private var bits: [UInt8]
    private var styles: [Style]
    private var priorities: [Int]

    private static let up: UInt8 = 1
    private static let down: UInt8 = 2
    private static let left: UInt8 = 4
    private static let right: UInt8 = 8

    public init(area: Rect) {
        self.area = area
        let count = area.width * area.height
        bits = Array(repeating: 0, count: count)
        styles = Array(repeating: .plain, count: count)
        priorities = Array(repeating: Int.min, count: count)
    }

    /// Adds a polyline whose consecutive points share a row or a column (others are skipped).
    public mutating func addPolyline(_ points: [(x: Int, y: Int)], style: Style, priority: Int = 0) {
        for (a, b) in zip(points, points.dropFirst()) {
            let horizontal = a.y == b.y
            guard horizontal || a.x == b.x else { continue }
            // A run along one axis at a fixed position on the other; each cell points towards
            // its neighbours on the run, so where runs meet the bits join.
            let (from, to) = horizontal ? (a.x, b.x) : (a.y, b.y)
            let (low, high) = (min(from, to), max(from, to))
            let across = horizontal ? a.y : a.x
            let along = horizontal ? area.x..<area.maxX : area.y..<area.maxY
            let acrossRange = horizontal ? area.y..<area.maxY : area.x..<area.maxX
            let (towardsLow, towardsHigh) = horizontal ? (Self.left, Self.right) : (Self.up, Self.down)
            let first = max(low, along.lowerBound)
            let last = min(high, along.upperBound - 1)
            guard acrossRange.contains(across), first <= last else { continue }
            for position in first...last {
                var mark: UInt8 = 0
                if position > low { mark |= towardsLow }
                if position < high { mark |= towardsHigh }
                if horizontal {
                    set(position, across, mark, style, priority)
                } else {
                    set(across, position, mark, style, priority)
                }
            }
        }
    }

    private mutating func set(_ x: Int, _ y: Int, _ mark: UInt8, _ style: Style, _ priority: Int) {
        let index = (y - area.y) * area.width + (x - area.x)
        bits[index] |= mark
        if priority >= priorities[index] {
            priorities[index] = priority
            styles[index] = style
        }
    }

    /// The character for a set of directions: rounded corners, tees and crossings.
    static func glyph(_ mark: UInt8) -> Character? {
        switch mark {
        case 0: nil
        case 1, 2, 3: "│"
        case 4, 8, 12: "─"
        case 10: "╭"
        case 6: "╮"
        case 9: "╰"
        case 5: "╯"
        case 11: "├"
        case 7: "┤"
        case 14: "┬"
        case 13: "┴"
        default: "┼"
        }
    }

    public func draw(into screen: inout Screen) {
        for row in 0..<area.height {
            for column in 0..<area.width {
                let index = row * area.width + column
                guard let glyph = Self.glyph(bits[index]) else { continue }
                screen.put(glyph, x: area.x + column, y: area.y + row, style: styles[index])
            }
        }
    }
}
