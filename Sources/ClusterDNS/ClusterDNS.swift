// The ClusterDNS module; see ARCHITECTURE.md.
