"""Small pictures made of characters, for the dashboard and the command line alike (no Textual)."""

from __future__ import annotations

from collections.abc import Sequence

_EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")
_LEVELS = "▁▂▃▄▅▆▇█"


def bar(value: float, largest: float, width: int, *, eighths: bool = True) -> str:
    """A bar proportional to value/largest, `width` cells for the largest; any value above zero
    shows. In eighths of a cell, or in whole cells (the command line's, for any font)."""
    if largest <= 0 or value <= 0:
        return ""
    if not eighths:
        return "█" * max(1, round(value / largest * width))
    full, part = divmod(max(1, round(value / largest * width * 8)), 8)
    return "█" * full + _EIGHTHS[part]


def sparkline(values: Sequence[float | None]) -> str:
    """One character a value, its height proportional to the largest; zero is a low dot and
    None (nothing to measure: a period without text) a space, so the two never look alike."""
    largest = max((v for v in values if v is not None), default=0.0)
    out = []
    for v in values:
        if v is None:
            out.append(" ")
        elif v <= 0 or largest <= 0:
            out.append("·")
        else:
            out.append(_LEVELS[min(len(_LEVELS) - 1, max(0, round(v / largest * (len(_LEVELS) - 1))))])
    return "".join(out)
