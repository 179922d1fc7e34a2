/// A Namespace (`v1 Namespace`). Namespaces that objects name but no document declares
/// exist implicitly (`declared == false`).
public struct Namespace: Hashable, Sendable, Codable {
    public var meta: ObjectMeta
    public var declared: Bool
    public init(meta: ObjectMeta, declared: Bool = true) { self.meta = meta; self.declared = declared }
    public var name: String { meta.name }
}

/// A ConfigMap (`v1 ConfigMap`). kubewalk reads `kube-system/coredns` (`Corefile`) and
/// `kube-system/kube-proxy` (`config.conf`); others are kept for `get`.
public struct ConfigMap: Hashable, Sendable, Codable {
    public var meta: ObjectMeta
    public var data: [String: String]
    /// Where each data key's value starts, for diagnostics inside a Corefile.
    public var dataLocations: [String: SourceLocation]
    public init(meta: ObjectMeta, data: [String: String], dataLocations: [String: SourceLocation] = [:]) {
        self.meta = meta
        self.data = data
        self.dataLocations = dataLocations
    }
}

/// A NetworkPolicy (`networking.k8s.io/v1`), read and kept (not enforced by the model).
public struct NetworkPolicy: Hashable, Sendable, Codable {
    public var meta: ObjectMeta
    public var podSelector: LabelSelector
    public var policyTypes: [String]
    public init(meta: ObjectMeta, podSelector: LabelSelector, policyTypes: [String]) {
        self.meta = meta
        self.podSelector = podSelector
        self.policyTypes = policyTypes
    }
}

/// An object of a kind kubewalk does not use, listed so the user sees it was skipped.
/// Secrets land here with nothing but their kind, namespace and name.
public struct SkippedObject: Hashable, Sendable, Codable {
    public var apiVersion: String
    public var kind: String
    public var namespace: String?
    public var name: String
    public var location: SourceLocation?
    public init(apiVersion: String, kind: String, namespace: String?, name: String, location: SourceLocation?) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.location = location
    }
}
