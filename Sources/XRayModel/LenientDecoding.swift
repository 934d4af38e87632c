import Foundation

/// Decoding helpers that accept what real SDKs send: numbers in any JSON form or as numeric
/// strings, and strings that are sanitized on the way in (see `Sanitizer`).
extension KeyedDecodingContainer {
    /// A string field, sanitized for display.
    func text(_ key: Key) throws -> String? {
        try decodeIfPresent(String.self, forKey: key).map(Sanitizer.clean)
    }

    /// A number of seconds or a count: a JSON number (`1.480615200010E9` included) or a
    /// string holding one.
    func number(_ key: Key) throws -> Double? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let value = try? decode(Double.self, forKey: key) { return value }
        if let text = try? decode(String.self, forKey: key),
            let value = Double(text.trimmingCharacters(in: .whitespaces))
        {
            return value
        }
        throw DecodingError.typeMismatch(
            Double.self,
            .init(codingPath: codingPath + [key], debugDescription: "expected a number"))
    }

    /// An integer that may arrive as `200`, `200.0` or `"200"`.
    func integer(_ key: Key) throws -> Int? {
        guard let value = try number(key) else { return nil }
        guard value.isFinite, value.rounded() == value, abs(value) < 1e15 else {
            throw DecodingError.typeMismatch(
                Int.self,
                .init(codingPath: codingPath + [key], debugDescription: "expected a whole number"))
        }
        return Int(value)
    }

    func flag(_ key: Key) throws -> Bool? {
        try decodeIfPresent(Bool.self, forKey: key)
    }

    func list<T: Decodable>(_ key: Key, of type: T.Type = T.self) throws -> [T] {
        try decodeIfPresent([T].self, forKey: key) ?? []
    }
}

/// Keys made at run time (annotation names, metadata namespaces).
struct DynamicKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension [CodingKey] {
    /// `subsegments[2].http.response.status`, as a person would write the path.
    var dottedPath: String {
        var path = ""
        for key in self {
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += path.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return path
    }
}
