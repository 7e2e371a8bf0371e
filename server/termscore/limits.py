"""Size caps applied before any content is parsed. The server and CLI pass their settings."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Caps on one input document.

    ``max_input_bytes`` applies to the bytes as received. ``max_uncompressed_bytes`` and
    ``max_compression_ratio`` are checked against the sizes a zip declares in its central
    directory, before anything is inflated, and again while inflating because a hostile
    zip can declare sizes it does not keep.
    """

    max_input_bytes: int = 25 * 1024 * 1024
    max_uncompressed_bytes: int = 50 * 1024 * 1024
    max_compression_ratio: float = 100.0
    max_parts: int = 10_000


DEFAULT_LIMITS = Limits()
