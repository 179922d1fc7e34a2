import ClusterModel

/// An Ingress the controller serves, with its parsed annotations and how it was admitted.
public struct AdmittedIngress: Hashable, Sendable, Codable {
    public var ingress: Ingress
    public var annotations: IngressAnnotations
    /// Why it counts: `ingressClassName nginx`, `annotation kubernetes.io/ingress.class=nginx`, ….
    public var admittedBy: String
    public var key: String { "\(ingress.namespace)/\(ingress.name)" }
}

/// An Ingress the controller does not serve, and why.
public struct IgnoredIngress: Hashable, Sendable, Codable {
    public var name: String
    public var reason: String
}

/// Section 2 of the ingress reference: which Ingresses ingress-nginx owns, in the order that
/// decides conflicts (`creationTimestamp` oldest first; equal stamps, the larger
/// `namespace/name` first — the controller's sort in `store.ListIngresses`).
public enum IngressAdmission {
    public struct Outcome: Hashable, Sendable, Codable {
        public var owned: [AdmittedIngress] = []
        public var canaries: [AdmittedIngress] = []
        public var ignored: [IgnoredIngress] = []
        public var notes: [String] = []
    }

    /// - Parameter lenient: also admit Ingresses ignored only for want of a class (a class
    ///   name that resolves to nothing, no class at all), as `validate` checks them.
    public static func admit(_ cluster: Cluster, controller: IngressController, lenient: Bool = false) -> Outcome {
        var out = Outcome()
        let classes = Dictionary(cluster.ingressClasses.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        // The default class the API server would fill in at create time: the most recently
        // created default, name breaking a tie.
        let defaults = cluster.ingressClasses.filter(\.isDefault).sorted {
            ($0.meta.creationTimestamp ?? "", $0.name) > ($1.meta.creationTimestamp ?? "", $1.name)
        }
        if defaults.count > 1 {
            out.notes.append("\(defaults.count) IngressClasses are marked default (\(defaults.map(\.name).joined(separator: ", "))); newer API servers pick the most recently created, \(defaults[0].name); older ones refuse to create an Ingress without a class")
        }
        var admitted: [AdmittedIngress] = []
        for ing in cluster.ingresses {
            let key = "\(ing.namespace)/\(ing.name)"
            var className = ing.ingressClassName
            var how = ""
            if className == nil, ing.classAnnotation == nil, let d = defaults.first {
                className = d.name
                out.notes.append("Ingress \(key) has no class; the API server fills in the default IngressClass \(d.name) when it is created (applied here at load time)")
                how = "default IngressClass \(d.name)"
            }
            if let cn = className {
                guard let cls = classes[cn] else {
                    if lenient { admitted.append(AdmittedIngress(ingress: ing, annotations: IngressAnnotations(ing.meta.annotations), admittedBy: "checked as if served")); continue }
                    out.ignored.append(IgnoredIngress(name: key, reason: "ingressClassName \(cn) names no IngressClass"))
                    continue
                }
                guard cls.controller == controller.controllerClass else {
                    out.ignored.append(IgnoredIngress(name: key, reason: "IngressClass \(cn) belongs to controller \(cls.controller.isEmpty ? "(none)" : cls.controller), not \(controller.controllerClass)"))
                    continue
                }
                if how.isEmpty { how = "ingressClassName \(cn)" }
            } else if let a = ing.classAnnotation {
                guard a == controller.ingressClass else {
                    out.ignored.append(IgnoredIngress(name: key, reason: "annotation kubernetes.io/ingress.class=\(a) is not this controller's class \(controller.ingressClass)"))
                    continue
                }
                how = "annotation kubernetes.io/ingress.class=\(a)"
            } else if controller.watchIngressWithoutClass {
                how = "no class, and the controller runs with --watch-ingress-without-class"
            } else if lenient {
                how = "checked as if served"
            } else {
                out.ignored.append(IgnoredIngress(name: key, reason: "no ingressClassName, no kubernetes.io/ingress.class annotation and no default IngressClass; ingress-nginx ignores it"))
                continue
            }
            admitted.append(AdmittedIngress(ingress: ing, annotations: IngressAnnotations(ing.meta.annotations), admittedBy: how))
        }
        admitted.sort { a, b in
            let ta = a.ingress.meta.creationTimestamp ?? "", tb = b.ingress.meta.creationTimestamp ?? ""
            if ta != tb { return ta < tb }
            return a.key > b.key
        }
        if admitted.count > 1 && admitted.allSatisfy({ $0.ingress.meta.creationTimestamp == nil }) {
            out.notes.append("no Ingress has a creationTimestamp (manifests, not a cluster dump): they are ordered as ingress-nginx orders equal stamps, larger namespace/name first")
        }
        out.owned = admitted.filter { !$0.annotations.canary }
        out.canaries = admitted.filter(\.annotations.canary)
        return out
    }
}
