import CNCursesW
import Foundation
import TerminalKit

extension CursesTerminal {
    /// OSC 52 (`ESC ] 52 ; c ; BASE64 BEL`): the terminal puts the text on the system clipboard,
    /// over ssh too. Terminals that do not support it ignore it; tmux needs `set-clipboard on`.
    /// Written straight to the terminal ncurses draws on, after its own output is flushed.
    public func copyToClipboard(_ text: String) {
        guard !isShutDown else { return }
        let sequence = "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
        let output = terminalOutput
        fputs(sequence, output)
        fflush(output)
    }
}
