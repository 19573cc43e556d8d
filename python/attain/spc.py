"""Statistical process control over months: is this month's ratio signal or noise?

* :func:`spc_chart`: p-chart or Laney p'-chart of monthly done / eligible;
* :func:`xmr_chart`: XmR (individuals and moving range) chart of any monthly series, e.g.
  money completion ratios, which are ratios of sums and not binomial proportions;
* :func:`anhoej_limits`: Anhøj's limits for the longest run and the number of crossings.

Both charts take phases (``breaks``: limits are recalculated from each declared process
change, such as a campaign wave), a frozen baseline (``freeze``), excluded points and a rule
set (Anhøj's runs and crossings by default, Western Electric or Nelson), and say which rule
fired at which points. The computation is in C++ (``include/attain/stats/spc.hpp``); the
formulas and references are in ``docs/statistics.md``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from . import _core
from ._convert import as_counts, broadcast, require_pandas
from .errors import InputTypeError, InvalidInputError, LengthMismatchError

__all__ = ["SpcChart", "SpcPhases", "SpcSignal", "anhoej_limits", "spc_chart", "xmr_chart"]


class SpcSignal(NamedTuple):
    """A rule that fired in a phase, and the points (indices) where it fired."""

    rule: str
    """the rule's name: "outside_limits", "anhoej_runs", "anhoej_crossings",
    "two_of_three_beyond_2sigma", "four_of_five_beyond_1sigma", "eight_on_one_side",
    "nine_on_one_side", "six_trending", "fourteen_alternating", "fifteen_within_1sigma",
    "eight_beyond_1sigma"."""
    phase: int
    points: np.ndarray
    """int64 indices of the points, ascending."""


class SpcPhases(NamedTuple):
    """One value per phase (arrays)."""

    first: np.ndarray
    """the phase's first point."""
    last: np.ndarray
    """one past its last point."""
    baseline: np.ndarray
    """points used for its centre and limits."""
    centre: np.ndarray
    spread: np.ndarray
    """Laney's sigma_z (laney), 1 (p) or the mean moving range MRbar (xmr)."""
    mr_upper: np.ndarray
    """xmr: the moving-range chart's upper limit 3.267 MRbar (NaN otherwise)."""
    useful: np.ndarray
    """non-excluded points off the centre line (Anhøj's n)."""
    longest_run: np.ndarray
    longest_run_limit: np.ndarray
    crossings: np.ndarray
    crossings_limit: np.ndarray


@dataclass(frozen=True)
class SpcChart:
    """A control chart with its run-rule signals (see :func:`spc_chart` and :func:`xmr_chart`)."""

    chart: str
    """"p", "laney" or "xmr"."""
    rules: str
    sigmas: float
    value: np.ndarray
    """the plotted values (monthly ratios)."""
    centre: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    sigma: np.ndarray
    """one sigma at each point; the zones of the Western Electric and Nelson rules are
    ``centre +- j * sigma``."""
    moving_range: np.ndarray
    """xmr: ``|x_i - x_{i-1}|`` within a phase (NaN at a phase's first point); empty otherwise."""
    outside: np.ndarray
    """int8: +1 above the upper limit, -1 below the lower limit, 0 within."""
    signal: np.ndarray
    """bool: some rule fired at the point."""
    phase: np.ndarray
    """each point's phase (int64)."""
    excluded: np.ndarray
    """bool: the point was excluded from the centre, the limits and the rules."""
    phases: SpcPhases
    signals: tuple[SpcSignal, ...]

    def rules_at(self, point: int) -> list[str]:
        """The names of the rules that fired at ``point``."""
        return [s.rule for s in self.signals if int(point) in set(s.points.tolist())]

    def to_frame(self) -> Any:
        """One row per point: value, centre, lower, upper, phase, excluded, outside, signal and
        ``rules`` (the names of the rules that fired there, comma-separated)."""
        pd = require_pandas("SpcChart.to_frame")
        names: list[list[str]] = [[] for _ in range(self.value.size)]
        for s in self.signals:
            for i in s.points.tolist():
                names[i].append(s.rule)
        return pd.DataFrame(
            {
                "value": self.value,
                "centre": self.centre,
                "lower": self.lower,
                "upper": self.upper,
                "phase": self.phase,
                "excluded": self.excluded,
                "outside": self.outside,
                "signal": self.signal,
                "rules": [",".join(n) for n in names],
            }
        )


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise InputTypeError(f"{name} = {value!r} must be a string")
    return value


