/// The part of `metadata` that networking needs (Kubernetes `ObjectMeta`).
///
/// `location` is where the object was written; it is nil for objects the reconciler
/// created (pods of a Deployment, EndpointSlices), whose `createdBy` names the reason.
public struct ObjectMeta: Hashable, Sendable, Codable {
    public var name: String
    public var namespace: String?
    public var labels: [String: String]
    public var annotations: [String: String]
    public var uid: String?
    public var creationTimestamp: String?
    public var deletionTimestamp: String?
    public var ownerReferences: [OwnerReference]
    public var location: SourceLocation?
    /// For reconciled objects: what made them ("Deployment default/wear").
    public var createdBy: String?
    /// Fields the reconciler filled in (`spec.clusterIP`, `status.podIP`, …), for display.
    public var filledIn: [String]
    /// Where some fields were written (`spec.clusterIP`, `spec.ports[0].nodePort`,
    /// `status.podIP`, …), so cross-object diagnostics point at the value, not the object.
    /// Not encoded: it describes the input file, not the object.
    public var fieldLocations: [String: SourceLocation] = [:]

    enum CodingKeys: String, CodingKey {
        case name, namespace, labels, annotations, uid, creationTimestamp, deletionTimestamp, ownerReferences, location, createdBy, filledIn
    }

    /// Where `field` was written, else where the object starts.
    public func location(of field: String) -> SourceLocation? { fieldLocations[field] ?? location }

    public init(name: String, namespace: String? = nil, labels: [String: String] = [:], annotations: [String: String] = [:],
                uid: String? = nil, creationTimestamp: String? = nil, deletionTimestamp: String? = nil,
                ownerReferences: [OwnerReference] = [], location: SourceLocation? = nil, createdBy: String? = nil,
                filledIn: [String] = []) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
        self.uid = uid
        self.creationTimestamp = creationTimestamp
        self.deletionTimestamp = deletionTimestamp
        self.ownerReferences = ownerReferences
        self.location = location
        self.createdBy = createdBy
        self.filledIn = filledIn
    }

    /// `namespace/name`, or `name` for cluster-scoped objects.
    public var qualifiedName: String {
        if let namespace { return "\(namespace)/\(name)" }
        return name
    }
}

/// `metadata.ownerReferences[]`: which controller owns an object.
public struct OwnerReference: Hashable, Sendable, Codable {
    public var kind: String
    public var name: String
    public var controller: Bool

    public init(kind: String, name: String, controller: Bool = true) {
        self.kind = kind
        self.name = name
        self.controller = controller
    }
}

/// Identifies one object: kind, namespace (nil when cluster-scoped) and name.
public struct ObjectKey: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var kind: String
    public var namespace: String?
    public var name: String

    public init(kind: String, namespace: String?, name: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    public var description: String {
        if let namespace { return "\(kind) \(namespace)/\(name)" }
        return "\(kind) \(name)"
    }

    public static func < (a: ObjectKey, b: ObjectKey) -> Bool {
        (a.kind, a.namespace ?? "", a.name) < (b.kind, b.namespace ?? "", b.name)
    }
}

/// A label selector (`matchLabels` and `matchExpressions`), or the map form Services use.
///
/// Semantics are those of `k8s.io/apimachinery/pkg/labels`: every requirement must hold;
/// an empty selector matches everything.
public struct LabelSelector: Hashable, Sendable, Codable {
    public struct Requirement: Hashable, Sendable, Codable {
        public enum Operator: String, Hashable, Sendable, Codable { case `In`, NotIn, Exists, DoesNotExist }
        public var key: String
        public var op: Operator
        public var values: [String]

        public init(key: String, op: Operator, values: [String]) {
            self.key = key
            self.op = op
            self.values = values
        }
    }

    public var matchLabels: [String: String]
    public var matchExpressions: [Requirement]

    public init(matchLabels: [String: String] = [:], matchExpressions: [Requirement] = []) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    public var isEmpty: Bool { matchLabels.isEmpty && matchExpressions.isEmpty }

    public func matches(_ labels: [String: String]) -> Bool {
        for (k, v) in matchLabels where labels[k] != v { return false }
        for r in matchExpressions {
            switch r.op {
            case .In: guard let v = labels[r.key], r.values.contains(v) else { return false }
            case .NotIn: if let v = labels[r.key], r.values.contains(v) { return false }
            case .Exists: if labels[r.key] == nil { return false }
            case .DoesNotExist: if labels[r.key] != nil { return false }
            }
        }
        return true
    }

    /// `app=web,tier=front` as kubectl prints selectors.
    public var description: String {
        var parts = matchLabels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        for r in matchExpressions {
            switch r.op {
            case .In: parts.append("\(r.key) in (\(r.values.joined(separator: ",")))")
            case .NotIn: parts.append("\(r.key) notin (\(r.values.joined(separator: ",")))")
            case .Exists: parts.append(r.key)
            case .DoesNotExist: parts.append("!\(r.key)")
            }
        }
        return parts.joined(separator: ",")
    }
}
