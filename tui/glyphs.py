"""Small pictures made of characters, for the dashboard and the command line alike (no Textual)."""

from __future__ import annotations

from collections.abc import Sequence

_EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")
_LEVELS = "▁▂▃▄▅▆▇█"


def bar(value: float, largest: float, width: int) -> str:
    """A bar of eighth-blocks proportional to value/largest; any value above zero shows."""
    if largest <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / largest * width * 8))
    full, part = divmod(eighths, 8)
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
