"""Plain-text number formatting for the command line (English conventions)."""

from __future__ import annotations

import math


def whole(n: int | None) -> str:
    """16623 -> '16,623'."""
    return "n/a" if n is None else f"{n:,}"


def number(x: float, places: int) -> str:
    """5.1749 -> '5.17' (places=2); NaN -> 'n/a'."""
    return "n/a" if math.isnan(x) else f"{x:,.{places}f}"


def percent(ratio: float | None, places: int = 2) -> str:
    """0.6297 -> '62.97%'."""
    if ratio is None or math.isnan(ratio):
        return "n/a"
    return f"{100 * ratio:.{places}f}%"


def points(change: float, places: int = 2, signed: bool = True) -> str:
    """0.0517 -> '+5.17 points'."""
    if math.isnan(change):
        return "n/a"
    return f"{100 * change:{'+' if signed else ''}.{places}f} points"


def per_month(value: float) -> str:
    if math.isinf(value):
        return "unreachable (no month left)"
    return f"{value:,.1f} per month"
