import Yams

/// A language the explorer speaks: English, or Korean (the seed document's language).
public enum Language: String, CaseIterable, Hashable, Sendable {
    case en, ko

    /// The default from `LC_ALL`, then `LC_MESSAGES`, then `LANG` (POSIX precedence):
    /// Korean when the locale starts with `ko`, English otherwise.
    public static func from(environment: [String: String]) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let v = environment[key], !v.isEmpty { return v.lowercased().hasPrefix("ko") ? .ko : .en }
        }
        return .en
    }
}

/// Text in both languages; Korean falls back to English when a lesson lacks it.
public struct LocalizedText: Hashable, Sendable {
    public var en: String
    public var ko: String
    public init(en: String, ko: String = "") {
        self.en = en
        self.ko = ko
    }
    public func text(_ language: Language) -> String { language == .ko && !ko.isEmpty ? ko : en }
}

/// A classroom lesson for one demo cluster (`demo-clusters/<name>/walkthrough.yaml`).
public struct Walkthrough: Hashable, Sendable {
    public var title: LocalizedText
    public var steps: [WalkthroughStep]
}

/// One step: a title, a narration paragraph, and what to show.
public struct WalkthroughStep: Hashable, Sendable {
    public var title: LocalizedText
    public var narration: LocalizedText
    /// A topology id to select (`node:node01`, `svc:default/wear-service`); nil shows the
    /// whole map.
    public var show: String?
    /// A command to run, already split like a shell: `["trace", "--from", "default/client",
    /// "http://wear-service:8080/"]`.
    public var command: [String]?
}

