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
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _core
from ._convert import as_alpha, as_counts
from .errors import InvalidInputError, LengthMismatchError
from .period import format_period, period_ordinals

__all__ = ["ProjectedPath", "YearEndProjection", "project_year_end"]


@dataclass(frozen=True)
class ProjectedPath:
    """One model's projection, month by month to the end of the fiscal year."""

    method: str
    """``"pace"`` (mean of the recent monthly flows) or ``"trend"`` (their least-squares line)."""
    available: bool
    """False when the year so far is too short for this model (see ``YearEndProjection.note``)."""
    flow_done: float
    """mean projected monthly flow of completions over the remaining months."""
    flow_eligible: float
    """mean projected monthly flow of the eligible total (negative when it shrinks)."""
    done: np.ndarray
    """projected year-to-date done, per remaining month (the last is the year end)."""
    eligible: np.ndarray
    ratio: np.ndarray
    low: np.ndarray
    """lower limit of the ratio's prediction interval, per remaining month."""
    high: np.ndarray

    @property
    def year_end_ratio(self) -> float:
        """The projected ratio at the end of the year (NaN when not available)."""
        return float(self.ratio[-1]) if self.available and len(self.ratio) else math.nan

    @property
    def year_end_interval(self) -> tuple[float, float]:
        return (float(self.low[-1]), float(self.high[-1])) if self.available and len(self.low) else (math.nan, math.nan)


@dataclass(frozen=True)
class YearEndProjection:
    """Where a unit will be at the end of the fiscal year (see :func:`project_year_end`)."""

    as_of: str | None
    """the last month of the series (``YYYY-MM``), when periods were given."""
    months_elapsed: int
    months_remaining: int
    target: float | None
    done: int
    """year-to-date done at the as-of month."""
    eligible: int
    pace: ProjectedPath
    trend: ProjectedPath
    current_pace: float
    """completions per month at the recent pace (the pace model's done flow)."""
    required_pace: float
    """completions per remaining month that meet the target at year end, the eligible total growing at
    the pace model's eligible flow (:func:`attain.pace`'s projected variant); NaN without a target."""
    reachable: bool
    """the current pace is at least the required pace (False without a target)."""
    alpha: float
    periods: list[str]
    """the remaining months (``YYYY-MM``), when periods were given; else ``+1``, ``+2``, ..."""

    @property
    def ratio(self) -> float:
        return self.done / self.eligible if self.eligible else math.nan

    @property
    def note(self) -> str:
        """Why a model is not available, or ``""``."""
        if self.trend.available:
            return ""
        flows = max(self.months_elapsed - 1, 0)
        need = "the pace and the trend need" if not self.pace.available else "the trend needs"
        return (
            f"{self.months_elapsed} month(s) of the fiscal year give {flows} monthly flow(s) after the opening month; "
            f"{need} {'2 and 3' if not self.pace.available else '3'}"
        )

    def for_chart(self, method: str | None = None) -> dict[str, Any] | None:
        """The path as :func:`attain.report.charts.plot_trajectory` draws it: ``method``
        ``"trend"`` or ``"pace"``, by default the trend where available, else the pace; None when
        neither is (or no month remains)."""
        if method not in (None, "trend", "pace"):
            raise InvalidInputError(f"method = {method!r} is not 'trend' or 'pace'")
        path = self.pace if method == "pace" or (method is None and not self.trend.available) else self.trend
        if not path.available or not self.months_remaining:
            return None
        return {"periods": self.periods, "ratio": path.ratio, "low": path.low, "high": path.high, "as_of": self.as_of,
                "method": path.method}

    def to_frame(self) -> Any:
        """One row per remaining month and model: projected done, eligible, ratio and interval."""
        from ._convert import require_pandas

        pd = require_pandas("YearEndProjection.to_frame")
        frames = []
        for path in (self.pace, self.trend):
            frames.append(pd.DataFrame({
                "period": self.periods, "method": path.method, "done": path.done, "eligible": path.eligible,
                "ratio": path.ratio, "low": path.low, "high": path.high,
            }))
        return pd.concat(frames, ignore_index=True)

    def __repr__(self) -> str:
        def pct(x: float) -> str:
            return "n/a" if math.isnan(x) else f"{100 * x:.2f}%"

        lo, hi = self.trend.year_end_interval
        text = (
            f"YearEndProjection(month {self.months_elapsed} of 12: now {pct(self.ratio)}; year end at the recent pace "
            f"{pct(self.pace.year_end_ratio)}, by the trend {pct(self.trend.year_end_ratio)} "
            f"[{pct(lo)}, {pct(hi)}]"
        )
        if self.target is not None:
            text += f"; target {pct(self.target)}: needs {self.required_pace:,.1f} a month, now {self.current_pace:,.1f}"
            text += ", reachable" if self.reachable else ", not reachable at this pace"
        return text + (f"; {self.note}" if self.note else "") + ")"


def _from_raw(raw: dict[str, Any], as_of: int | None, alpha: float) -> YearEndProjection:
    def path(method: str) -> ProjectedPath:
        p = raw[method]
        arrays = {k: np.asarray(p[k]) for k in ("done", "eligible", "ratio", "low", "high")}
        for a in arrays.values():
            a.flags.writeable = False
        return ProjectedPath(method, bool(p["available"]), float(p["flow_done"]), float(p["flow_eligible"]), **arrays)

    remaining = int(raw["months_remaining"])
    periods = [format_period(as_of + h) for h in range(1, remaining + 1)] if as_of is not None else [f"+{h}" for h in range(1, remaining + 1)]
    target = float(raw["target"])
    return YearEndProjection(
        as_of=format_period(as_of) if as_of is not None else None,
        months_elapsed=int(raw["months_elapsed"]),
        months_remaining=remaining,
        target=None if math.isnan(target) else target,
        done=int(raw["done"]),
        eligible=int(raw["eligible"]),
        pace=path("pace"),
        trend=path("trend"),
        current_pace=float(raw["current_pace"]),
        required_pace=float(raw["required_pace"]),
        reachable=bool(raw["reachable"]),
        alpha=alpha,
        periods=periods,
    )


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
    raw = _core.project_year_end(np.ascontiguousarray(d), np.ascontiguousarray(e), t, int(window), as_alpha(alpha))
    return _from_raw(raw, as_of, float(alpha))


def project_unit(panel: Any, unit: str, measure: str, as_of: Any, window: int = 3, alpha: float = 0.05) -> YearEndProjection:
    """The projection of a panel's unit and measure at ``as_of`` (see :meth:`attain.Snapshot.projection`)."""
    from .period import period_ordinal

    month = period_ordinal(as_of, "as_of")
    raw = _core.project_panel(panel._core, measure, unit, month, int(window), as_alpha(alpha))
    return _from_raw(raw, month, float(alpha))
