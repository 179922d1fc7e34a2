/// How one role looks in a theme: foreground, background and attributes.
public struct RoleStyle: Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool
    public var dim: Bool

    public init(foreground: TerminalColor = .terminalDefault, background: TerminalColor = .terminalDefault,
                bold: Bool = false, reverse: Bool = false, underline: Bool = false, dim: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
    }
}

/// The colour depth the output can show. `none` is `NO_COLOR` (https://no-color.org):
/// colour off, bold and reverse kept.
public enum ColorDepth: Hashable, Sendable {
    case none, eight, sixteen, full256

    /// The depth for a terminal reporting `colors` colours, honouring `NO_COLOR`.
    public static func from(colors: Int, environment: [String: String]) -> ColorDepth {
        if let v = environment["NO_COLOR"], !v.isEmpty { return .none }
        if colors >= 256 { return .full256 }
        if colors >= 16 { return .sixteen }
        if colors >= 8 { return .eight }
        return .none
    }

    public var colorCount: Int {
        switch self {
        case .none: return 0
        case .eight: return 8
        case .sixteen: return 16
        case .full256: return 256
        }
    }
}

/// A style resolved for a particular terminal: palette indexes (-1 = default) and attributes.
public struct ResolvedStyle: Hashable, Sendable {
    public var foreground: Int
    public var background: Int
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool
    public var dim: Bool
}

/// A colour theme: every semantic role mapped to a look (`themes/<name>.yaml`).
public struct Theme: Hashable, Sendable {
    public var name: String
    public var description: String
    public var styles: [Role: RoleStyle]

    public init(name: String, description: String = "", styles: [Role: RoleStyle]) {
        self.name = name
        self.description = description
        self.styles = styles
    }

    /// The look of `role`; roles a theme leaves out fall back to `text`.
    public func style(for role: Role) -> RoleStyle {
        styles[role] ?? styles[.text] ?? RoleStyle()
    }

    /// Resolves a cell style (role + renderer attributes) for a terminal of `depth`.
    public func resolve(_ style: Style, depth: ColorDepth) -> ResolvedStyle {
        let rs = self.style(for: style.role)
        let colors = depth.colorCount
        let fg = depth == .none ? -1 : rs.foreground.paletteIndex(colors: colors)
        let bg = depth == .none ? -1 : rs.background.paletteIndex(colors: colors)
        // Without colour, roles that only differ by colour get an attribute so they stay
        // distinguishable: selection and highlight reverse, the packet bold.
        var reverse = rs.reverse != style.reverse
        var bold = rs.bold || style.bold
        if depth == .none {
            switch style.role {
            case .statusBar, .selection: reverse = !style.reverse || rs.reverse
            case .packet, .highlight, .changed, .warning, .error: bold = true
            default: break
            }
        }
        return ResolvedStyle(foreground: fg, background: bg, bold: bold, reverse: reverse,
                             underline: rs.underline || style.underline, dim: rs.dim)
    }
}
