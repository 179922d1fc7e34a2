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
    /// A topology id to select (`node/node01`, `service/default/wear-service`).
    public var show: String?
    /// A command to run, as typed after `:` (`trace --from default/client http://wear-service/wear`).
    public var command: String?
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
/// `narration` (both `{en, ko}`), optional `show:` (a topology id) and at most one of
/// `trace:`, `dns:`, `http:`, `node:`, `get:` (that command's arguments).
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
        var command: String?
        for (k, v) in m {
            let key = k.string ?? ""
            switch key {
            case "title": title = try localized(v, file)
            case "narration": narration = try localized(v, file)
            case "show": show = v.string
            default:
                guard commandKeys.contains(key) else {
                    throw err(k, file, "unknown step key `\(key)`; use title, narration, show, or one of \(commandKeys.joined(separator: ", "))")
                }
                if command != nil { throw err(k, file, "a step runs at most one command") }
                command = key + " " + (v.string ?? "")
            }
        }
        guard let title else { throw err(node, file, "a step needs a `title`") }
        guard let narration else { throw err(node, file, "a step needs a `narration`") }
        return WalkthroughStep(title: title, narration: narration, show: show, command: command)
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
