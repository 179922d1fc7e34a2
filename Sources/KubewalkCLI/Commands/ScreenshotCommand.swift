import ArgumentParser
import Explorer
import Foundation

/// `kubewalk screenshot`: the frame the explorer would show, rendered without a terminal.
struct ScreenshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screenshot",
        abstract: "Print the frame the explorer shows after some keys, as text or with ANSI colours.",
        discussion: """
        The frame comes from the same state machine and renderer as the live explorer: the keys \
        are applied with `update`, then the frame is rendered at the given animation time. Keys \
        use tmux send-keys notation: key names (Enter, Escape, Space, Tab, BSpace, Up, Down, \
        PageDown, C-c, F5, …) and quoted literal strings.

        Examples:
          kubewalk screenshot
          kubewalk screenshot --size 80x24 --keys 'j j Enter'
          kubewalk screenshot --keys "':trace --from default/client http://wear-service/wear' Enter Space Space"
          kubewalk screenshot --walkthrough --lang ko --presenter --ansi
          kubewalk screenshot --keys "'?'" --theme high-contrast --ansi
        """)

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var explorer: ExplorerOptions

    @Option(name: .long, help: ArgumentHelp("Terminal size, WIDTHxHEIGHT.", valueName: "WxH"))
    var size: String = "120x40"

    @Option(name: .long, help: ArgumentHelp("Keys to press first, in tmux send-keys notation.", valueName: "keys"))
    var keys: String = ""

    @Option(name: .long, help: ArgumentHelp("Animation time of the frame, in seconds after the keys.", valueName: "seconds"))
    var at: Double = 0

    @Flag(name: .long, help: "Colour the frame with ANSI escapes (honours NO_COLOR).")
    var ansi = false

    @Flag(name: .long, help: "Draw lines with ASCII, as in a non-UTF-8 locale.")
    var ascii = false

    /// Usage errors print a message and exit 2 (the house convention).
    func usage(_ message: String) -> ExitCode {
        printError("error: \(message)")
        printError("usage: kubewalk screenshot [--cluster C] [--size 120x40] [--keys 'KEYS'] [--at SECONDS] [--ansi] [--ascii]")
        return ExitCode(2)
    }

    func validate() throws {
        guard Size(parsing: size) != nil else { throw usage("--size must look like 120x40 (width 1-1000, height 1-500), not `\(size)`") }
        guard at >= 0, at.isFinite else { throw usage("--at must be a number of seconds ≥ 0") }
        do { _ = try KeyNotation.parse(keys) } catch { throw usage(error.description) }
    }

    func run() throws {
        let loaded = try cluster.load()
        let environment = ProcessInfo.processInfo.environment
        let frameSize = Size(parsing: size) ?? Size(width: 120, height: 40)
        let keyList = (try? KeyNotation.parse(keys)) ?? []
        var state = ExplorerSetup.state(cluster: loaded, ref: cluster.cluster, options: explorer, environment: environment, utf8: !ascii, now: 0)
        state = Explorer.update(state, .resize(frameSize), time: 0)
        for key in keyList {
            state = Explorer.update(state, .key(key), time: 0)
            if state.quitRequested { break }
        }
        let frame = render(state, size: frameSize, time: at)
        if ansi {
            let depth = ColorDepth.from(colors: 256, environment: environment)
            print(frame.ansi(theme: state.theme, depth: depth), terminator: "")
        } else {
            print(frame.text)
        }
    }
}
