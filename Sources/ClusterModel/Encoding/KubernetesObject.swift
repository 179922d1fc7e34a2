import NetCore

/// A typed object that can be written back in the Kubernetes API schema (apiVersion, kind,
/// metadata, spec, status), as `kubectl get -o json|yaml` shows it.
///
/// What is written is the *reconciled* object: the fields the input gave plus what the
/// reconciler filled in. Fields the model does not keep (resources, volumes, probes…) are
/// not written. A reconciled object carries the annotations `kubewalk.io/filled-in` (the
/// fields the reconciler set) and `kubewalk.io/created-by` (for objects it created), so the
/// JSON says what a real control plane would have done and kubewalk did in its place.
public protocol KubernetesObject {
    var kubernetesValue: KubeValue { get }
}

/// `kind: List` as `kubectl get … -o json` prints it.
public enum KubernetesList {
    public static func value(_ items: [KubeValue]) -> KubeValue {
        .object(["apiVersion": .string("v1"), "kind": .string("List"), "items": .array(items),
                 "metadata": .object(["resourceVersion": .string("")])])
    }
}

extension ObjectMeta {
    /// `metadata` in the API schema.
    public var kubernetesValue: KubeValue {
        var m = KubeObjectBuilder()
        m.set("name", name)
        m.set("namespace", namespace)
        m.set("labels", map: labels)
        var notes = annotations
        if !filledIn.isEmpty { notes["kubewalk.io/filled-in"] = filledIn.joined(separator: ",") }
        if let createdBy { notes["kubewalk.io/created-by"] = createdBy }
        m.set("annotations", map: notes)
        m.set("uid", uid)
        m.set("creationTimestamp", creationTimestamp)
        m.set("deletionTimestamp", deletionTimestamp)
        m.set("ownerReferences", .array(ownerReferences.map { o in
            var b = KubeObjectBuilder()
            b.set("apiVersion", Self.apiVersion(ofKind: o.kind))
            b.set("kind", o.kind)
            b.set("name", o.name)
            b.flag("controller", o.controller)
            if o.controller { b.set("blockOwnerDeletion", bool: true) }
            return b.value
        }))
        return m.value
    }

    static func apiVersion(ofKind kind: String) -> String {
        switch kind {
        case "ReplicaSet", "Deployment", "StatefulSet", "DaemonSet": return "apps/v1"
        case "Job", "CronJob": return "batch/v1"
        case "Node": return "v1"
        default: return "v1"
        }
    }
}

func header(_ apiVersion: String, _ kind: String, _ meta: ObjectMeta) -> KubeObjectBuilder {
    var b = KubeObjectBuilder()
    b.set("apiVersion", apiVersion)
    b.set("kind", kind)
    b.set("metadata", meta.kubernetesValue)
    return b
}

extension LabelSelector {
    /// A `metav1.LabelSelector` (matchLabels, matchExpressions).
    public var kubernetesValue: KubeValue {
        var b = KubeObjectBuilder()
        b.set("matchLabels", map: matchLabels)
        b.set("matchExpressions", .array(matchExpressions.map { r in
            var e = KubeObjectBuilder()
            e.set("key", r.key)
            e.set("operator", r.op.rawValue)
            e.set("values", strings: r.values)
            return e.value
        }))
        return b.value
    }
}
