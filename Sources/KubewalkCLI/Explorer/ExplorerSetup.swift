import ClusterModel
import Explorer
import Foundation

/// Builds the explorer's first state from flags and environment: the same code for the
/// live UI and for `kubewalk screenshot`.
enum ExplorerSetup {
    /// The built-in themes plus `$XDG_CONFIG_HOME/kubewalk/themes/*.yaml` (default
    /// `~/.config`); a bad user theme is reported with file and line and skipped.
    static func catalog(environment: [String: String]) -> ThemeCatalog {
        var catalog = ThemeCatalog()
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((environment["HOME"] ?? "") + "/.config")
        let dir = base + "/kubewalk/themes"
        if let files = try? FileManager.default.contentsOfDirectory(atPath: dir) {
            for f in files.sorted() where f.hasSuffix(".yaml") {
                let path = dir + "/" + f
                if let text = try? String(contentsOfFile: path, encoding: .utf8) { catalog.add(text: text, file: path) }
            }
        }
        return catalog
    }

    static func state(cluster: Cluster, ref: String, options: ExplorerOptions, environment: [String: String], utf8: Bool, now: Double) -> AppState {
        let language = options.lang?.language ?? Language.from(environment: environment)
        let themeName = options.theme ?? environment["KUBEWALK_THEME"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        var state = AppState(cluster: ExplorerEngines.loaded(cluster, ref: ref), engines: ExplorerEngines.make(),
                             catalog: catalog(environment: environment), themeName: themeName,
                             lines: utf8 ? .unicode : .ascii, language: language, presenter: options.presenter,
                             mouseEnabled: !options.noMouse)
        if options.walkthrough { state.startWalkthrough(now: now) }
        return state
    }
}
