"""The named fields a narrative template can use, read from a snapshot.

The report layer formats; it computes no statistics of its own: every value is a figure of
:class:`attain.Snapshot` (ratios, gaps, changes, children summaries, pace), scaled to percent /
percentage points where the name says ``_pct`` / ``_pts``. The fields are built by the C++
core (``include/attain/report/fields.hpp``), so C++ applications get the same paragraph.

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
``m.has_eligible``                 eligible > 0 (otherwise there is no ratio, and neither met nor short)
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
``m.has_projection``               a year-end projection at the recent pace exists, and its ratio x 100
``m.projected_ratio_pct``
``m.has_trend``                    the projection by the trend exists; ``m.trend_ratio_pct``,
``m.trend_low_pct/_high_pct``      ``m.trend_low_pct`` and ``m.trend_high_pct`` (95 % interval)
``m.current_pace``                 completions a month now and needed to meet the target, and
``m.required_pace``                whether the current pace does (``m.reachable``)
``m.reachable``
``m.eligible_growing``             the required pace assumes the eligible total keeps growing (recent flow > 0)
=================================  ===========================================================
"""

from __future__ import annotations

from typing import Any

from .. import _core
from ..errors import InvalidInputError, UnknownKeyError
from ..period import period_ordinal
from ..snapshot import Snapshot


def default_unit(panel: Any) -> str:
    """The unit a report describes when none is named: the root, when there is one. With
    several roots, describing the first alone would silently leave the others out."""
    roots = panel.roots
    if len(roots) > 1:
        shown = ", ".join(repr(r) for r in roots[:5]) + (", ..." if len(roots) > 5 else "")
        raise InvalidInputError(f"the panel has {len(roots)} root units ({shown}); name the unit to report (unit=...)")
    return str(roots[0])


def report_fields(snapshot: Snapshot, unit: str | None = None) -> dict[str, Any]:
    """Every narrative field for ``unit`` (default: the panel's root; with several roots, unit
    must be given) at the snapshot."""
    panel = snapshot._panel
    if unit is None:
        unit = default_unit(panel)
    elif unit not in panel.units:
        raise UnknownKeyError(f"unit '{unit}' is not in the panel")
    fields: dict[str, Any] = _core.report_fields(panel._core, period_ordinal(snapshot.as_of), unit)
    return fields
