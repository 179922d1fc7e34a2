// The DemoClusters module; see ARCHITECTURE.md.
