/// What kubeadm writes that no API object of the input may carry.
public enum KubeadmDefaults {
    /// kubeadm's Corefile for the `kube-system/coredns` ConfigMap (kubeadm 1.28+, CoreDNS 1.11).
    public static func corefile(clusterDomain domain: String = "cluster.local") -> String {
        """
    .:53 {
        errors
        health {
           lameduck 5s
        }
        ready
        kubernetes \(domain) in-addr.arpa ip6.arpa {
           pods insecure
           fallthrough in-addr.arpa ip6.arpa
           ttl 30
        }
        prometheus :9153
        forward . /etc/resolv.conf {
           max_concurrent 1000
        }
        cache 30 {
           disable success \(domain)
           disable denial \(domain)
        }
        loop
        reload
        loadbalance
    }

    """
    }
}
