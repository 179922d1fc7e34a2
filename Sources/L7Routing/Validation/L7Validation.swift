import ClusterModel

/// Load-time checks of the HTTP routing objects that belong to this engine (section 8 of
/// the ingress reference), run by `kubewalk validate`:
///
/// - an Exact/Prefix path the API server refuses (`//`, `/./`, `/../`, `%2F`, a final `/.`
///   or `/..`), or that ingress-nginx's `strict-validate-path-type` refuses (characters
///   other than letters, digits, `. _ - /`: a regex belongs in ImplementationSpecific);
/// - a location regex PCRE would refuse (nginx fails its configuration test), or one kubewalk
///   cannot model;
/// - a `rewrite-target` referring to a `$n` group its path does not have;
/// - a Prefix `/x` and `/x/` on one host (nginx's duplicate location);
/// - a rewrite-target the controller ignores (invalid characters).
///
/// A route whose parent Gateway is missing is reported by ClusterModel's validator already.
public enum L7Validation {
    public static func diagnostics(_ cluster: Cluster) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for ing in cluster.ingresses {
            // Not repeated when the loader already refused the backend it had (`spec.backend`).
            let backendRefused = cluster.diagnostics.contains { d in
                (d.code == "pre-v1-backend" || d.code == "missing-field") && d.location?.file == ing.meta.location?.file
                    && (d.location?.line ?? 0) > (ing.meta.location?.line ?? 0)
            }
            if ing.rules.isEmpty && ing.defaultBackend == nil && !backendRefused {
                out.append(Diagnostic(.error, "ingress-empty", at: ing.meta.location,
                                      "Ingress \(ing.namespace)/\(ing.name): spec: Invalid value: either `defaultBackend` or `rules` must be specified",
                                      fix: "add `rules:` with a host and paths, or a `defaultBackend:`"))
            }
            if let field = ing.ingressClassName, let annotation = ing.classAnnotation, field != annotation {
                out.append(Diagnostic(.error, "ingress-class-conflict", at: ing.meta.location,
                                      "Ingress \(ing.namespace)/\(ing.name): annotations.kubernetes.io/ingress.class \(annotation) does not match spec.ingressClassName \(field); the API server refuses it",
                                      fix: "remove the legacy annotation and keep `ingressClassName: \(field)`"))
            }
            for rule in ing.rules {
                for p in rule.paths where p.pathType == "Exact" || p.pathType == "Prefix" {
                    guard let path = p.path, path.hasPrefix("/") else { continue }   // the loader reports non-absolute paths
                    if let why = apiServerPathProblem(path) {
                        out.append(Diagnostic(.error, "invalid-path", at: p.location,
                                              "Ingress \(ing.namespace)/\(ing.name): path \"\(path)\" (pathType \(p.pathType)) \(why); the API server refuses it",
                                              fix: "write the path without dot segments, doubled slashes or an encoded slash"))
                    } else if let bad = path.first(where: { !isStrictPathCharacter($0) }) {
                        out.append(Diagnostic(.error, "path-not-valid-for-path-type", at: p.location,
                                              "Ingress \(ing.namespace)/\(ing.name): path \"\(path)\" contains \"\(bad)\", which ingress-nginx does not accept for pathType \(p.pathType) (strict-validate-path-type: only letters, digits, . _ - /)",
                                              fix: "use `pathType: ImplementationSpecific` with the annotation `nginx.ingress.kubernetes.io/use-regex: \"true\"` for a regular expression"))
                    }
                }
            }
        }
        let table = NginxHostTable.build(cluster, lenient: true)
        for server in table.servers {
            var reported: Set<String> = []
            for l in server.locations {
                let key = "\(l.ingress ?? "")|\(l.writtenPath)"
                guard reported.insert(key).inserted, let ingress = l.ingress else { continue }
                if let err = l.regexError {
                    out.append(Diagnostic(err.isRejectedByNginx ? .error : .warning, err.isRejectedByNginx ? "nginx-regex-rejected" : "regex-not-modelled", at: l.pathLocation,
                                          "Ingress \(ingress): host \(server.host) is in regex mode and the location \(l.writtenPath) becomes \(err.description)"
                                          + (err.isRejectedByNginx ? "; nginx refuses the whole configuration, so the controller keeps its previous one" : ""),
                                          fix: err.isRejectedByNginx ? "fix the regular expression (balance the parentheses, put a quantifier after something repeatable)" : nil))
                }
                if !l.isRoot, let target = l.rewriteTarget, let re = l.rewriteRegex {
                    let highest = IngressAnnotations.highestGroup(in: target)
                    if highest > re.captureCount {
                        out.append(Diagnostic(.warning, "rewrite-missing-group", at: l.pathLocation,
                                              "Ingress \(ingress): rewrite-target \(target) refers to $\(highest) but path \(l.writtenPath) has \(re.captureCount) capture group(s); nginx substitutes an empty string",
                                              fix: re.captureCount == 0 ? "add a capture group to the path, e.g. `/docs(/|$)(.*)` with rewrite-target `/$2`" : "refer only to " + (re.captureCount == 1 ? "$1" : "$1…$\(re.captureCount)") + ", or add the missing group to the path"))
                    }
                }
                if let ignored = l.annotations.rewriteTargetIgnored, reported.insert("ignored|\(ingress)").inserted {
                    out.append(Diagnostic(.warning, "rewrite-target-ignored", at: l.pathLocation,
                                          "Ingress \(ingress): rewrite-target \"\(ignored)\" contains characters other than letters, digits and - . _ ~ / : $; ingress-nginx ignores the annotation",
                                          fix: "remove the query or special characters from the target"))
                }
            }
            for d in server.dropped where d.contains("already defined by") {
                out.append(Diagnostic(.warning, "ingress-duplicate-path", at: nil, "host \(server.host): \(d)",
                                      fix: "move the path into one Ingress, or give it another host or path"))
            }
            for e in server.errors {
                out.append(Diagnostic(.error, "nginx-duplicate-location", at: nil, "host \(server.host): \(e)",
                                      fix: "keep only one of Prefix /x and Prefix /x/ on a host"))
            }
        }
        return out
    }

    /// The API server's check of Exact/Prefix paths (`validateIngressHTTPIngressPath`).
    static func apiServerPathProblem(_ path: String) -> String? {
        for bad in ["//", "/./", "/../", "%2f", "%2F"] where path.contains(bad) { return "contains \"\(bad)\"" }
        if path.hasSuffix("/..") { return "ends with \"/..\"" }
        if path.hasSuffix("/.") { return "ends with \"/.\"" }
        return nil
    }

    static func isStrictPathCharacter(_ c: Character) -> Bool {
        guard let a = c.asciiValue else { return false }
        return (a >= 48 && a <= 57) || (a >= 65 && a <= 90) || (a >= 97 && a <= 122) || a == 46 || a == 95 || a == 45 || a == 47
    }
}
