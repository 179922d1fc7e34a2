// The PacketPath module; see ARCHITECTURE.md.
