// The Netfilter module; see ARCHITECTURE.md.
