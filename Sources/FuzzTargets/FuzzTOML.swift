import Foundation
import TerminalKit

enum FuzzTOML {
    static func run(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        _ = try? TOMLDocument(parsing: text)
        _ = try? Theme(toml: text, file: "fuzz.toml", defaultName: "fuzz")
    }
}
