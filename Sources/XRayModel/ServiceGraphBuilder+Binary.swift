import Foundation

/// A compact binary form of a builder, for the store's per-minute aggregates: a day's map reads
/// 1,440 of them, and JSON took milliseconds each (histograms hold a count per millisecond).
/// Little-endian; strings as a length and UTF-8; an optional string as a flag byte first.
extension ServiceGraphBuilder {
    public func encoded() -> Data {
        var writer = BinaryWriter()
        writer.write(UInt32(nodes.count))
        for (key, node) in nodes {
            writer.write(key)
            writer.write(UInt8((node.root ? 1 : 0) | (node.inferred ? 2 : 0)))
            writer.write(node.accountID)
            writer.write(node.start)
            writer.write(node.end)
            writer.write(node.statistics)
            writer.write(UInt32(node.edges.count))
            for (target, edge) in node.edges {
                writer.write(target)
                writer.write(edge.start)
                writer.write(edge.end)
                writer.write(edge.statistics)
            }
        }
        return writer.data
    }

    /// nil when the bytes are not what `encoded()` writes.
    public init?(encoded data: Data) {
        var reader = BinaryReader(data: data)
        self.init()
        guard let count = reader.read(UInt32.self) else { return nil }
        for _ in 0..<count {
            guard let key = reader.readKey(), let flags = reader.read(UInt8.self), let account = reader.readOptional(),
                let start = reader.read(Double.self), let end = reader.read(Double.self),
                let statistics = reader.readStatistics(), let edgeCount = reader.read(UInt32.self)
            else { return nil }
            var node = Node()
            node.root = flags & 1 != 0
            node.inferred = flags & 2 != 0
            node.accountID = account
            node.start = start
            node.end = end
            node.statistics = statistics
            for _ in 0..<edgeCount {
                guard let target = reader.readKey(), let start = reader.read(Double.self),
                    let end = reader.read(Double.self), let statistics = reader.readStatistics()
                else { return nil }
                node.edges[target] = Edge(start: start, end: end, statistics: statistics)
            }
            nodes[key] = node
        }
        guard reader.isAtEnd else { return nil }
    }
}

private struct BinaryWriter {
    var data = Data()

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    mutating func write(_ value: Double) { write(value.bitPattern) }

    mutating func write(_ text: String) {
        write(UInt32(text.utf8.count))
        data.append(contentsOf: text.utf8)
    }

    mutating func write(_ text: String?) {
        write(UInt8(text == nil ? 0 : 1))
        if let text { write(text) }
    }

    mutating func write(_ key: ServiceKey) {
        write(key.name)
        write(key.type)
    }

    mutating func write(_ statistics: StatisticsAccumulator) {
        for count in [statistics.ok, statistics.error, statistics.throttle, statistics.fault] { write(Int64(count)) }
        write(statistics.totalResponseTime)
        write(UInt32(statistics.histogram.count))
        for (milliseconds, count) in statistics.histogram {
            write(Int64(milliseconds))
            write(Int64(count))
        }
    }
}

private struct BinaryReader {
    let data: Data
    var offset: Int

    init(data: Data) {
        self.data = data
        offset = data.startIndex
    }

    var isAtEnd: Bool { offset == data.endIndex }

    mutating func read<T: FixedWidthInteger>(_: T.Type) -> T? {
        let size = MemoryLayout<T>.size
        guard offset + size <= data.endIndex else { return nil }
        var value = T.zero
        _ = withUnsafeMutableBytes(of: &value) { data.copyBytes(to: $0, from: offset..<(offset + size)) }
        offset += size
        return T(littleEndian: value)
    }

    mutating func read(_: Double.Type) -> Double? { read(UInt64.self).map(Double.init(bitPattern:)) }

    mutating func readString() -> String? {
        guard let length = read(UInt32.self).map(Int.init), offset + length <= data.endIndex else { return nil }
        defer { offset += length }
        return String(decoding: data[offset..<(offset + length)], as: UTF8.self)
    }

    mutating func readOptional() -> String?? {
        guard let flag = read(UInt8.self) else { return nil }
        if flag == 0 { return .some(nil) }
        return readString().map { .some($0) }
    }

    mutating func readKey() -> ServiceKey? {
        guard let name = readString(), let type = readOptional() else { return nil }
        return ServiceKey(name: name, type: type)
    }

    mutating func readStatistics() -> StatisticsAccumulator? {
        var statistics = StatisticsAccumulator()
        guard let ok = read(Int64.self), let error = read(Int64.self), let throttle = read(Int64.self),
            let fault = read(Int64.self), let total = read(Double.self), let count = read(UInt32.self)
        else { return nil }
        (statistics.ok, statistics.error, statistics.throttle, statistics.fault) =
            (Int(ok), Int(error), Int(throttle), Int(fault))
        statistics.totalResponseTime = total
        for _ in 0..<count {
            guard let milliseconds = read(Int64.self), let value = read(Int64.self) else { return nil }
            statistics.addToHistogram(Int(milliseconds), count: Int(value))
        }
        return statistics
    }
}
