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
            if a.y == b.y {
                let low = min(a.x, b.x)
                let high = max(a.x, b.x)
                let first = max(low, area.x)
                let last = min(high, area.maxX - 1)
                guard a.y >= area.y, a.y < area.maxY, first <= last else { continue }
                for x in first...last {
                    var mark: UInt8 = 0
                    if x > low { mark |= Self.left }
                    if x < high { mark |= Self.right }
                    set(x, a.y, mark, style, priority)
                }
            } else if a.x == b.x {
                let low = min(a.y, b.y)
                let high = max(a.y, b.y)
                let first = max(low, area.y)
                let last = min(high, area.maxY - 1)
                guard a.x >= area.x, a.x < area.maxX, first <= last else { continue }
                for y in first...last {
                    var mark: UInt8 = 0
                    if y > low { mark |= Self.up }
                    if y < high { mark |= Self.down }
                    set(a.x, y, mark, style, priority)
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
