import CNCursesW
import Foundation
import Testing

/// The read-only commands over the committed sample data, checked against numbers counted
/// straight from the file (not through our model).
@Suite struct CommandTests {
    /// Trace ids and per-status counts of the front segments, read with JSONSerialization.
    static func frontRequests(in path: String) throws -> (traces: Set<String>, byStatus: [Int: Int]) {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var traces: Set<String> = []
        var byStatus: [Int: Int] = [:]
        var latest: [String: [String: Any]] = [:]
        for line in text.split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                object["name"] as? String == "x-ray-sample-front-k8s", object["end_time"] != nil
            else { continue }
            latest[object["id"] as! String] = object
        }
        for object in latest.values {
            traces.insert(object["trace_id"] as! String)
            let status = ((object["http"] as? [String: Any])?["response"] as? [String: Any])?["status"] as? Int ?? 0
            byStatus[status, default: 0] += 1
        }
        return (traces, byStatus)
    }

    @Test func mapOfTheEKSWorkshopMatchesTheFile() async throws {
        let path = CLI.sample("eks-workshop.ndjson")
        let expected = try Self.frontRequests(in: path)
        #expect(expected.traces.count > 3000)  // about an hour at one request a second

        let graph = try await CLI.json(["map", "--source", path, "--format", "json"])
        let services = try #require(graph["Services"] as? [[String: Any]])
        let byName = Dictionary(grouping: services) { "\($0["Name"] as! String)|\($0["Type"] as? String ?? "")" }
        let client = try #require(byName["x-ray-sample-front-k8s|client"]?.first)
        let front = try #require(byName["x-ray-sample-front-k8s|AWS::EKS::Container"]?.first)
        let back = try #require(byName["x-ray-sample-back-k8s|AWS::EKS::Container"]?.first)
        #expect(services.count == 3)

        let clientEdges = try #require(client["Edges"] as? [[String: Any]])
        #expect(clientEdges.count == 1 && clientEdges[0]["ReferenceId"] as? Int == front["ReferenceId"] as? Int)
        let stats = try #require(clientEdges[0]["SummaryStatistics"] as? [String: Any])
        #expect(stats["TotalCount"] as? Int == expected.traces.count)
        let ok = expected.byStatus.filter { $0.key < 400 }.values.reduce(0, +)
        let faults = expected.byStatus.filter { $0.key >= 500 }.values.reduce(0, +)
        let throttles = expected.byStatus[429] ?? 0
        #expect(stats["OkCount"] as? Int == ok)
        #expect((stats["FaultStatistics"] as? [String: Any])?["TotalCount"] as? Int == faults)
        #expect((stats["ErrorStatistics"] as? [String: Any])?["ThrottleCount"] as? Int == throttles)

        let frontEdges = try #require(front["Edges"] as? [[String: Any]])
        #expect(frontEdges.map { $0["ReferenceId"] as? Int } == [back["ReferenceId"] as? Int])
        let backStats = try #require(frontEdges[0]["SummaryStatistics"] as? [String: Any])
        #expect(backStats["TotalCount"] as? Int == expected.traces.count)
    }

    @Test func mapTextShowsClientFrontBackWithRates() async throws {
        let result = try await CLI.run(["map", "--source", CLI.sample("eks-workshop.ndjson")])
        #expect(result.status == 0)
        let edges = result.stdout.split(separator: "\n").filter { $0.contains("->") }
        #expect(edges.contains { $0.hasPrefix("client -> x-ray-sample-front-k8s") })
        #expect(edges.contains { $0.hasPrefix("x-ray-sample-front-k8s -> x-ray-sample-back-k8s") })
        #expect(result.stdout.contains("PER MIN"))
    }

    @Test func dotOutputIsAGraph() async throws {
        let result = try await CLI.run(["map", "--source", CLI.sample("eks-workshop.ndjson"), "--format", "dot"])
        #expect(result.stdout.hasPrefix("digraph xray {"))
        #expect(result.stdout.components(separatedBy: " -> ").count - 1 == 2)
    }

    @Test func tracesAreNewestFirstInEveryFormat() async throws {
        let path = CLI.sample("eks-workshop.ndjson")
        let response = try await CLI.json(["traces", "--source", path, "--format", "json", "--limit", "25"])
        let summaries = try #require(response["TraceSummaries"] as? [[String: Any]])
        #expect(summaries.count == 25)
        let starts = summaries.compactMap { $0["StartTime"] as? Double }
        #expect(starts == starts.sorted(by: >))
        #expect(summaries.allSatisfy { ($0["Http"] as? [String: Any])?["HttpStatus"] != nil })

        let ndjson = try await CLI.run(["traces", "--source", path, "--format", "ndjson", "--limit", "3"])
        #expect(ndjson.stdout.split(separator: "\n").count == 3)

        let table = try await CLI.run(["traces", "--source", path, "--limit", "5"])
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines[0].hasPrefix("TIME (UTC)"))
        // Columns line up: the URL column starts at the same place on every line.
        let urlColumn = lines[0].range(of: "URL")!.lowerBound.utf16Offset(in: lines[0])
        #expect(lines.dropFirst().allSatisfy { $0.dropFirst(urlColumn - 1).first == " " })
    }

    /// `--filter` over the sample, checked against counts read straight from the file.
    @Test func filtersMatchCountsReadFromTheFile() async throws {
        let path = CLI.sample("eks-workshop.ndjson")
        var frontStatus: [String: Int] = [:]
        var frontClient: [String: String] = [:]
        var backFaults: Set<String> = []
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let trace = try #require(object["trace_id"] as? String)
            let http = object["http"] as? [String: Any]
            if object["name"] as? String == "x-ray-sample-front-k8s" {
                frontStatus[trace] = (http?["response"] as? [String: Any])?["status"] as? Int
                frontClient[trace] = (http?["request"] as? [String: Any])?["client_ip"] as? String
            } else if object["name"] as? String == "x-ray-sample-back-k8s", object["fault"] as? Bool == true {
                backFaults.insert(trace)
            }
        }
        func ids(_ filter: String) async throws -> Set<String> {
            let result = try await CLI.run(["traces", "--source", path, "--filter", filter, "--format", "ndjson"])
            #expect(result.status == 0, "\(filter): \(result.stderr)")
            return Set(
                try result.stdout.split(separator: "\n").map { line in
                    let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                    return try #require(object?["Id"] as? String)
                })
        }
        let expected502 = Set(frontStatus.filter { $0.value == 502 }.keys)
        #expect(!expected502.isEmpty)
        #expect(try await ids("http.status = 502") == expected502)
        let fromClient = Set(frontClient.filter { $0.value == "10.0.3.7" }.keys).filter {
            (frontStatus[$0] ?? 0) >= 400
        }
        #expect(!fromClient.isEmpty)
        #expect(try await ids(#"http.clientip = "10.0.3.7" AND !ok"#) == fromClient)
        #expect(!backFaults.isEmpty)
        #expect(try await ids(#"service("x-ray-sample-back-k8s") { fault }"#) == backFaults)
    }

    @Test func oneTraceAsJSONAndWaterfall() async throws {
        let path = CLI.sample("eks-workshop.ndjson")
        let list = try await CLI.json(["traces", "--source", path, "--format", "json", "--limit", "1"])
        let id = try #require((list["TraceSummaries"] as? [[String: Any]])?.first?["Id"] as? String)

        let response = try await CLI.json(["trace", id, "--source", path, "--format", "json"])
        let traces = try #require(response["Traces"] as? [[String: Any]])
        #expect(traces.count == 1 && traces[0]["Id"] as? String == id)
        let segments = try #require(traces[0]["Segments"] as? [[String: Any]])
        #expect(segments.count == 2)
        for segment in segments {
            let document = try #require((segment["Document"] as? String)?.data(using: .utf8))
            let object = try #require(try JSONSerialization.jsonObject(with: document) as? [String: Any])
            #expect(object["id"] as? String == segment["Id"] as? String)
        }

        let waterfall = try await CLI.run(["trace", id, "--source", path])
        #expect(waterfall.status == 0)
        #expect(waterfall.stdout.contains("x-ray-sample-front-k8s"))
        #expect(waterfall.stdout.contains("█"))
    }

    /// Piped (not a terminal), the waterfall is plain text: no escape codes, and one trace
    /// follows another with no blank line between them or after the last.
    @Test func thePipedWaterfallIsPlainTextWithoutBlankLines() async throws {
        let path = CLI.sample("eks-workshop.ndjson")
        let list = try await CLI.json(["traces", "--source", path, "--format", "json", "--limit", "2"])
        let ids = try #require((list["TraceSummaries"] as? [[String: Any]])?.compactMap { $0["Id"] as? String })
        #expect(ids.count == 2)
        let waterfall = try await CLI.run(["trace"] + ids + ["--source", path])
        #expect(waterfall.status == 0)
        #expect(!waterfall.stdout.contains("\u{1B}"))
        #expect(waterfall.stdout.hasSuffix("\n") && !waterfall.stdout.contains("\n\n"))
        #expect(waterfall.stdout.split(separator: "\n").filter { $0.hasPrefix("Trace 1-") }.count == 2)
    }

    @Test func badLinesAreReportedAndTheRestLoads() async throws {
        let good = try String(contentsOfFile: CLI.sample("eks-workshop.ndjson"), encoding: .utf8)
            .split(separator: "\n").prefix(4).joined(separator: "\n")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("xray-bad-\(UUID()).ndjson")
        let content =
            #"{"format":"json","version":1}"# + "\n" + good + "\n{not json\n"
            + #"{"id":"0000000000000001","name":"x","start_time":1,"end_time":2}"# + "\n"
        try content.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }

        let result = try await CLI.run(["traces", "--source", file.path, "--format", "ndjson"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("\(file.path):6: not JSON"))
        #expect(result.stderr.contains("\(file.path):7: missing required field `trace_id` (id 0000000000000001)"))
        #expect(!result.stdout.isEmpty)
    }

    @Test func readsBatchGetTracesOutput() async throws {
        let path = CLI.sample("eks-workshop-batch-get-traces.json")
        let response = try await CLI.json(["traces", "--source", path, "--format", "json"])
        let summaries = try #require(response["TraceSummaries"] as? [[String: Any]])
        let file = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        #expect(summaries.count == (file["Traces"] as? [Any])?.count)
    }

    @Test func readsADirectoryOfFilesInAnyFormat() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xray-dir-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let lines = try String(contentsOfFile: CLI.sample("shop.ndjson"), encoding: .utf8).split(separator: "\n")
        try lines.prefix(500).joined(separator: "\n").write(
            to: directory.appendingPathComponent("a.ndjson"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            atPath: CLI.sample("eks-workshop-batch-get-traces.json"),
            toPath: directory.appendingPathComponent("b.json").path)
        try "ignored".write(to: directory.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)

        let together = try await CLI.run(["traces", "--source", directory.path, "--format", "ndjson"])
        let first = try await CLI.run([
            "traces", "--source", directory.appendingPathComponent("a.ndjson").path, "--format", "ndjson",
        ])
        let second = try await CLI.run([
            "traces", "--source", directory.appendingPathComponent("b.json").path, "--format", "ndjson",
        ])
        #expect(together.status == 0 && first.status == 0 && second.status == 0)
        let count = { (result: CLI.Result) in result.stdout.split(separator: "\n").count }
        #expect(count(together) == count(first) + count(second))
        #expect(count(second) == 5)
    }

    @Test func clearErrorsForBadInput() async throws {
        let path = CLI.sample("eks-workshop.ndjson")
        let filter = try await CLI.run(["traces", "--source", path, "--filter", #"http.status = "abc""#])
        #expect(filter.status == 2)
        #expect(filter.stderr.contains(#"column 15: http.status takes a number, found the string "abc""#))
        #expect(filter.stderr.contains("  http.status = \"abc\"\n                ^"))
        let missing = try await CLI.run(["map", "--source", "/nonexistent/file.ndjson"])
        #expect(missing.status != 0 && missing.stderr.contains("/nonexistent/file.ndjson: no such file"))
        let badID = try await CLI.run(["trace", "nope", "--source", path])
        #expect(badID.status != 0 && badID.stderr.contains("not a trace id"))
        let badTime = try await CLI.run(["traces", "--source", path, "--since", "yesterday-ish"])
        #expect(badTime.status != 0 && badTime.stderr.contains("--since"))
    }

    @Test func sampleIsDeterministic() async throws {
        let arguments = [
            "sample", "--scenario", "eks-workshop", "--duration", "30s", "--seed", "4", "--start",
            "2026-11-26T10:00:00Z",
        ]
        let first = try await CLI.run(arguments)
        let second = try await CLI.run(arguments)
        #expect(first.status == 0 && !first.stdout.isEmpty)
        #expect(first.stdout == second.stdout)
        let unknown = try await CLI.run(["sample", "--scenario", "nope"])
        #expect(unknown.status != 0 && unknown.stderr.contains("eks-workshop"))
    }

    /// The README's key list is the key table, as `xray-tui keys` prints it.
    @Test func readmeListsTheKeyTable() async throws {
        let keys = try await CLI.run(["keys"])
        #expect(keys.status == 0 && keys.stdout.contains("| `/` | filter"))
        let readme = try String(contentsOf: CLI.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains(keys.stdout), "README.md's key list differs from `xray-tui keys`")
    }

    @Test func explorerRefusesToRunWithoutATerminal() async throws {
        let result = try await CLI.run(["--source", CLI.sample("eks-workshop.ndjson")])
        #expect(result.status != 0 && result.stderr.contains("needs a terminal"))
        let none = try await CLI.run([])
        // Without a source it would run the collector; without a terminal it does not start it.
        #expect(none.status != 0 && none.stderr.contains("needs a terminal"))
    }

    /// The config file is read before the terminal is opened; a bad one names file, line and key.
    @Test(arguments: [
        ("theme = 5\n", ":1: theme: expected a string"),
        ("window = \"soon\"\n", #":1: window: cannot read "soon" as a window"#),
        ("columns = [\"time\", \"colour\"]\n", #":1: columns: unknown column "colour""#),
        ("columns = []\n", ":1: columns: name at least one column"),
        ("[keys]\nquit = [\"Ctrl-\"]\n", #":2: keys.quit: cannot read "Ctrl-" as a key"#),
        ("[keys]\nexplode = \"x\"\n", ":2: keys.explode: unknown command"),
        ("colour = \"red\"\n", ":1: colour: unknown setting"),
        ("theme = \"nope\"\n", "no theme file nope.toml"),
    ])
    func badConfigFilesAreReportedWithTheirPlace(content: String, message: String) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("xray-config-\(UUID()).toml")
        try content.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await CLI.run([
            "--config", file.path, "--source", CLI.sample("eks-workshop-batch-get-traces.json"),
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// The ncurses module map and shim compile and link (COLOR_PAIR(n) is n shifted into A_COLOR).
    @Test func ncursesShimLinks() {
        #expect(xr_color_pair(1) == 256)
    }
}
