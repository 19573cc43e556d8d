"""Number formatting for people, in one place: it delegates to the C++ narrative engine's
locale formatter (include/attain/report/narrative.hpp), so the CLI summary, the tables and the
narrative write numbers the same way."""

from __future__ import annotations

import math

from . import _core


def number(x: float, places: int, lang: str = "en") -> str:
    """5.1749 -> '5.17' (places=2, en) or '5,17' (vi); NaN -> 'n/a'."""
    return "n/a" if math.isnan(x) else str(_core.format_number(float(x), places, lang))


def whole(n: int | None, lang: str = "en") -> str:
    """16623 -> '16,623' (en) or '16.623' (vi): exact for every int64 (the C++ formatter)."""
    return "n/a" if n is None else str(_core.format_integer(int(n), lang))


def percent(ratio: float | None, places: int = 2, lang: str = "en") -> str:
    """0.6297 -> '62.97%'."""
    if ratio is None or math.isnan(ratio):
        return "n/a"
    return number(100 * ratio, places, lang) + "%"


def points(change: float, places: int = 2, signed: bool = True, lang: str = "en") -> str:
    """0.0517 -> '+5.17 points'."""
    if math.isnan(change):
        return "n/a"
    sign = "+" if signed and change > 0 else ""
    return f"{sign}{number(100 * change, places, lang)} points"


def per_month(value: float, lang: str = "en") -> str:
    if math.isinf(value):
        return "unreachable (no month left)"
    return f"{number(value, 1, lang)} per month"
