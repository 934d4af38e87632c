import Foundation
import XRayModel

extension SamplingRules {
    public struct FileProblem: Error, CustomStringConvertible {
        public var description: String
    }

    /// Rules from `--sampling-rules FILE`, in either of the two formats users already have:
    /// the API's (`aws xray get-sampling-rules` output, `{"SamplingRuleRecords": [...]}`) or the
    /// SDKs' local rules file (`{"version": 2, "rules": [...], "default": {...}}`).
    public static func load(path: String) throws -> SamplingRules {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw FileProblem(description: "\(path): cannot read the sampling rules file")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw FileProblem(description: "\(path): not a JSON object")
        }
        let rules: [API.SamplingRule]
        if object["SamplingRuleRecords"] != nil {
            guard let result = try? JSONDecoder().decode(API.GetSamplingRulesResult.self, from: data) else {
                throw FileProblem(description: "\(path): SamplingRuleRecords is not in the API's shape")
            }
            rules = (result.SamplingRuleRecords ?? []).compactMap(\.SamplingRule)
        } else if object["rules"] != nil || object["default"] != nil {
            rules = try localRules(object, path: path)
        } else {
            throw FileProblem(
                description: "\(path): expected {\"SamplingRuleRecords\": [...]} or an SDK rules file with \"rules\"")
        }
        for (index, rule) in rules.enumerated() where rule.RuleName?.isEmpty ?? true {
            throw FileProblem(description: "\(path): rule \(index + 1) has no RuleName")
        }
        let withDefault = rules.contains { $0.RuleName == "Default" } ? rules : rules + [defaultRule]
        let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)?
            .timeIntervalSince1970
        return SamplingRules(rules: withDefault, modifiedAt: modified ?? Date().timeIntervalSince1970)
    }

    /// The SDKs' format: `fixed_target` requests per second plus `rate` of the rest, matched on
    /// `host` (v2; `service_name` in v1), `http_method` and `url_path`.
    private static func localRules(_ object: [String: Any], path: String) throws -> [API.SamplingRule] {
        func rule(_ entry: [String: Any], name: String, priority: Int) throws -> API.SamplingRule {
            guard let target = entry["fixed_target"] as? Int, let rate = entry["rate"] as? Double else {
                throw FileProblem(description: "\(path): rule \"\(name)\" needs fixed_target and rate")
            }
            var rule = defaultRule
            rule.RuleName = name
            rule.RuleARN = "arn:aws:xray:local:000000000000:sampling-rule/\(name)"
            rule.Priority = priority
            rule.ReservoirSize = target
            rule.FixedRate = rate
            rule.Host = entry["host"] as? String ?? entry["service_name"] as? String ?? "*"
            rule.HTTPMethod = entry["http_method"] as? String ?? "*"
            rule.URLPath = entry["url_path"] as? String ?? "*"
            return rule
        }
        var rules: [API.SamplingRule] = []
        for (index, entry) in ((object["rules"] as? [[String: Any]]) ?? []).enumerated() {
            let name = (entry["description"] as? String).map { String($0.prefix(32)) } ?? "rule-\(index + 1)"
            rules.append(try rule(entry, name: name, priority: index + 1))
        }
        if let fallback = object["default"] as? [String: Any] {
            rules.append(try rule(fallback, name: "Default", priority: 10_000))
        }
        return rules
    }
}
