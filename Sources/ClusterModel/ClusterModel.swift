// The ClusterModel module; see ARCHITECTURE.md.
