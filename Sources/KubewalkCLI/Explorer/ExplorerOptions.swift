import ArgumentParser
import Explorer

/// The explorer's flags, shared by `kubewalk` (no subcommand) and `kubewalk screenshot`.
public struct ExplorerOptions: ParsableArguments {
    @Flag(name: .long, help: "Start the cluster's guided lesson (its walkthrough.yaml).")
    public var walkthrough = false

    @Flag(name: .long, help: "Presenter mode: larger spacing; only the map, the narration and the current hop.")
    public var presenter = false

    @Option(name: .long, help: ArgumentHelp("Language of narration, help and status bar: en or ko (default from LC_ALL/LANG).", valueName: "en|ko"))
    public var lang: LanguageArgument?

    @Option(name: .long, help: ArgumentHelp("Colour theme: default, dark, light, high-contrast, monochrome, or a user theme (default: $KUBEWALK_THEME or default).", valueName: "name"))
    public var theme: String?

    @Flag(name: .customLong("no-mouse"), help: "Do not ask the terminal for mouse reports.")
    public var noMouse = false

    public init() {}
}

/// `--lang` values.
public enum LanguageArgument: String, ExpressibleByArgument, CaseIterable, Sendable {
    case en, ko
    var language: Language { self == .ko ? .ko : .en }
}
