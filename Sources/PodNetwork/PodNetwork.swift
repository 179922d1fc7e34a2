// The PodNetwork module; see ARCHITECTURE.md.
