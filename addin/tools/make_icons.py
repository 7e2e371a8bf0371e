"""Draw the add-in icons (16, 32, 64 and 80 px PNG) with the standard library only.

Office asks for 16, 32 and 80 px ribbon images and 32 and 64 px catalogue icons. The
drawing is a gauge (the TermScore) on a rounded blue square. Shapes are sampled 4x4
per pixel so the edges are anti-aliased. Run from the repository root:

    python addin/tools/make_icons.py
"""

import math
import struct
import zlib
from pathlib import Path

SIZES = (16, 32, 64, 80)
SUPERSAMPLE = 4

BRAND = (15, 108, 189)  # Fluent "communication blue" #0F6CBD
WHITE = (255, 255, 255)
ACCENT = (255, 185, 0)  # needle tip, Fluent yellow #FFB900


def _inside_rounded_square(x: float, y: float, radius: float) -> bool:
    cx = min(max(x, radius), 1 - radius)
    cy = min(max(y, radius), 1 - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius**2


def _shade(x: float, y: float) -> tuple[int, int, int, int]:
    """Return the RGBA colour of the drawing at unit coordinates (x, y), y pointing down."""
    if not _inside_rounded_square(x, y, 0.2):
        return (0, 0, 0, 0)

    # Gauge: an upper half ring centred low in the square, with a needle at about 70 %.
    cx, cy = 0.5, 0.64
    dx, dy = x - cx, y - cy
    distance = math.hypot(dx, dy)
    if 0.24 <= distance <= 0.36 and dy <= 0.02:
        return (*WHITE, 255)

    angle = math.radians(180 - 0.7 * 180)
    ux, uy = math.cos(angle), -math.sin(angle)
    along = dx * ux + dy * uy
    across = abs(dx * uy - dy * ux)
    if -0.02 <= along <= 0.3 and across <= 0.045:
        return (*(ACCENT if along > 0.2 else WHITE), 255)
    if distance <= 0.075:
        return (*WHITE, 255)

    return (*BRAND, 255)


def render(size: int) -> bytes:
    """Return the RGBA pixel rows of one icon, each row prefixed with PNG filter 0."""
    rows = bytearray()
    samples = SUPERSAMPLE * SUPERSAMPLE
    for py in range(size):
        rows.append(0)
        for px in range(size):
            total = [0, 0, 0, 0]
            for sy in range(SUPERSAMPLE):
                for sx in range(SUPERSAMPLE):
                    x = (px + (sx + 0.5) / SUPERSAMPLE) / size
                    y = (py + (sy + 0.5) / SUPERSAMPLE) / size
                    r, g, b, a = _shade(x, y)
                    # Premultiply so transparent samples do not darken the edge.
                    total[0] += r * a
                    total[1] += g * a
                    total[2] += b * a
                    total[3] += a
            alpha = total[3]
            if alpha == 0:
                rows += b"\x00\x00\x00\x00"
                continue
            rows += bytes(round(channel / alpha) for channel in total[:3])
            rows.append(round(alpha / samples))
    return bytes(rows)


def png_bytes(size: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(render(size), 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    folder = Path(__file__).resolve().parent.parent / "icons"
    folder.mkdir(exist_ok=True)
    for size in SIZES:
        (folder / f"icon-{size}.png").write_bytes(png_bytes(size))
        print(f"wrote {folder / f'icon-{size}.png'}")


if __name__ == "__main__":
    main()