/// A problem in a walkthrough file.
public struct WalkthroughError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Reads `walkthrough.yaml`: `title: {en, ko}` and `steps:` each with `title`,
/// `narration` (both `{en, ko}`), optional `show:` — `{map: true}`, `{node: NAME}`,
/// `{service: NS/NAME}`, `{pod: NS/NAME}` or a topology id — and at most one command:
/// `trace: {from, target, method, headers: {name: value}, pick}` (the `kubewalk trace`
/// arguments), `dns: {from, name, type}`, `http: {url, via, method, headers}`, or any of
/// `trace`/`dns`/`http`/`get` as a string of CLI arguments.
public enum WalkthroughLoader {
    public static func parse(_ text: String, file: String) throws(WalkthroughError) -> Walkthrough {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            switch error {
            case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
                throw WalkthroughError(file: file, line: mark.line, column: mark.column, message: "YAML: \(problem)")
            default:
                throw WalkthroughError(file: file, line: 1, column: 1, message: "YAML: \(error)")
            }
        } catch {
            throw WalkthroughError(file: file, line: 1, column: 1, message: "cannot read YAML: \(error)")
        }
        guard let map = root?.mapping else {
            throw WalkthroughError(file: file, line: 1, column: 1, message: "a walkthrough is a mapping with `title` and `steps`")
        }
        var title = LocalizedText(en: "")
        var steps: [WalkthroughStep] = []
        for (k, v) in map {
            switch k.string ?? "" {
            case "title": title = try localized(v, file)
            case "steps":
                guard let seq = v.sequence else { throw err(v, file, "`steps` must be a list") }
                for item in seq { steps.append(try step(item, file)) }
            default: throw err(k, file, "unknown key `\(k.string ?? "")`; a walkthrough has `title` and `steps`")
            }
        }
        if steps.isEmpty { throw WalkthroughError(file: file, line: 1, column: 1, message: "a walkthrough needs at least one step") }
        return Walkthrough(title: title, steps: steps)
    }

    static let commandKeys = ["trace", "dns", "http", "node", "get"]

    static func step(_ node: Node, _ file: String) throws(WalkthroughError) -> WalkthroughStep {
        guard let m = node.mapping else { throw err(node, file, "a step is a mapping with `title` and `narration`") }
        var title: LocalizedText?
        var narration: LocalizedText?
        var show: String?
        var command: [String]?
        for (k, v) in m {
            let key = k.string ?? ""
            switch key {
            case "title": title = try localized(v, file)
            case "narration": narration = try localized(v, file)
            case "show": show = try showID(v, file)
            default:
                guard commandKeys.contains(key) else {
                    throw err(k, file, "unknown step key `\(key)`; use title, narration, show, or one of \(commandKeys.joined(separator: ", "))")
                }
                if command != nil { throw err(k, file, "a step runs at most one command") }
                command = try arguments(key, v, file)
            }
        }
        guard let title else { throw err(node, file, "a step needs a `title`") }
        guard let narration else { throw err(node, file, "a step needs a `narration`") }
        return WalkthroughStep(title: title, narration: narration, show: show, command: command)
    }

    /// `show:` as a topology id.
    static func showID(_ node: Node, _ file: String) throws(WalkthroughError) -> String? {
        if let s = node.string { return s }
        guard let m = node.mapping, let (k, v) = m.first(where: { _ in true }) else { throw err(node, file, "`show` is {map: true}, {node: NAME}, {service: NS/NAME} or {pod: NS/NAME}") }
        let value = v.string ?? ""
        switch k.string ?? "" {
        case "map": return nil
        case "node": return "node:" + value
        case "service": return "svc:" + value
        case "pod": return "pod:" + value
        default: throw err(k, file, "unknown `show` target `\(k.string ?? "")`; use map, node, service or pod")
        }
    }

    /// A step's command as CLI arguments.
    static func arguments(_ command: String, _ node: Node, _ file: String) throws(WalkthroughError) -> [String] {
        if let s = node.string {
            do { return [command] + (try KeyNotation.split(s)) } catch { throw err(node, file, error.message) }
        }
        guard let m = node.mapping else { throw err(node, file, "`\(command)` takes the command's arguments as text or a mapping") }
        var fields: [String: Node] = [:]
        for (k, v) in m { fields[k.string ?? ""] = v }
        var args = [command]
        func value(_ key: String) -> String? { fields[key]?.string }
        if let from = value("from") { args += ["--from", from] }
        if let via = value("via") { args += ["--via", via] }
        if let method = value("method") { args += ["-X", method] }
        if let type = value("type") { args += ["--type", type] }
        if let pick = value("pick") { args += ["--pick", pick] }
        if let headers = fields["headers"]?.mapping {
            for (hk, hv) in headers { args += ["-H", "\(hk.string ?? ""): \(hv.string ?? "")"] }
        }
        if let target = value("target") ?? value("url") ?? value("name") { args.append(target) }
        let known: Set<String> = ["from", "via", "method", "type", "pick", "headers", "target", "url", "name"]
        if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }), let at = m.first(where: { $0.key.string == unknown })?.key {
            throw err(at, file, "unknown `\(command)` field `\(unknown)`; use \(known.sorted().joined(separator: ", "))")
        }
        return args
    }

    static func localized(_ node: Node, _ file: String) throws(WalkthroughError) -> LocalizedText {
        if let s = node.scalar { return LocalizedText(en: s.string) }
        guard let m = node.mapping else { throw err(node, file, "expected text or `{en: …, ko: …}`") }
        var t = LocalizedText(en: "")
        for (k, v) in m {
            switch k.string ?? "" {
            case "en": t.en = trimmed(v.string ?? "")
            case "ko": t.ko = trimmed(v.string ?? "")
            default: throw err(k, file, "unknown language `\(k.string ?? "")`; use en and ko")
            }
        }
        if t.en.isEmpty { throw err(node, file, "the English text (`en`) is required") }
        return t
    }

    static func trimmed(_ s: String) -> String {
        var t = Substring(s)
        while let l = t.last, l == "\n" || l == " " { t = t.dropLast() }
        return String(t)
    }

    static func err(_ node: Node, _ file: String, _ message: String) -> WalkthroughError {
        WalkthroughError(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, message: message)
    }
}
