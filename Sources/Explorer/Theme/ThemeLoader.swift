import DemoClusters
import Yams

/// A problem in a theme file, with the place to fix it.
public struct ThemeError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Reads `themes/*.yaml` files.
///
/// Format: `name`, `description`, and `roles:` mapping each role key (`node`, `pod`,
/// `packet`, `namespace-0`, …) to `{fg, bg, bold, reverse, underline, dim}`. Unknown role
/// keys, bad colours and non-boolean attributes are errors naming the file and line; the
/// caller then uses the default theme (issue 7, "Themes").
public enum ThemeLoader {
    /// Parses one theme file's text.
    public static func parse(_ text: String, file: String) throws(ThemeError) -> Theme {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw yamlError(error, file: file)
        } catch {
            throw ThemeError(file: file, line: 1, column: 1, message: "cannot read YAML: \(error)")
        }
        guard let root, let mapping = root.mapping else {
            throw ThemeError(file: file, line: 1, column: 1, message: "a theme is a mapping with `name` and `roles`")
        }
        var name = ""
        var description = ""
        var styles: [Role: RoleStyle] = [:]
        var sawRoles = false
        for (key, value) in mapping {
            let k = key.string ?? ""
            switch k {
            case "name": name = value.string ?? ""
            case "description": description = value.string ?? ""
            case "roles":
                sawRoles = true
                guard let roles = value.mapping else {
                    throw at(value, file, "`roles` must be a mapping of role names to styles")
                }
                for (rk, rv) in roles {
                    let roleKey = rk.string ?? ""
                    guard let role = Role(key: roleKey) else {
                        let known = Role.allCases.map(\.key).joined(separator: ", ")
                        throw at(rk, file, "unknown role `\(roleKey)`; roles are: \(known)")
                    }
                    styles[role] = try roleStyle(rv, file: file)
                }
            default:
                throw at(key, file, "unknown key `\(k)`; a theme has `name`, `description` and `roles`")
            }
        }
        guard sawRoles else { throw ThemeError(file: file, line: 1, column: 1, message: "missing `roles:`") }
        if name.isEmpty { throw ThemeError(file: file, line: 1, column: 1, message: "missing `name:`") }
        return Theme(name: name, description: description, styles: styles)
    }

    static func roleStyle(_ node: Node, file: String) throws(ThemeError) -> RoleStyle {
        guard let m = node.mapping else { throw at(node, file, "a role's style is a mapping like `{fg: cyan, bold: true}`") }
        var style = RoleStyle()
        for (k, v) in m {
            let key = k.string ?? ""
            switch key {
            case "fg", "bg":
                guard let raw = v.string, let c = TerminalColor(parsing: raw) else {
                    throw at(v, file, "`\(v.string ?? "?")` is not a colour: use default, a name (red, bright-blue), 0-255, or #rrggbb")
                }
                if key == "fg" { style.foreground = c } else { style.background = c }
            case "bold", "reverse", "underline", "dim":
                guard let raw = v.string, let b = Bool(raw) else { throw at(v, file, "`\(key)` must be true or false") }
                switch key {
                case "bold": style.bold = b
                case "reverse": style.reverse = b
                case "underline": style.underline = b
                default: style.dim = b
                }
            default:
                throw at(k, file, "unknown style key `\(key)`; use fg, bg, bold, reverse, underline, dim")
            }
        }
        return style
    }

    static func at(_ node: Node, _ file: String, _ message: String) -> ThemeError {
        ThemeError(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, message: message)
    }

    static func yamlError(_ error: YamlError, file: String) -> ThemeError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return ThemeError(file: file, line: mark.line, column: mark.column, message: "YAML: \(problem)")
        default:
            return ThemeError(file: file, line: 1, column: 1, message: "YAML: \(error)")
        }
    }
}

/// The set of themes available: the built-in ones (`themes/*.yaml`, embedded by
/// `scripts/embed-resources.py`), then user themes from `$XDG_CONFIG_HOME/kubewalk/themes/`
/// (read by the caller, which does the file I/O). Built-in themes are parsed when first
/// asked for, so starting up parses only the theme in use.
public struct ThemeCatalog: Sendable {
    /// Built-in theme texts by name (the file name without `.yaml`).
    let builtIn: [String: String]
    /// User themes, parsed when added.
    private(set) var user: [String: Theme] = [:]
    /// Problems found in user theme files; shown on screen once.
    public private(set) var errors: [ThemeError] = []

    public init() {
        builtIn = DemoClusters.themes
    }

    /// Adds a user theme file's text; a bad file is recorded as an error and skipped.
    public mutating func add(text: String, file: String) {
        do {
            let t = try ThemeLoader.parse(text, file: file)
            user[t.name] = t
        } catch {
            errors.append(error)
        }
    }

    public var names: [String] { Set(builtIn.keys).union(user.keys).sorted() }

    /// The theme called `name`, or nil when there is none or its file does not parse.
    public func theme(named name: String) -> Theme? {
        if let t = user[name] { return t }
        guard let text = builtIn[name] else { return nil }
        return try? ThemeLoader.parse(text, file: "themes/\(name).yaml")
    }

    /// Why the built-in theme `name` does not load, if it does not.
    public func problem(named name: String) -> ThemeError? {
        guard user[name] == nil, let text = builtIn[name] else { return nil }
        do {
            _ = try ThemeLoader.parse(text, file: "themes/\(name).yaml")
            return nil
        } catch {
            return error
        }
    }

    /// The default theme (a plain fallback if even that file failed).
    public var fallback: Theme { theme(named: "default") ?? Theme(name: "default", styles: [:]) }
}
