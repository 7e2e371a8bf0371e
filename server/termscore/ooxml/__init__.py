"""ooxml layer."""
