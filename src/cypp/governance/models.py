"""Models: filled in as the capability is built."""
