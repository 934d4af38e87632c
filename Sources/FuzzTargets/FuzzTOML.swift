import Explorer
import Foundation
import TerminalKit

/// The TOML reader and both files built on it: a theme and the explorer's config.
enum FuzzTOML {
    static func run(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        _ = try? TOMLDocument(parsing: text)
        _ = try? Theme(toml: text, file: "fuzz.toml", defaultName: "fuzz")
        _ = try? ExplorerConfig.parse(text, file: "config.toml")
    }
}
