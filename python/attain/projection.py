"""Year-end projection of a unit's year-to-date tallies: by the recent pace and by the linear
trend of its monthly flows, with prediction intervals for the ratio, the pace needed to meet
the target, and whether the current pace reaches it.

The model, its assumptions and its limits are stated in ``include/attain/stats/projection.hpp``
(and in the README's Trends section): month 1 of the fiscal year carries the opening balance,
so the monthly flows are those of months 2 .. k; the pace model needs 2 of them (k >= 3), the
trend 3 (k >= 4). A projection that lacks them is marked ``available=False`` and holds NaN,
with a ``note`` saying why, rather than numbers from too little data.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from . import _core
from ._convert import as_alpha, as_counts
from ._projection import ProjectedPath, YearEndProjection, from_core
from .errors import InvalidInputError, LengthMismatchError
from .period import format_period, period_ordinals

__all__ = ["ProjectedPath", "YearEndProjection", "meet_probability", "project_year_end"]


def project_year_end(
    done: Any,
    eligible: Any,
    periods: Any = None,
    target: float | None = None,
    fiscal_year_start: int = 1,
    window: int = 3,
    alpha: float = 0.05,
) -> YearEndProjection:
    """Project a unit's year-to-date tallies to the end of the fiscal year.

    Parameters
    ----------
    done, eligible : 1-D array_like of whole numbers
        Year-to-date tallies, month by month.
    periods : array_like of months, optional
        The month of each value (consecutive). The projection uses the months of the last
        period's fiscal year, which must start at its first month. Without periods the series is
        months 1 .. k of one fiscal year.
    target : float in [0, 1], optional
        The year's target: gives ``required_pace`` and ``reachable``.
    fiscal_year_start : int, default 1
    window : int, default 3
        The pace model's number of recent monthly flows.
    alpha : float, default 0.05
        One minus the level of the prediction intervals.

    Returns
    -------
    YearEndProjection
        ``pace`` and ``trend`` paths (projected done, eligible, ratio and interval per remaining
        month), ``current_pace``, ``required_pace``, ``reachable``; ``note`` says when the
        series is too short for a model.

    Examples
    --------
    >>> panel = attain.Panel.from_csv(attain.example_data_path(), fiscal_year_start=10)
    >>> t = panel.totals("count")
    >>> i = panel.units.index("Cục THADS tỉnh Bến Tre")
    >>> p = attain.project_year_end(t["done"][i], t["eligible"][i], panel.periods, target=0.815, fiscal_year_start=10)
    >>> round(100 * p.pace.year_end_ratio, 1), p.reachable
    (73.6, False)
    """
    d, e = as_counts(done, "done"), as_counts(eligible, "eligible")
    if d.ndim != 1 or e.ndim != 1:
        raise InvalidInputError("done and eligible must be one-dimensional series (one value per month)")
    if d.shape != e.shape:
        raise LengthMismatchError(f"done has {d.size} values but eligible has {e.size}")
    as_of = None
    if periods is not None:
        months = period_ordinals(periods, "periods").reshape(-1)
        if months.size != d.size:
            raise LengthMismatchError(f"periods has {months.size} values but done has {d.size}")
        if months.size == 0:
            raise InvalidInputError("the series is empty")
        _core.require_consecutive(np.ascontiguousarray(months, dtype=np.int32))
        as_of = int(months[-1])
        year = _core.fiscal_year(as_of, fiscal_year_start)
        first = int(_core.fiscal_year_start(year, fiscal_year_start))
        if months[0] > first:
            raise InvalidInputError(
                f"the series starts at {format_period(int(months[0]))}, after the first month of the fiscal year "
                f"({format_period(first)}); year-to-date figures need every month from it"
            )
        keep = months >= first
        d, e = d[keep], e[keep]
    t = math.nan if target is None else float(target)
    if target is not None and math.isnan(t):
        raise InvalidInputError("target is NaN; pass target=None for a projection without a target")
    core = _core.project_year_end(np.ascontiguousarray(d), np.ascontiguousarray(e), t, int(window), as_alpha(alpha))
    return from_core(core, as_of, float(alpha))


def meet_probability(
    done: Any,
    eligible: Any,
    target: float | None,
    model: str = "trend",
    form: str = "completion",
    window: int = 3,
) -> float:
    """The probability that a unit's year-to-date tallies meet ``target`` at the year end.

    Parameters
    ----------
    done, eligible : 1-D array_like of whole numbers
        Year-to-date tallies of months 1 .. k of one fiscal year (k = their length, 1..12);
        month 1 carries the opening balance, so the monthly flows are those of months 2 .. k.
        For a quota, ``done`` is the actual and ``eligible`` the year's plan.
    target : float or None
        In [0, 1] (a quota: [0, 10]); None gives NaN.
    model : {"trend", "pace"}
        ``"trend"``: the done and eligible flows follow their least-squares lines against the
        month with normal errors; done - target x eligible at the year end then has an exact t
        predictive distribution (n - 2 degrees of freedom, n = k - 1 flows); needs k >= 4; not for
        quotas (NaN). ``"pace"``: the completions of the 12 - k months left are Poisson at a rate
        with a Gamma(X + 1/2, w) (Jeffreys) posterior from the X completions of the last
        w = min(window, k - 1) months, i.e. negative binomial, with counts scaled by the quasi-Poisson
        dispersion phi = max(1, variance / mean of the done flows of months 2 .. k); the year-end eligible total is taken
        as known (its recent monthly flow continued, rounded; a quota's plan as given); needs
        k >= 2 (a quota already met: 1 from any k). Meant for counts: a Poisson count of money
        is not scale-free.
    form : {"completion", "quota"}
    window : int, default 3
        The pace model's number of recent monthly flows.

    Returns
    -------
    float
        In [0, 1]; exactly 1 or 0 at the year end (k = 12); NaN without a target, with too few
        months, or when the year-end eligible total is not positive. See docs/statistics.md for
        the formulas, the assumptions and the calibration.

    Examples
    --------
    >>> round(attain.meet_probability([10, 20, 32, 42], [100, 110, 120, 130], 0.7, model="pace"), 4)
    0.1574
    """
    d, e = as_counts(done, "done"), as_counts(eligible, "eligible")
    if d.ndim != 1 or e.ndim != 1:
        raise InvalidInputError("done and eligible must be one-dimensional series (one value per month)")
    if d.shape != e.shape:
        raise LengthMismatchError(f"done has {d.size} values but eligible has {e.size}")
    t = math.nan if target is None else float(target)
    if target is not None and math.isnan(t):
        raise InvalidInputError("target is NaN; pass target=None for no target")
    return _core.meet_probability(np.ascontiguousarray(d), np.ascontiguousarray(e), t, str(model), str(form), int(window))
