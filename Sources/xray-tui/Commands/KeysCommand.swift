import ArgumentParser
import Explorer

/// `xray-tui keys`: the key table and the `:` commands as Markdown, the source of the README's
/// lists.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Print the explorer's keys (Markdown).")

    func run() throws {
        print(KeyTable.markdown())
        print("Commands, typed after `:`:\n")
        print(CommandBar.markdown(), terminator: "")
    }
}
