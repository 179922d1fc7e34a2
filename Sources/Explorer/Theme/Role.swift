/// A semantic colour role: what a cell shows, never which colour it is.
///
/// Themes (`themes/*.yaml`) map each role to colours and attributes; the renderer only
/// ever names roles, so a theme can restyle everything and `NO_COLOR` can drop colour
/// while keeping bold and reverse.
public enum Role: String, CaseIterable, Sendable, Codable, Hashable {
    case text, dim, border, title
    case node, controlPlane, pod, podNotReady, bridge, service, endpoint, external, entryPoint
    case packet, trail, label, changed
    case highlight, selection, focusBorder
    case warning, error, note
    case statusBar, statusKey, commandLine, overlay, narration
    case namespace0, namespace1, namespace2, namespace3, namespace4, namespace5

    /// The namespace roles, in the order namespaces are assigned to them.
    public static let namespaces: [Role] = [.namespace0, .namespace1, .namespace2, .namespace3, .namespace4, .namespace5]

    /// The theme-file key for this role (`control-plane`, `namespace-0`, …).
    public var key: String {
        switch self {
        case .controlPlane: return "control-plane"
        case .podNotReady: return "pod-not-ready"
        case .entryPoint: return "entry-point"
        case .focusBorder: return "focus-border"
        case .statusBar: return "status-bar"
        case .statusKey: return "status-key"
        case .commandLine: return "command-line"
        case .namespace0: return "namespace-0"
        case .namespace1: return "namespace-1"
        case .namespace2: return "namespace-2"
        case .namespace3: return "namespace-3"
        case .namespace4: return "namespace-4"
        case .namespace5: return "namespace-5"
        default: return rawValue
        }
    }

    /// The role for a theme-file key, if it names one.
    public init?(key: String) {
        guard let r = Role.allCases.first(where: { $0.key == key }) else { return nil }
        self = r
    }
}

/// What one cell looks like: a role plus attributes the renderer adds on top
/// (selection reverse, emphasis bold).
public struct Style: Hashable, Sendable {
    public var role: Role
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(_ role: Role = .text, bold: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.role = role
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
    }

    public static let plain = Style()
}
