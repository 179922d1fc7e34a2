/// Running a command typed after `:`. The commands mirror the CLI with the same
/// arguments; the ones backed by engines go through `engines` (Engines.swift), and an
/// engine that has not landed says so in one line.
extension AppState {
    mutating func execute(_ text: String, now: Double) {
        do {
            execute(arguments: try KeyNotation.split(text), now: now)
        } catch {
            say(error.message, error: true)
        }
    }

    /// Runs a command given as words (`["trace", "--from", "default/client", "http://web/"]`).
    mutating func execute(arguments words: [String], now: Double) {
        guard let name = words.first else { return }
        let args = Array(words.dropFirst())
        switch name {
        case "q", "quit", "q!": quitRequested = true
        case "help": helpVisible = true
        case "trace": runTrace(arguments: args, pick: 1, now: now)
        case "dns": runText("dns", args, engines.dns, issue: 4)
        case "http": runText("http", args, engines.http, issue: 5)
        case "get": runText("get", args, engines.get, issue: 2)
        case "node":
            guard let n = args.first else { return say("usage: :node NAME (nodes: \(nodeNames))", error: true) }
            guard cluster.view.node(named: n) != nil else { return say("no node `\(n)`; nodes: \(nodeNames)", error: true) }
            zoomedNode = n
            selectedID = "node:" + n
            focus = .map
            mapScroll = 0
            detailSource = .selection
        case "cluster":
            guard let ref = args.first else { return say("usage: :cluster NAME-OR-PATH (demos: \(engines.clusterNames.joined(separator: ", ")))", error: true) }
            guard let load = engines.loadCluster else { return say(Engines.notLanded("cluster", issue: 2), error: true) }
            switch load(ref) {
            case let .success(c): switchCluster(c)
            case let .failure(e): say(e.message, error: true)
            }
        case "theme":
            guard let n = args.first, let t = catalog.theme(named: n) else {
                return say("themes: \(catalog.names.joined(separator: ", "))", error: args.first != nil)
            }
            theme = t
            say("theme \(n)")
        case "lang":
            guard let l = args.first.flatMap(Language.init(rawValue:)) else { return say("usage: :lang en|ko", error: true) }
            language = l
        case "walkthrough":
            startWalkthrough(now: now)
        default:
            say("unknown command `\(name)`; commands: \(AppState.commandNames.joined(separator: ", "))", error: true)
        }
    }

    var nodeNames: String { cluster.view.nodes.prefix(8).map(\.name).joined(separator: ", ") + (cluster.view.nodes.count > 8 ? ", …" : "") }

    mutating func runTrace(arguments: [String], pick: Int, now: Double) {
        guard let engine = engines.trace else { return say(Engines.notLanded("trace", issue: 6), error: true) }
        switch engine(cluster, arguments, pick) {
        case let .success(result):
            let t = TraceView(result)
            trace = t
            traceArguments = arguments
            playback.restart(at: now)
            detailSource = .hop
            detailScroll = 0
            if t.outcomeCount > 1 { say("outcome \(t.pick) of \(t.outcomeCount): o shows the next") }
        case let .failure(e):
            say("trace: " + e.message, error: true)
        }
    }

    mutating func runText(_ name: String, _ args: [String], _ engine: (@Sendable (LoadedCluster, [String]) -> Result<[String], EngineError>)?, issue: Int) {
        guard let engine else { return say(Engines.notLanded(name, issue: issue), error: true) }
        switch engine(cluster, args) {
        case let .success(lines):
            detailSource = .text(title: ":" + ([name] + args).joined(separator: " "), lines: lines)
            detailScroll = 0
            if !presenter { focus = .detail }
        case let .failure(e):
            say("\(name): " + e.message, error: true)
        }
    }

    mutating func switchCluster(_ c: LoadedCluster) {
        cluster = c
        selectedID = nil
        zoomedNode = nil
        filter = ""
        trace = nil
        walkthrough = nil
        mapScroll = 0
        collapsed = nil
        detailSource = .selection
        say("cluster \(c.view.name)" + (c.diagnostics.isEmpty ? "" : " · \(c.diagnostics.count) warnings: \(c.diagnostics[0])"))
    }

    /// Loads the cluster's lesson and shows its first step.
    public mutating func startWalkthrough(now: Double) {
        guard let text = engines.walkthrough?(cluster.view.name) else {
            return say("no walkthrough for cluster \(cluster.view.name)", error: true)
        }
        do {
            walkthrough = try WalkthroughLoader.parse(text, file: "demo-clusters/\(cluster.view.name)/walkthrough.yaml")
            walkthroughGo(0, now: now)
        } catch {
            say(error.description, error: true)
        }
    }

    mutating func walkthroughGo(_ index: Int, now: Double) {
        guard let w = walkthrough, !w.steps.isEmpty else { return }
        walkthroughStep = max(0, min(w.steps.count - 1, index))
        let step = w.steps[walkthroughStep]
        trace = nil
        detailSource = .selection
        zoomedNode = nil
        selectedID = step.show
        if step.show == nil { mapScroll = 0 } else { ensureSelectionVisible() }
        if let command = step.command { execute(arguments: command, now: now) }
    }
}
