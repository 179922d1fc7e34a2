// The L7Routing module; see ARCHITECTURE.md.
