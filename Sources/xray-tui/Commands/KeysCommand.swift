import ArgumentParser
import Explorer

/// `xray-tui keys`: the key table as Markdown, the source of the README's key list.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Print the explorer's keys (Markdown).")

    func run() throws {
        print(KeyTable.markdown(), terminator: "")
    }
}
