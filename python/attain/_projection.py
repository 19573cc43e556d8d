"""The year-end projection's result types (built from the bound C++ projection,
``attain._core.YearEndProjection``); :func:`attain.project_year_end` and
:meth:`attain.Snapshot.projection` return them. The model is stated in
``include/attain/stats/projection.hpp``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import _core
from . import _format as fmt
from ._convert import require_pandas
from .errors import InvalidInputError
from .period import format_period

__all__ = ["ProjectedPath", "YearEndProjection", "from_core"]


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

    ratio: float
    """year-to-date done / eligible at the as-of month (NaN when eligible is 0)."""

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
            return fmt.percent(x, 2, "en")

        lo, hi = self.trend.year_end_interval
        text = (
            f"YearEndProjection(month {self.months_elapsed} of 12: now {pct(self.ratio)}; year end at the recent pace "
            f"{pct(self.pace.year_end_ratio)}, by the trend {pct(self.trend.year_end_ratio)} "
            f"[{pct(lo)}, {pct(hi)}]"
        )
        if self.target is not None:
            text += (
                f"; target {pct(self.target)}: needs {fmt.number(self.required_pace, 1, 'en')} a month, "
                f"now {fmt.number(self.current_pace, 1, 'en')}"
            )
            text += ", reachable" if self.reachable else ", not reachable at this pace"
        return text + (f"; {self.note}" if self.note else "") + ")"


def from_core(core: _core.YearEndProjection, as_of: int | None, alpha: float) -> YearEndProjection:
    """The result of a bound C++ projection (``_core.YearEndProjection``); ``as_of`` is the
    ordinal of its last month, when known."""

    def path(method: str, p: _core.ProjectedPath) -> ProjectedPath:
        return ProjectedPath(method, p.available, p.flow_done, p.flow_eligible, p.done, p.eligible, p.ratio, p.low, p.high)

    remaining = core.months_remaining
    if as_of is not None:
        periods = [format_period(as_of + h) for h in range(1, remaining + 1)]
    else:
        periods = [f"+{h}" for h in range(1, remaining + 1)]
    return YearEndProjection(
        as_of=format_period(as_of) if as_of is not None else None,
        months_elapsed=core.months_elapsed,
        months_remaining=remaining,
        target=None if math.isnan(core.target) else core.target,
        done=core.done,
        eligible=core.eligible,
        pace=path("pace", core.pace),
        trend=path("trend", core.trend),
        current_pace=core.current_pace,
        required_pace=core.required_pace,
        reachable=core.reachable,
        alpha=alpha,
        periods=periods,
        ratio=core.ratio,
    )
