// Shared test checkers.
