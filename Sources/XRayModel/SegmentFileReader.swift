import Foundation

/// Reads segment documents from files: NDJSON (one document a line, daemon header lines
/// allowed), a BatchGetTraces response (as `aws xray batch-get-traces` prints it), or a
/// directory of either. A bad line is reported with its place and the rest still loads.
public enum SegmentFileReader {
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// `file:line` or `file: Traces[2].Segments[0]`.
        public var location: String
        public var message: String
        public var description: String { "\(location): \(message)" }
    }

    /// Reads a line in another format (OTLP/JSON export requests), which the caller supplies
    /// so this module stays free of it: nil when the line is not in that format, otherwise the
    /// documents it becomes and what in it could not become one.
    public typealias LineTranslator = @Sendable (Data) -> (documents: [Data], problems: [String])?

    public struct Contents: Sendable {
        public var documents: [StoredDocument] = []
        public var problems: [Problem] = []
        public var files: [String] = []

        public init() {}
    }

    public enum ReadError: Error, CustomStringConvertible {
        case notFound(String)
        case unreadable(String, String)

        public var description: String {
            switch self {
            case .notFound(let path): return "\(path): no such file or directory"
            case .unreadable(let path, let why): return "\(path): cannot read: \(why)"
            }
        }
    }

    public static func read(path: String, translator: LineTranslator? = nil) throws -> Contents {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ReadError.notFound(path)
        }
        var contents = Contents()
        if isDirectory.boolValue {
            let names = try FileManager.default.contentsOfDirectory(atPath: path)
                .filter { [".json", ".ndjson", ".jsonl"].contains(where: $0.hasSuffix) }
                .sorted()
            for name in names {
                try readFile(path + "/" + name, into: &contents, translator)
            }
        } else {
            try readFile(path, into: &contents, translator)
        }
        return contents
    }

    static func readFile(_ path: String, into contents: inout Contents, _ translator: LineTranslator?) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ReadError.unreadable(path, error.localizedDescription)
        }
        contents.files.append(path)
        read(data, name: path, into: &contents, translator: translator)
    }

    /// Picks the format from the content, not the name: if the first non-empty line is not a
    /// complete JSON value, the file is one (pretty-printed) JSON document.
    public static func read(
        _ data: Data, name: String, into contents: inout Contents, translator: LineTranslator? = nil
    ) {
        let lines = lineRanges(of: data)
        let firstLine = lines.first { !isBlank(data[$0]) }.map { data[$0] }
        if let firstLine, (try? JSONSerialization.jsonObject(with: Data(firstLine))) == nil {
            readWholeJSON(data, name: name, into: &contents, translator)
            return
        }
        for (number, range) in lines.enumerated() where !isBlank(data[range]) {
            readLine(data[range], location: "\(name):\(number + 1)", into: &contents, translator)
        }
    }

    /// Where each line is, without copying (Data's generic `split` was slow on large files,
    /// and so was a `firstIndex` per line: memchr over the bytes).
    static func lineRanges(of data: Data) -> [Range<Data.Index>] {
        var ranges: [Range<Data.Index>] = []
        data.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                guard let found = memchr(base + offset, 0x0A, bytes.count - offset) else { break }
                let newline = base.distance(to: UnsafeRawPointer(found))
                ranges.append((data.startIndex + offset)..<(data.startIndex + newline))
                offset = newline + 1
            }
            if offset < bytes.count { ranges.append((data.startIndex + offset)..<data.endIndex) }
        }
        return ranges
    }

    /// `location` is made only for a line with a problem: this runs for every line of a file.
    static func readLine(
        _ line: Data, location: @autoclosure () -> String, into contents: inout Contents, _ translator: LineTranslator?
    ) {
        // Cheap byte checks first: this runs once per line of files with millions of lines.
        if line.count < 100, line.contains(UInt8(ascii: "f")), DaemonDatagram.isValidHeader(line) { return }
        if let translator, let translated = translator(line) {
            for problem in translated.problems {
                contents.problems.append(Problem(location: location(), message: problem))
            }
            for document in translated.documents {
                switch DocumentParser.parse(document) {
                case .success(let document): contents.documents.append(document)
                case .failure(let rejection):
                    contents.problems.append(Problem(location: location(), message: rejection.description))
                }
            }
            return
        }
        if line.prefix(64, contains: #""Traces""#),
            let object = (try? JSONSerialization.jsonObject(with: line)) as? [String: Any], object["Traces"] != nil
        {
            readBatchGetTraces(line, name: location(), into: &contents)
            return
        }
        switch DocumentParser.parse(line) {
        case .success(let document): contents.documents.append(document)
        case .failure(let rejection):
            contents.problems.append(Problem(location: location(), message: rejection.description))
        }
    }

    private static func readWholeJSON(
        _ data: Data, name: String, into contents: inout Contents, _ translator: LineTranslator?
    ) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            contents.problems.append(Problem(location: name, message: "not NDJSON and not a JSON document: \(detail)"))
            return
        }
        if let fields = object as? [String: Any], fields["Traces"] != nil {
            readBatchGetTraces(data, name: name, into: &contents)
        } else if object is [String: Any] {
            readLine(data, location: name, into: &contents, translator)
        } else {
            contents.problems.append(
                Problem(location: name, message: "expected segment documents or a BatchGetTraces response"))
        }
    }

    private static func readBatchGetTraces(_ data: Data, name: String, into contents: inout Contents) {
        let response: API.BatchGetTracesResult
        do {
            response = try JSONDecoder().decode(API.BatchGetTracesResult.self, from: data)
        } catch {
            contents.problems.append(Problem(location: name, message: "not a BatchGetTraces response: \(error)"))
            return
        }
        for (traceIndex, trace) in (response.Traces ?? []).enumerated() {
            for (segmentIndex, segment) in (trace.Segments ?? []).enumerated() {
                let location = "\(name): Traces[\(traceIndex)].Segments[\(segmentIndex)]"
                guard let text = segment.Document else {
                    contents.problems.append(Problem(location: location, message: "no Document"))
                    continue
                }
                switch DocumentParser.parse(text) {
                // X-Ray's own inferred segments are rebuilt from the subsegments on assembly.
                case .success(let document) where document.document.inferred: continue
                case .success(let document): contents.documents.append(document)
                case .failure(let rejection):
                    contents.problems.append(Problem(location: location, message: rejection.description))
                }
            }
        }
    }

    static func isBlank(_ line: Data) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}
