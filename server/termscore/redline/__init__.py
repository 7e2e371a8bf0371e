"""redline layer."""
