import ArgumentParser
import Collector
import Foundation
import OTLP
import XRayModel

/// `xray-tui send FILE`: replays a recording over UDP as an SDK would, for demos and load.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send", abstract: "Send segment documents to a daemon address over UDP, as an X-Ray SDK does.")

    @Argument(help: "NDJSON segment documents, a BatchGetTraces JSON response, or a directory.")
    var file: String

    @Option(help: "The daemon address.")
    var to: String = "127.0.0.1:2000"

    @Option(help: "Documents per second (0: as fast as possible).")
    var rate: Double = 1000

    @Flag(help: "Start again from the beginning after the last document, until interrupted.")
    var loop = false

    @Flag(help: "Move the times (and trace ids) so the recording ends now; with --loop, each pass is new.")
    var retime = false

    func run() async throws {
        guard let target = HostAndPort(parsing: to) else {
            throw ValidationError("--to: expected HOST:PORT, such as 127.0.0.1:2000, not \"\(to)\"")
        }
        guard rate >= 0 else { throw ValidationError("--rate: must be 0 or more") }
        let contents: SegmentFileReader.Contents
        do {
            contents = try SegmentFileReader.read(path: file, translator: OTLPFileLines.translator())
        } catch {
            throw Failure("\(error)")
        }
        for problem in contents.problems.prefix(20) { printError(problem.description) }
        guard !contents.documents.isEmpty else { throw Failure("\(file): no valid segment documents") }
        let sender: UDPSender
        do {
            sender = try UDPSender(to: target)
        } catch {
            throw ValidationError("--to: \(error)")
        }
        var pacer = Pacer(rate: rate)
        var pass = 0
        repeat {
            let retimer =
                retime
                ? Retimer(
                    shift: Retimer.shift(toEndAt: Date().timeIntervalSince1970, documents: contents.documents),
                    pass: pass) : nil
            for document in contents.documents {
                let raw = Data(document.bytes)
                sender.send(document: retimer?.retime(raw) ?? raw)
                await pacer.wait()
            }
            pass += 1
        } while loop && !Task.isCancelled
        print("sent \(sender.sent) documents to \(target)" + (sender.failed > 0 ? ", \(sender.failed) failed" : ""))
        if sender.failed > 0 { throw ExitCode(1) }
    }
}

/// Spaces sends evenly at `rate` per second, sleeping in slices of about 10 ms so high rates
/// do not pay a sleep per datagram.
struct Pacer {
    let rate: Double
    private var start = Date()
    private var count = 0

    init(rate: Double) { self.rate = rate }

    mutating func wait() async {
        guard rate > 0 else { return }
        count += 1
        let due = start.addingTimeInterval(Double(count) / rate)
        let ahead = due.timeIntervalSinceNow
        if ahead > 0.01 { try? await Task.sleep(for: .seconds(ahead)) }
    }
}