def _sigmas(sigmas: Any) -> float:
    if isinstance(sigmas, (bool, np.bool_)) or not isinstance(sigmas, (int, float, np.integer, np.floating)):
        raise InputTypeError(f"sigmas = {sigmas!r} must be a positive number")
    return float(sigmas)


def _breaks(breaks: Any) -> np.ndarray:
    if breaks is None:
        return np.empty(0, dtype=np.int64)
    return as_counts(np.atleast_1d(np.asarray(breaks)), "breaks").reshape(-1)


def _exclude(exclude: Any, n: int) -> np.ndarray:
    """A mask of n flags from a boolean mask or a list of point indices."""
    if exclude is None:
        return np.zeros(n, dtype=np.uint8)
    arr = np.atleast_1d(np.asarray(exclude))
    if arr.dtype.kind == "b":
        if arr.size != n:
            raise LengthMismatchError(f"exclude has {arr.size} flags but the series has {n} points")
        return np.ascontiguousarray(arr.reshape(-1), dtype=np.uint8)
    idx = as_counts(arr, "exclude").reshape(-1)
    mask = np.zeros(n, dtype=np.uint8)
    for k, i in enumerate(idx.tolist()):
        if not 0 <= i < n:
            raise InvalidInputError(f"exclude[{k}] = {i} is not a point index in [0, {n})")
        mask[i] = 1
    return mask


def _freeze(freeze: Any) -> int:
    if isinstance(freeze, (bool, np.bool_)) or not isinstance(freeze, (int, np.integer)):
        raise InputTypeError(f"freeze = {freeze!r} must be a whole number of points")
    if freeze < 0:
        raise InvalidInputError(f"freeze = {freeze} is negative")
    return int(freeze)


def _centre(centre: Any) -> float:
    if centre is None:
        return math.nan
    c = float(centre)
    if math.isnan(c):
        raise InvalidInputError("centre is NaN; pass None for the estimated centre")
    return c


def _result(out: dict[str, Any], chart: str, rules: str, sigmas: float, mask: np.ndarray) -> SpcChart:
    return SpcChart(
        chart=chart,
        rules=rules,
        sigmas=sigmas,
        value=out["value"],
        centre=out["centre"],
        lower=out["lower"],
        upper=out["upper"],
        sigma=out["sigma"],
        moving_range=out["moving_range"],
        outside=out["outside"],
        signal=out["signal"],
        phase=out["phase"],
        excluded=mask.astype(bool),
        phases=SpcPhases(**out["phases"]),
        signals=tuple(SpcSignal(rule, int(phase), points) for rule, phase, points in out["signals"]),
    )


