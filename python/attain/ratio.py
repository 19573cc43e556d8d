"""Completion ratios, gaps to targets and the pace needed to reach them."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from . import _core
from ._convert import as_counts, as_ratios, broadcast

__all__ = ["GapResult", "PaceResult", "completion_ratio", "pace", "target_gap"]


def _scalar_or_array(values: np.ndarray, shape: tuple[int, ...], scalar: bool) -> Any:
    out = values.reshape(shape)
    return out[()] if scalar else out


def completion_ratio(done: Any, eligible: Any) -> Any:
    """Completion ratio ``done / eligible``, element-wise.

    Parameters
    ----------
    done, eligible : array_like of whole numbers
        Completed and eligible counts (or amounts in minor units); they broadcast like numpy.

    Returns
    -------
    float or numpy.ndarray
        ``done / eligible``; NaN where ``eligible == 0`` (nothing to complete, so no ratio).
        Scalars in, scalar out.

    Raises
    ------
    InvalidInputError
        A negative value, ``done > eligible``, NaN, or a fraction, naming the index.
    InputTypeError
        Strings or booleans.

    Examples
    --------
    >>> attain.completion_ratio([6297, 0], [10000, 0])
    array([0.6297,    nan])
    """
    d, e = as_counts(done, "done"), as_counts(eligible, "eligible")
    scalar = d.ndim == 0 and e.ndim == 0
    d, e = broadcast(["done", "eligible"], [d, e])
    return _scalar_or_array(_core.completion_ratio(d.reshape(-1), e.reshape(-1)), d.shape, scalar)


class GapResult(NamedTuple):
    """Gap of tallies to a target (see :func:`target_gap`)."""

    ratio: Any
    """done / eligible (NaN where eligible == 0)."""
    gap: Any
    """target - ratio, as a fraction (x100 for percentage points); positive means short."""
    shortfall: Any
    """the smallest number of extra completions that meets the target (same denominator)."""
    met: Any
    """whether ratio >= target (False where eligible == 0)."""


def target_gap(done: Any, eligible: Any, target: Any) -> GapResult:
    """Ratio, gap, shortfall and met for tallies against a target ratio.

    Parameters
    ----------
    done, eligible : array_like of whole numbers
    target : float or array_like in [0, 1]
        The target ratio, e.g. 0.815 for 81.5 %. All three broadcast like numpy.

    Returns
    -------
    GapResult
        ``(ratio, gap, shortfall, met)``; scalars in, scalars out.

    Notes
    -----
    ``met`` compares the correctly rounded ratio with the target, so a decimal target is met
    exactly at its boundary (815 of 1000 meets 0.815). ``shortfall`` is the smallest whole
    ``k >= 0`` with ``(done + k) / eligible`` meeting the target. Where ``eligible == 0``:
    ratio and gap are NaN, shortfall is 0, met is False.

    Examples
    --------
    >>> attain.target_gap(6297, 10000, 0.815)
    GapResult(ratio=0.6297, gap=0.1853, shortfall=1853, met=False)
    """
    d, e = as_counts(done, "done"), as_counts(eligible, "eligible")
    t = as_ratios(target, "target")
    scalar = d.ndim == 0 and e.ndim == 0 and t.ndim == 0
    d, e, t = broadcast(["done", "eligible", "target"], [d, e, t])
    ratio, gap, shortfall, met = _core.target_gap(d.reshape(-1), e.reshape(-1), t.reshape(-1))
    return GapResult(*(_scalar_or_array(a, d.shape, scalar) for a in (ratio, gap, shortfall, met)))


class PaceResult(NamedTuple):
    """Completions needed to reach a target by year end (see :func:`pace`)."""

    needed: Any
    """completions still needed with the current denominator (the shortfall)."""
    per_month: Any
    """needed / months_remaining (inf when no month remains and something is needed); in a
    snapshot, NaN for a running rate (plan basis ``to_date``: the months left bring their own
    eligible)."""
    eligible_projected: Any
    """the denominator projected to year end: eligible + round(growth * months_remaining)."""
    needed_projected: Any
    """completions needed against the projected denominator."""
    per_month_projected: Any
    """needed_projected / months_remaining."""


def pace(
    done: Any,
    eligible: Any,
    target: Any,
    months_remaining: Any,
    eligible_growth_per_month: Any = 0.0,
) -> PaceResult:
    """The pace needed per remaining month to reach ``target`` by the end of the year.

    Parameters
    ----------
    done, eligible : array_like of whole numbers
        Year-to-date tallies as of now.
    target : float or array_like in [0, 1]
    months_remaining : int or array_like of int in 0..11
        Months left in the fiscal year (see :func:`attain.months_remaining`).
    eligible_growth_per_month : float or array_like, default 0
        Expected monthly growth of the denominator, at least 0 (a negative value raises
        :class:`InvalidInputError`); 0 keeps the denominator as of now. :meth:`Panel.at` uses the
        unit's own average monthly growth this fiscal year, or 0 when it shrank.

    Returns
    -------
    PaceResult
    """
    d, e = as_counts(done, "done"), as_counts(eligible, "eligible")
    t = as_ratios(target, "target")
    m = as_counts(months_remaining, "months_remaining")
    g = np.asarray(eligible_growth_per_month, dtype=np.float64)
    scalar = all(a.ndim == 0 for a in (d, e, t, m, g))
    names = ["done", "eligible", "target", "months_remaining", "eligible_growth_per_month"]
    d, e, t, m, g = broadcast(names, [d, e, t, m, g])
    # The C++ core checks the range (0..11); clipping first keeps a value too large for int32
    # out of range instead of letting it wrap into it.
    months = np.clip(m.reshape(-1), -1, 12).astype(np.int32)
    out = _core.pace(d.reshape(-1), e.reshape(-1), t.reshape(-1), months, g.reshape(-1))
    return PaceResult(*(_scalar_or_array(a, d.shape, scalar) for a in out))


class ScheduleResult(NamedTuple):
    """Schedule pace (see :func:`schedule`)."""

    expected: Any
    """target x share of the year elapsed: where the unit should be by now."""
    ahead: Any
    """ratio - expected: positive ahead of schedule, negative behind (a fraction; x100 = points)."""


def schedule(ratio: Any, target: Any, months_elapsed: Any, profile: Any = None) -> ScheduleResult:
    """Expected progress at this point of the year, and how far ahead of it a unit is.

    Parameters
    ----------
    ratio : float or array_like in [0, 1]
        The completion ratio now (year to date); NaN gives NaN, a value outside [0, 1] raises.
    target : float or array_like in [0, 1]
        The year's target.
    months_elapsed : int or array_like of int in 0..12
        Months of the fiscal year elapsed, counting the as-of month (see :func:`months_elapsed`).
    profile : sequence of 12 non-negative weights, optional
        How the year's work is spread over its months (e.g. peak campaigns); the share due after
        k months is the sum of the first k weights over the total. Default: linear (k / 12).

    Returns
    -------
    ScheduleResult
        ``expected = target * share`` and ``ahead = ratio - expected``.

    Examples
    --------
    >>> attain.schedule(0.4849, 0.73, 6)        # "48,49% ... vượt tiến độ 11,99%"
    ScheduleResult(expected=0.365, ahead=0.1199...)
    """
    r = np.asarray(ratio, dtype=np.float64)
    t = as_ratios(target, "target")
    m = as_counts(months_elapsed, "months_elapsed")
    scalar = r.ndim == 0 and t.ndim == 0 and m.ndim == 0
    r, t, m = broadcast(["ratio", "target", "months_elapsed"], [r, t, m])
    weights = [] if profile is None else [float(w) for w in profile]
    expected, ahead = _core.schedule(r.reshape(-1), t.reshape(-1), m.reshape(-1).astype(np.int32), weights)
    return ScheduleResult(*(_scalar_or_array(a, r.shape, scalar) for a in (expected, ahead)))
