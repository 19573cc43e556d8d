"""The named fields a narrative template can use, computed from a snapshot.

The report layer formats; it computes no statistics of its own: every value here is read
from :class:`attain.Snapshot` (ratios, gaps, changes, children summaries, pace), scaled to
percent / percentage points where the name says ``_pct`` / ``_pts``.

Fields (``m`` is each measure of the panel, e.g. ``count`` and ``amount``):

=================================  ===========================================================
``as_of.period``                   the as-of month, ``YYYY-MM``
``as_of.year/.month/.day``         its year, month and last day (``30/6/2021``)
``months_elapsed/_remaining``      months of the fiscal year elapsed (counting the as-of month) / left
``unit.name``                      the unit the paragraph is about (by default the first root)
``m.accepted``, ``m.eligible``,    whole numbers (accepted is 0 when the data has no accepted column)
``m.done``, ``m.shortfall``
``m.accepted_billions``            accepted / 10^9 (money in billions)
``m.ratio_pct``                    ratio x 100
``m.has_change``                   a previous month exists
``m.change_pts``                   change on the previous month in points (signed)
``m.change_abs_pts``               its absolute value; ``m.up`` / ``m.down`` / ``m.changed`` flags
``m.has_target``, ``m.met``,       the target exists / is met / is not met
``m.short``
``m.target_pct``, ``m.gap_pts``    target x 100, gap in points (positive = short)
``m.pace_per_month``               completions needed per remaining month
``m.children_n/_met/_short``       the unit's children: how many, meeting, short
``m.children_min_gap_pts``         smallest and largest gap among the short children, in points
``m.children_max_gap_pts``
``m.children_gap_range``           the two differ once rounded to whole points ("from 16 to 26")
``m.schedule_expected_pct``        where the schedule says the unit should be, and how far ahead
``m.schedule_ahead_pts``           (when the panel computes schedule pace)
=================================  ===========================================================
"""

from __future__ import annotations

import calendar
import math
from typing import Any

from ..errors import UnknownKeyError
from ..panel import Snapshot


def _whole(x: float) -> int:
    """Half away from zero, as the narrative engine rounds."""
    return int(math.floor(abs(x) + 0.5 + 1e-9)) * (1 if x >= 0 else -1)


def report_fields(snapshot: Snapshot, unit: str | None = None) -> dict[str, Any]:
    """Every narrative field for ``unit`` (default: the first root of the panel) at the snapshot."""
    panel = snapshot._panel
    if unit is None:
        unit = panel.roots[0]
    elif unit not in panel.units:
        raise UnknownKeyError(f"unit '{unit}' is not in the panel")
    year, month = (int(part) for part in snapshot.as_of.split("-"))
    fields: dict[str, Any] = {
        "as_of.period": snapshot.as_of,
        "as_of.year": year,
        "as_of.month": month,
        "as_of.day": calendar.monthrange(year, month)[1],
        "months_elapsed": snapshot.months_elapsed,
        "months_remaining": snapshot.months_remaining,
        "unit.name": unit,
    }
    for m in snapshot.measures:
        s = snapshot.unit(unit, m)
        c = snapshot.children(unit, m)
        change = s.change_prev
        has_change = not math.isnan(change)
        rounded_change = _whole(100 * change * 100) if has_change else 0  # in hundredths of a point
        fields |= {
            f"{m}.accepted": s.accepted if s.accepted is not None else 0,
            f"{m}.accepted_billions": (s.accepted or 0) / 1e9,
            f"{m}.eligible": s.eligible,
            f"{m}.done": s.done,
            f"{m}.ratio_pct": 100 * s.ratio,
            f"{m}.has_change": has_change,
            f"{m}.change_pts": 100 * change if has_change else 0.0,
            f"{m}.change_abs_pts": abs(100 * change) if has_change else 0.0,
            f"{m}.up": has_change and rounded_change > 0,
            f"{m}.down": has_change and rounded_change < 0,
            f"{m}.changed": has_change and rounded_change != 0,
            f"{m}.has_target": s.target is not None,
            f"{m}.met": s.target is not None and s.met,
            f"{m}.short": s.target is not None and not s.met and s.eligible > 0,
            f"{m}.target_pct": 100 * s.target if s.target is not None else 0.0,
            f"{m}.gap_pts": 100 * s.gap if s.target is not None else 0.0,
            f"{m}.shortfall": s.shortfall or 0,
            f"{m}.pace_per_month": s.pace.per_month if s.pace is not None else 0.0,
            f"{m}.children_n": c.n,
            f"{m}.children_met": c.n_met,
            f"{m}.children_short": c.n_short,
            f"{m}.children_min_gap_pts": 100 * c.min_gap if c.n_short else 0.0,
            f"{m}.children_max_gap_pts": 100 * c.max_gap if c.n_short else 0.0,
            f"{m}.children_gap_range": c.n_short > 0 and _whole(100 * c.min_gap) != _whole(100 * c.max_gap),
        }
        expected = getattr(s, "schedule_expected", None)
        if expected is not None and not math.isnan(expected):
            fields[f"{m}.schedule_expected_pct"] = 100 * expected
            fields[f"{m}.schedule_ahead_pts"] = 100 * s.schedule_ahead  # type: ignore[attr-defined]
    return fields
