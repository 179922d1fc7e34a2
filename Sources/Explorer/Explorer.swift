// The Explorer module; see ARCHITECTURE.md.