def spc_chart(
    done: Any,
    eligible: Any,
    chart: str = "laney",
    rules: str = "anhoej",
    sigmas: float = 3.0,
    breaks: Sequence[int] | None = None,
    exclude: Any = None,
    freeze: int = 0,
    centre: float | None = None,
) -> SpcChart:
    """p-chart or Laney p'-chart of monthly done / eligible, with phases and run rules.

    Parameters
    ----------
    done, eligible : array_like of whole numbers, 1-D
        Monthly tallies in time order (monthly flows, not year-to-date totals: see
        :func:`attain.ytd_to_monthly`); every month needs ``eligible > 0``.
    chart : {"laney", "p"}, default "laney"
        "p": Shewhart's p-chart, ``pbar +- sigmas * sqrt(pbar (1 - pbar) / n_i)``. "laney":
        Laney's p'-chart, which widens the p-chart's limits by ``sigma_z``, the month-to-month
        variation actually seen (with large denominators the p-chart flags nearly every month).
    rules : {"anhoej", "western_electric", "nelson", "none"}, default "anhoej"
        The run rules applied with the limits (points outside the limits always signal).
    sigmas : float, default 3
        Width of the control limits in sigmas (any positive value).
    breaks : sequence of int, optional
        Indices where a new phase starts (a campaign wave, a process change): each phase gets
        its own centre, limits and run analysis.
    exclude : boolean mask or sequence of int, optional
        Points left out of the centre, the limits and the rules (known special causes).
    freeze : int, default 0
        If positive, only the first ``freeze`` points of each phase form its baseline; the
        later points are judged against the baseline's limits.
    centre : float, optional
        A fixed centre line in [0, 1] (e.g. a target) for every phase; default the baseline's
        ``sum(done) / sum(eligible)``.

    Returns
    -------
    SpcChart

    Raises
    ------
    InvalidInputError
        Invalid tallies, ``eligible == 0``, a phase with fewer than 1 (p) or 2 (laney) baseline
        points, breaks not strictly increasing inside (0, n), an unknown chart or rule set.

    Examples
    --------
    >>> r = attain.spc_chart([52, 53, 51, 56, 50, 80], [100, 100, 90, 100, 95, 100], chart="p")
    >>> [(s.rule, s.points.tolist()) for s in r.signals]
    [('outside_limits', [5])]
    """
    d, e = as_counts(done, "done"), as_counts(eligible, "eligible")
    d, e = broadcast(["done", "eligible"], [d, e])
    if d.ndim != 1:
        raise InvalidInputError(f"done must be 1-D (months), got shape {d.shape}")
    kind, rule_set, s = _text(chart, "chart"), _text(rules, "rules"), _sigmas(sigmas)
    mask = _exclude(exclude, d.size)
    out = _core.spc_proportion(d, e, kind, rule_set, s, _breaks(breaks), mask, _freeze(freeze), _centre(centre))
    return _result(out, kind, rule_set, s, mask)


def xmr_chart(
    values: Any,
    rules: str = "anhoej",
    sigmas: float = 3.0,
    breaks: Sequence[int] | None = None,
    exclude: Any = None,
    freeze: int = 0,
    centre: float | None = None,
) -> SpcChart:
    """XmR (individuals and moving-range) chart of a monthly series, with phases and run rules.

    Use it for money completion ratios (done amount / eligible amount), which are ratios of
    sums rather than binomial proportions, or for any monthly value.

    Parameters
    ----------
    values : array_like of float, 1-D
        The monthly values in time order; all finite.
    rules, sigmas, breaks, exclude, freeze : as :func:`spc_chart`
    centre : float, optional
        A fixed centre line; default the mean of the baseline.

    Returns
    -------
    SpcChart
        ``moving_range`` holds the moving ranges and ``phases.mr_upper`` the moving-range
        chart's upper limit.

    Raises
    ------
    InvalidInputError
        A non-finite value, a phase with fewer than 2 baseline points, invalid options.

    Notes
    -----
    ``centre = mean(baseline)``, ``MRbar = mean |x_i - x_{i-1}|`` over successive baseline
    points (skipping excluded ones), limits ``centre +- sigmas * MRbar / 1.128``.
    """
    arr = np.asarray(values)
    if arr.dtype.kind not in "iuf":
        raise InputTypeError(f"values has dtype {arr.dtype}; values must be numbers")
    x = np.ascontiguousarray(arr, dtype=np.float64)
    if x.ndim != 1:
        raise InvalidInputError(f"values must be 1-D (months), got shape {x.shape}")
    rule_set, s = _text(rules, "rules"), _sigmas(sigmas)
    mask = _exclude(exclude, x.size)
    out = _core.spc_individuals(x, rule_set, s, _breaks(breaks), mask, _freeze(freeze), _centre(centre))
    return _result(out, "xmr", rule_set, s, mask)


def anhoej_limits(n: Any) -> tuple[Any, Any]:
    """Anhøj's limits for ``n`` useful points (points not on the centre line).

    Returns
    -------
    (longest_run, crossings)
        A run longer than ``longest_run = round(log2(n) + 3)`` or fewer crossings than
        ``crossings`` (the lower 5 % quantile of Binomial(n - 1, 1/2)) signals non-random
        variation (Anhøj and Olesen 2014; Anhøj 2015). Ints for a scalar ``n``, else arrays.

    Examples
    --------
    >>> attain.anhoej_limits(24)
    (8, 8)
    """
    scalar = np.ndim(n) == 0
    arr = as_counts(n, "n").reshape(-1)
    runs, crossings = _core.anhoej_limits(arr)
    if scalar:
        return int(runs[0]), int(crossings[0])
    return runs.reshape(np.shape(n)), crossings.reshape(np.shape(n))
