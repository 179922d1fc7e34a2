// The KubeProxy module; see ARCHITECTURE.md.
