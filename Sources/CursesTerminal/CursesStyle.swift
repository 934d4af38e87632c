import CNCursesW

/// A style as ncurses draws it: attribute bits and a colour-pair number, ready for `setcchar`.
struct CursesStyle: Hashable {
    var attributes: attr_t
    var pair: Int16

    static let plain = CursesStyle(attributes: 0, pair: 0)
}
