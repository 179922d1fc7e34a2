// The worked example of kube-proxy-iptables.md §8 (node01 of a two-node cluster), verbatim.
public enum ReferenceExample {
    /// §8.1: what kube-proxy hands to `iptables-restore --noflush --counters`.
    public static let restoreInput = #"""
*filter
:KUBE-SERVICES - [0:0]
:KUBE-EXTERNAL-SERVICES - [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
:KUBE-FIREWALL - [0:0]
-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x00004000/0x00004000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT
*nat
:KUBE-SERVICES - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-SVC-LOLE4ISW44XBNF3G - [0:0]
:KUBE-SEP-XQWD6PXGZUTOOIVQ - [0:0]
:KUBE-SEP-Q3DMFNEMESXUC7IT - [0:0]
:KUBE-SEP-CBPCTALQVABL5M2H - [0:0]
:KUBE-EXT-4UDSYVHJNXWHWIRT - [0:0]
:KUBE-SVC-4UDSYVHJNXWHWIRT - [0:0]
:KUBE-SEP-3ZQWOGBQJIFZMDYG - [0:0]
:KUBE-SEP-LCFS3GUNEOJGDOWK - [0:0]
:KUBE-SEP-4R6P2Y3TIZF6CZG5 - [0:0]
-A KUBE-POSTROUTING -m mark ! --mark 0x00004000/0x00004000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x00004000
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000
-A KUBE-SERVICES -m comment --comment "default/web cluster IP" -m tcp -p tcp -d 10.96.45.10 --dport 80 -j KUBE-SVC-LOLE4ISW44XBNF3G
-A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web cluster IP" -m tcp -p tcp -d 10.96.45.10 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ
-A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.1.5:8080" -m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-XQWD6PXGZUTOOIVQ
-A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.2.12:8080" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-Q3DMFNEMESXUC7IT
-A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.2.7:8080" -j KUBE-SEP-CBPCTALQVABL5M2H
-A KUBE-SEP-XQWD6PXGZUTOOIVQ -m comment --comment default/web -s 10.244.1.5 -j KUBE-MARK-MASQ
-A KUBE-SEP-XQWD6PXGZUTOOIVQ -m comment --comment default/web -m tcp -p tcp -j DNAT --to-destination 10.244.1.5:8080
-A KUBE-SEP-Q3DMFNEMESXUC7IT -m comment --comment default/web -s 10.244.2.12 -j KUBE-MARK-MASQ
-A KUBE-SEP-Q3DMFNEMESXUC7IT -m comment --comment default/web -m tcp -p tcp -j DNAT --to-destination 10.244.2.12:8080
-A KUBE-SEP-CBPCTALQVABL5M2H -m comment --comment default/web -s 10.244.2.7 -j KUBE-MARK-MASQ
-A KUBE-SEP-CBPCTALQVABL5M2H -m comment --comment default/web -m tcp -p tcp -j DNAT --to-destination 10.244.2.7:8080
-A KUBE-SERVICES -m comment --comment "default/web-np cluster IP" -m tcp -p tcp -d 10.96.200.30 --dport 80 -j KUBE-SVC-4UDSYVHJNXWHWIRT
-A KUBE-NODEPORTS -m comment --comment default/web-np -m tcp -p tcp -d 127.0.0.0/8 --dport 30080 -m nfacct --nfacct-name localhost_nps_accepted_pkts -j KUBE-EXT-4UDSYVHJNXWHWIRT
-A KUBE-NODEPORTS -m comment --comment default/web-np -m tcp -p tcp --dport 30080 -j KUBE-EXT-4UDSYVHJNXWHWIRT
-A KUBE-SVC-4UDSYVHJNXWHWIRT -m comment --comment "default/web-np cluster IP" -m tcp -p tcp -d 10.96.200.30 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ
-A KUBE-EXT-4UDSYVHJNXWHWIRT -m comment --comment "masquerade traffic for default/web-np external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-4UDSYVHJNXWHWIRT -j KUBE-SVC-4UDSYVHJNXWHWIRT
-A KUBE-SVC-4UDSYVHJNXWHWIRT -m comment --comment "default/web-np -> 10.244.1.5:8080" -m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-3ZQWOGBQJIFZMDYG
-A KUBE-SVC-4UDSYVHJNXWHWIRT -m comment --comment "default/web-np -> 10.244.2.12:8080" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-LCFS3GUNEOJGDOWK
-A KUBE-SVC-4UDSYVHJNXWHWIRT -m comment --comment "default/web-np -> 10.244.2.7:8080" -j KUBE-SEP-4R6P2Y3TIZF6CZG5
-A KUBE-SEP-3ZQWOGBQJIFZMDYG -m comment --comment default/web-np -s 10.244.1.5 -j KUBE-MARK-MASQ
-A KUBE-SEP-3ZQWOGBQJIFZMDYG -m comment --comment default/web-np -m tcp -p tcp -j DNAT --to-destination 10.244.1.5:8080
-A KUBE-SEP-LCFS3GUNEOJGDOWK -m comment --comment default/web-np -s 10.244.2.12 -j KUBE-MARK-MASQ
-A KUBE-SEP-LCFS3GUNEOJGDOWK -m comment --comment default/web-np -m tcp -p tcp -j DNAT --to-destination 10.244.2.12:8080
-A KUBE-SEP-4R6P2Y3TIZF6CZG5 -m comment --comment default/web-np -s 10.244.2.7 -j KUBE-MARK-MASQ
-A KUBE-SEP-4R6P2Y3TIZF6CZG5 -m comment --comment default/web-np -m tcp -p tcp -j DNAT --to-destination 10.244.2.7:8080
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
COMMIT

"""#

    /// §8.2: `iptables-save -t nat` on node01.
    public static let saveNat = #"""
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-EXT-4UDSYVHJNXWHWIRT - [0:0]
:KUBE-KUBELET-CANARY - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-PROXY-CANARY - [0:0]
:KUBE-SEP-3ZQWOGBQJIFZMDYG - [0:0]
:KUBE-SEP-4R6P2Y3TIZF6CZG5 - [0:0]
:KUBE-SEP-CBPCTALQVABL5M2H - [0:0]
:KUBE-SEP-LCFS3GUNEOJGDOWK - [0:0]
:KUBE-SEP-Q3DMFNEMESXUC7IT - [0:0]
:KUBE-SEP-XQWD6PXGZUTOOIVQ - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-SVC-4UDSYVHJNXWHWIRT - [0:0]
:KUBE-SVC-LOLE4ISW44XBNF3G - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-EXT-4UDSYVHJNXWHWIRT -m comment --comment "masquerade traffic for default/web-np external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-4UDSYVHJNXWHWIRT -j KUBE-SVC-4UDSYVHJNXWHWIRT
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-NODEPORTS -d 127.0.0.0/8 -p tcp -m comment --comment "default/web-np" -m tcp --dport 30080 -m nfacct --nfacct-name  localhost_nps_accepted_pkts -j KUBE-EXT-4UDSYVHJNXWHWIRT
-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web-np" -m tcp --dport 30080 -j KUBE-EXT-4UDSYVHJNXWHWIRT
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-SEP-3ZQWOGBQJIFZMDYG -s 10.244.1.5/32 -m comment --comment "default/web-np" -j KUBE-MARK-MASQ
-A KUBE-SEP-3ZQWOGBQJIFZMDYG -p tcp -m comment --comment "default/web-np" -m tcp -j DNAT --to-destination 10.244.1.5:8080
-A KUBE-SEP-4R6P2Y3TIZF6CZG5 -s 10.244.2.7/32 -m comment --comment "default/web-np" -j KUBE-MARK-MASQ
-A KUBE-SEP-4R6P2Y3TIZF6CZG5 -p tcp -m comment --comment "default/web-np" -m tcp -j DNAT --to-destination 10.244.2.7:8080
-A KUBE-SEP-CBPCTALQVABL5M2H -s 10.244.2.7/32 -m comment --comment "default/web" -j KUBE-MARK-MASQ
-A KUBE-SEP-CBPCTALQVABL5M2H -p tcp -m comment --comment "default/web" -m tcp -j DNAT --to-destination 10.244.2.7:8080
-A KUBE-SEP-LCFS3GUNEOJGDOWK -s 10.244.2.12/32 -m comment --comment "default/web-np" -j KUBE-MARK-MASQ
-A KUBE-SEP-LCFS3GUNEOJGDOWK -p tcp -m comment --comment "default/web-np" -m tcp -j DNAT --to-destination 10.244.2.12:8080
-A KUBE-SEP-Q3DMFNEMESXUC7IT -s 10.244.2.12/32 -m comment --comment "default/web" -j KUBE-MARK-MASQ
-A KUBE-SEP-Q3DMFNEMESXUC7IT -p tcp -m comment --comment "default/web" -m tcp -j DNAT --to-destination 10.244.2.12:8080
-A KUBE-SEP-XQWD6PXGZUTOOIVQ -s 10.244.1.5/32 -m comment --comment "default/web" -j KUBE-MARK-MASQ
-A KUBE-SEP-XQWD6PXGZUTOOIVQ -p tcp -m comment --comment "default/web" -m tcp -j DNAT --to-destination 10.244.1.5:8080
-A KUBE-SERVICES -d 10.96.45.10/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j KUBE-SVC-LOLE4ISW44XBNF3G
-A KUBE-SERVICES -d 10.96.200.30/32 -p tcp -m comment --comment "default/web-np cluster IP" -m tcp --dport 80 -j KUBE-SVC-4UDSYVHJNXWHWIRT
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-SVC-4UDSYVHJNXWHWIRT ! -s 10.244.0.0/16 -d 10.96.200.30/32 -p tcp -m comment --comment "default/web-np cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SVC-4UDSYVHJNXWHWIRT -m comment --comment "default/web-np -> 10.244.1.5:8080" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-3ZQWOGBQJIFZMDYG
-A KUBE-SVC-4UDSYVHJNXWHWIRT -m comment --comment "default/web-np -> 10.244.2.12:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-LCFS3GUNEOJGDOWK
-A KUBE-SVC-4UDSYVHJNXWHWIRT -m comment --comment "default/web-np -> 10.244.2.7:8080" -j KUBE-SEP-4R6P2Y3TIZF6CZG5
-A KUBE-SVC-LOLE4ISW44XBNF3G ! -s 10.244.0.0/16 -d 10.96.45.10/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.1.5:8080" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-XQWD6PXGZUTOOIVQ
-A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.2.12:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-Q3DMFNEMESXUC7IT
-A KUBE-SVC-LOLE4ISW44XBNF3G -m comment --comment "default/web -> 10.244.2.7:8080" -j KUBE-SEP-CBPCTALQVABL5M2H
COMMIT

"""#

    /// §8.3: `iptables-save -t filter` and `-t mangle` on node01.
    public static let saveFilterMangle = #"""
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:KUBE-EXTERNAL-SERVICES - [0:0]
:KUBE-FIREWALL - [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-KUBELET-CANARY - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-PROXY-CANARY - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
:KUBE-SERVICES - [0:0]
-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS
-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
-A INPUT -j KUBE-FIREWALL
-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -j KUBE-FIREWALL
-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name  ct_state_invalid_dropped_pkts -j DROP
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-IPTABLES-HINT - [0:0]
:KUBE-KUBELET-CANARY - [0:0]
:KUBE-PROXY-CANARY - [0:0]
COMMIT

"""#
}
