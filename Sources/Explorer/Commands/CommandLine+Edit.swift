/// Editing the `:` command line and the `/` filter: typing, Backspace, Tab completion,
/// ↑/↓ history, Enter to run, Esc to cancel.
extension AppState {
    mutating func editCommand(_ key: Key, now: Double) {
        guard var editor = commandLine else { return }
        switch key {
        case .escape, .ctrl("c"):
            commandLine = nil
            return
        case .enter:
            commandLine = nil
            let text = editor.text.trimmingCharacters(in: " ")
            if !text.isEmpty && history.last != text { history.append(text) }
            execute(text, now: now)
            return
        case .backspace:
            if editor.text.isEmpty { commandLine = nil; return }
            editor.text.removeLast()
            editor.completions = []
        case .ctrl("u"):
            editor.text = ""
            editor.completions = []
        case .tab:
            complete(&editor)
        case .up:
            guard !history.isEmpty else { break }
            let i = max(0, (editor.historyIndex ?? history.count) - 1)
            editor.historyIndex = i
            editor.text = history[i]
        case .down:
            guard let idx = editor.historyIndex else { break }
            if idx + 1 < history.count {
                editor.historyIndex = idx + 1
                editor.text = history[idx + 1]
            } else {
                editor.historyIndex = nil
                editor.text = ""
            }
        case let .char(c):
            editor.text.unicodeScalars.append(c)
            editor.completions = []
        default: break
        }
        commandLine = editor
    }

    mutating func editFilter(_ key: Key) {
        guard var editor = filterEditor else { return }
        switch key {
        case .escape, .ctrl("c"):
            filterEditor = nil
            filter = ""
        case .enter:
            filterEditor = nil
            filter = editor.text
        case .backspace:
            if editor.text.isEmpty { filterEditor = nil; return }
            editor.text.removeLast()
            filterEditor = editor
            filter = editor.text
        case let .char(c):
            editor.text.unicodeScalars.append(c)
            filterEditor = editor
            filter = editor.text
        default: break
        }
        mapScroll = 0
    }

    static let commandNames = ["trace", "dns", "http", "node", "get", "cluster", "theme", "walkthrough", "lang", "help", "q"]
    static let flags: [String: [String]] = [
        "trace": ["--from", "--pick", "-H", "-X"], "dns": ["--from", "--type", "--resolver", "--reverse"],
        "http": ["--via", "-H", "-X"], "get": ["-A", "-n", "-o"],
    ]
    static let kinds = ["nodes", "pods", "services", "endpointslices", "ingresses", "ingressclasses", "gateways", "httproutes", "namespaces"]

    /// Candidates for the word being typed.
    func completionCandidates(for text: String) -> (prefix: String, word: String, candidates: [String]) {
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let word = words.last ?? ""
        let prefix = String(text.dropLast(word.count))
        if words.count <= 1 { return (prefix, word, AppState.commandNames.filter { $0.hasPrefix(word) }) }
        let command = words[0]
        let previous = words.count >= 2 ? words[words.count - 2] : ""
        let view = cluster.view
        var c: [String]
        if previous == "--from" {
            c = view.pods.map(\.qualifiedName) + view.externalClients.map { "external/" + $0.name } + view.nodes.map { "node/" + $0.name }
        } else if word.hasPrefix("-") {
            c = AppState.flags[command] ?? []
        } else {
            switch command {
            case "node": c = view.nodes.map(\.name)
            case "cluster": c = engines.clusterNames
            case "theme": c = catalog.names
            case "lang": c = Language.allCases.map(\.rawValue)
            case "get": c = words.count == 2 ? AppState.kinds : ["-A"]
            case "trace", "http": c = view.services.map { $0.namespace == "default" ? "http://\($0.name)/" : "http://\($0.name).\($0.namespace)/" }
            case "dns": c = view.services.map { $0.namespace == "default" ? $0.name : "\($0.name).\($0.namespace)" }
            default: c = []
            }
        }
        return (prefix, word, c.filter { $0.hasPrefix(word) })
    }

    mutating func complete(_ editor: inout LineEditor) {
        if editor.completions.count > 1 {
            editor.completionIndex = (editor.completionIndex + 1) % editor.completions.count
            let (prefix, _, _) = completionCandidates(for: editor.text)
            editor.text = prefix + editor.completions[editor.completionIndex]
            return
        }
        let (prefix, word, candidates) = completionCandidates(for: editor.text)
        guard !candidates.isEmpty else { return }
        if candidates.count == 1, let only = candidates.first {
            editor.text = prefix + only + (only.hasSuffix("/") ? "" : " ")
            editor.completions = []
            return
        }
        let common = candidates.dropFirst().reduce(candidates[0]) { acc, c in String(zip(acc, c).prefix { $0 == $1 }.map(\.0)) }
        if common.count > word.count {
            editor.text = prefix + common
        } else {
            editor.completions = candidates
            editor.completionIndex = -1
        }
    }
}
