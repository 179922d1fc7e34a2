import Synchronization

/// Remembers the last map layout, so a keypress that only moves the selection does not
/// lay out 1,000 nodes again (the layout does not depend on the selection or on time).
/// A cache, not state: dropping it changes no frame.
public final class MapLayoutCache: Sendable {
    struct Key: Hashable {
        var generation: Int
        var filter: String
        var width: Int
        var collapsed: Bool?
        var groupByRole: Bool
        var zoomedNode: String?
        var presenter: Bool
        var language: Language
        var unicode: Bool
    }

    private let slot = Mutex<(Key, MapLayout)?>(nil)

    public init() {}

    func layout(for state: AppState, width: Int) -> MapLayout {
        let key = Key(generation: state.clusterGeneration, filter: state.filter, width: width, collapsed: state.collapsed,
                      groupByRole: state.groupByRole, zoomedNode: state.zoomedNode, presenter: state.presenter,
                      language: state.language, unicode: state.lines.isUnicode)
        if let hit = slot.withLock({ $0 }), hit.0 == key { return hit.1 }
        let view = MapFilter(state.filter).apply(to: state.cluster.view)
        let layout = MapLayout.build(view: view, width: width, state: state)
        slot.withLock { $0 = (key, layout) }
        return layout
    }
}
