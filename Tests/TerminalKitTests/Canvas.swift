import Foundation
import TerminalKit

/// A screen filled with dots, so a test can see which cells a primitive wrote (and which it
/// deliberately blanked) in `screen.text`, where untouched blanks would be indistinguishable.
func canvas(_ width: Int, _ height: Int) -> Screen {
    var screen = Screen(width: width, height: height)
    screen.fill(screen.bounds, with: ".")
    return screen
}

/// The repository's themes/ folder, found from this file so tests run from any directory.
let themesFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("themes")

/// A fresh empty folder under the temporary directory.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tk-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
