import Foundation

/// Which process holds a port, read from Linux's /proc (the socket's inode in
/// /proc/net/{udp,tcp}[6], then the process with a descriptor on that inode). Best effort:
/// nil where /proc is missing or the process belongs to another user.
enum PortOwner {
    /// The kernel's drop count (the last column of /proc/net/udp[6]) for UDP sockets on `port`.
    static func udpDrops(port: Int) -> Int {
        let hexPort = String(format: ":%04X", port)
        var drops = 0
        for table in ["/proc/net/udp", "/proc/net/udp6"] {
            guard let text = try? String(contentsOfFile: table, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count > 12, fields[1].hasSuffix(hexPort), let count = Int(fields[fields.count - 1]) else {
                    continue
                }
                drops += count
            }
        }
        return drops
    }

    static func describe(port: Int, protocol proto: String) -> String? {
        let tables = proto == "UDP" ? ["/proc/net/udp", "/proc/net/udp6"] : ["/proc/net/tcp", "/proc/net/tcp6"]
        let hexPort = String(format: ":%04X", port)
        var inodes: Set<String> = []
        for table in tables {
            guard let text = try? String(contentsOfFile: table, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                // sl local_address rem_address st ... inode is the tenth field.
                guard fields.count > 9, fields[1].hasSuffix(hexPort) else { continue }
                // For TCP only a listening socket (state 0A) holds the port.
                if proto == "TCP" && fields[3] != "0A" { continue }
                inodes.insert(String(fields[9]))
            }
        }
        guard !inodes.isEmpty,
            let processes = try? FileManager.default.contentsOfDirectory(atPath: "/proc")
        else { return nil }
        for pid in processes where Int(pid) != nil {
            guard let descriptors = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd") else {
                continue
            }
            for descriptor in descriptors {
                guard
                    let target = try? FileManager.default.destinationOfSymbolicLink(
                        atPath: "/proc/\(pid)/fd/\(descriptor)"),
                    target.hasPrefix("socket:["), inodes.contains(String(target.dropFirst(8).dropLast()))
                else { continue }
                let name =
                    (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?
                    .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
                return "\(name) (pid \(pid))"
            }
        }
        return nil
    }
}
