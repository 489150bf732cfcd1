"""Figures shared by the judged benchmarks (tag_quality.py, mention_quality.py)."""

from __future__ import annotations

import math


def wilson(correct: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """Return the 95 % Wilson score interval of a proportion, in % (Wilson, 1927)."""
    if total == 0:
        return (0.0, 0.0)
    p = correct / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return (100 * (centre - half), 100 * (centre + half))


def pct(part: int, whole: int) -> str:
    """Return ``part / whole`` as a right-aligned percentage, or n/a."""
    return f"{100 * part / whole:5.1f} %" if whole else "  n/a"
