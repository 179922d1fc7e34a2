/// The pane that has the keyboard.
public enum Pane: Int, CaseIterable, Hashable, Sendable { case map, steps, detail }

/// What the Detail pane shows.
public enum DetailSource: Hashable, Sendable {
    case selection
    case hop
    case text(title: String, lines: [String])
}

/// The command line being edited after `:` (or the filter after `/`).
public struct LineEditor: Hashable, Sendable {
    public var text: String = ""
    /// Completion candidates of the last Tab, cycled by repeated Tabs.
    public var completions: [String] = []
    public var completionIndex: Int = -1
    /// Position in history while browsing with ↑/↓ (nil: editing a new line).
    public var historyIndex: Int?
    public init(text: String = "") { self.text = text }
}

/// The whole explorer state. `update` changes it, `render` draws it; both are pure
/// (Explorer.swift). Everything the screen shows is derived from these fields and time.
public struct AppState: Sendable {
    public var cluster: LoadedCluster {
        didSet { clusterGeneration += 1 }
    }
    /// Changes whenever `cluster` is replaced (keys the layout cache).
    public private(set) var clusterGeneration = 0
    let layoutCache = MapLayoutCache()
    public var engines: Engines
    public var catalog: ThemeCatalog
    public var theme: Theme
    public var lines: LineDrawing
    public var language: Language
    public var presenter: Bool
    public var mouseEnabled: Bool

    public var focus: Pane = .map
    /// The selected topology id on the map.
    public var selectedID: String?
    public var mapScroll: Int = 0
    /// nil: collapse automatically when the nodes do not fit; true/false: the user's choice.
    public var collapsed: Bool?
    public var groupByRole: Bool = false
    public var zoomedNode: String?
    public var filter: String = ""

    public var commandLine: LineEditor?
    public var filterEditor: LineEditor?
    public var history: [String] = []
    public var helpVisible: Bool = false
    public var message: String?
    public var messageIsError: Bool = false

    public var trace: TraceView?
    /// The arguments of the running trace, to re-run it with another `--pick`.
    public var traceArguments: [String] = []
    public var playback = Playback()
    public var detailSource: DetailSource = .selection
    public var detailScroll: Int = 0
    public var stepsScroll: Int = 0

    public var walkthrough: Walkthrough?
    public var walkthroughStep: Int = 0

    public var quitRequested = false
    /// Set by Ctrl-L: the terminal layer repaints everything once.
    public var redrawRequested = false
    /// The size of the last frame, for mouse hit-testing.
    public var lastSize = Size(width: 80, height: 24)

    public init(cluster: LoadedCluster, engines: Engines = Engines(), catalog: ThemeCatalog = ThemeCatalog(), themeName: String = "default",
                lines: LineDrawing = .unicode, language: Language = .en, presenter: Bool = false, mouseEnabled: Bool = true) {
        self.cluster = cluster
        self.engines = engines
        self.catalog = catalog
        let chosen = catalog.theme(named: themeName)
        self.theme = chosen ?? catalog.fallback
        self.lines = lines
        self.language = language
        self.presenter = presenter
        self.mouseEnabled = mouseEnabled
        if chosen == nil {
            if let problem = catalog.problem(named: themeName) {
                message = "theme error: \(problem); using default"
            } else {
                message = "theme `\(themeName)` not found; using default (themes: \(catalog.names.joined(separator: ", ")))"
            }
            messageIsError = true
        }
        if let first = catalog.errors.first {
            message = "theme error: \(first)"
            messageIsError = true
        }
        if let firstDiagnostic = cluster.diagnostics.first, message == nil {
            message = firstDiagnostic
        }
    }

    public var strings: Strings { Strings(language) }

    /// The hop the packet is at (or was last stepped to) at time `now`.
    public func currentHop(at now: Double) -> Int? {
        guard let trace, !trace.hops.isEmpty else { return nil }
        return playback.hopIndex(at: now, hopCount: trace.hops.count)
    }

    mutating func say(_ text: String, error: Bool = false) {
        message = text
        messageIsError = error
    }
}
