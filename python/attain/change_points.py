"""Change points and campaign effects: did the monthly pace change, and where?

* :func:`pettitt`: Pettitt's (1979) test for one change in a series' level, with the month
  where it most likely happened (a place to rebase a control chart);
* :func:`snht`: Alexandersson's (1986) standard normal homogeneity test, the same question
  with a Monte Carlo p-value (more sensitive to shifts near the ends of the series);
* :func:`segmented_regression`: interrupted time series for a declared campaign start: the
  level change and the slope change, with intervals.

The computation is in C++ (``include/attain/stats/change_point.hpp``); formulas and
references are in ``docs/statistics.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from . import _core
from ._convert import as_alpha, require_pandas
from .errors import InputTypeError, InvalidInputError

__all__ = [
    "PettittResult",
    "RegressionCoefficient",
    "SegmentedRegression",
    "SnhtResult",
    "pettitt",
    "segmented_regression",
    "snht",
]


def _floats(values: Any, name: str) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype.kind not in "iuf":
        raise InputTypeError(f"{name} has dtype {arr.dtype}; {name} must hold numbers")
    return np.ascontiguousarray(arr, dtype=np.float64)


class PettittResult(NamedTuple):
    """Pettitt's change-point test (see :func:`pettitt`)."""

    statistic: Any
    """K = max |U_t|."""
    u: Any
    """U_t at the change: positive when the earlier values are larger (a fall), negative for a rise."""
    location: Any
    """the change comes after this many points: the index of the first point of the new level."""
    p_value: Any
    """Pettitt's approximation 2 exp(-6 K^2 / (T^3 + T^2)), capped at 1."""
    mean_before: Any
    mean_after: Any

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per series."""
        pd = require_pandas("PettittResult.to_frame")
        return pd.DataFrame({k: np.atleast_1d(v) for k, v in self._asdict().items()})


def pettitt(x: Any) -> PettittResult:
    """Pettitt's (1979) non-parametric test for a single change in the level of a series.

    Parameters
    ----------
    x : array_like of float, 1-D (one series) or 2-D (one series per row)
        Monthly values in time order (e.g. monthly done, or monthly ratios); all finite.

    Returns
    -------
    PettittResult
        Floats (and an int location) for a 1-D series, arrays for 2-D input.

    Raises
    ------
    InvalidInputError
        Fewer than 2 values, a non-finite value (2-D: the message starts with "row r: ").

    Notes
    -----
    With midranks r_i, ``U_t = 2 sum_{i <= t} r_i - t (T + 1)`` for t = 1 .. T - 1 (equal to
    ``sum_{i <= t} sum_{j > t} sgn(x_i - x_j)``), ``K = max |U_t|`` at ``t*`` (the first
    maximum), and ``p ~= 2 exp(-6 K^2 / (T^3 + T^2))``. The approximation is good for
    ``p < 0.5``; it ignores ties. Computed in O(T log T).

    Examples
    --------
    >>> r = attain.pettitt([10, 12, 11, 13, 12, 14, 20, 21, 23, 22, 25, 24])
    >>> r.location, r.statistic, round(r.p_value, 4)
    (6, 36.0, 0.0314)
    """
    arr = _floats(x, "x")
    if arr.ndim not in (1, 2):
        raise InvalidInputError(f"x must be 1-D (one series) or 2-D (one series per row), got shape {arr.shape}")
    cols = arr.shape[-1]
    if cols < 2:
        raise InvalidInputError(f"Pettitt's test needs at least 2 values, got {cols}")
    if arr.size == 0:
        raise InvalidInputError("x has no series")
    stat, u, loc, p, before, after = _core.pettitt(arr.reshape(-1), cols)
    if arr.ndim == 1:
        return PettittResult(float(stat[0]), float(u[0]), int(loc[0]), float(p[0]), float(before[0]), float(after[0]))
    return PettittResult(stat, u, loc, p, before, after)


class SnhtResult(NamedTuple):
    """Alexandersson's standard normal homogeneity test (see :func:`snht`)."""

    statistic: Any
    """T0 = max_k T_k."""
    location: Any
    """the shift comes after this many points: the index of the first point of the new level."""
    p_value: Any
    """Monte Carlo p-value (1 + #{T_sim >= T0}) / (1 + simulations)."""
    mean_before: Any
    mean_after: Any

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per series."""
        pd = require_pandas("SnhtResult.to_frame")
        return pd.DataFrame({k: np.atleast_1d(v) for k, v in self._asdict().items()})


def snht(x: Any, simulations: int = 10_000, seed: int = 14) -> SnhtResult:
    """Alexandersson's (1986) standard normal homogeneity test for one shift in the mean.

    Parameters
    ----------
    x : array_like of float, 1-D (one series) or 2-D (one series per row)
        Values in time order; all finite.
    simulations : int, default 10000
        Standard normal series simulated for the p-value (one null distribution serves every
        row, since it depends only on the length).
    seed : int, default 14
        Seed of the simulation (results are reproducible for a given seed).

    Returns
    -------
    SnhtResult
        Floats (an int location) for a 1-D series, arrays for 2-D input.

    Raises
    ------
    InvalidInputError
        Fewer than 3 values, a non-finite value, ``simulations < 1``.

    Notes
    -----
    With ``z_i = (x_i - mean) / sd`` (sd with n - 1), ``T_k = k zbar_1^2 + (n - k) zbar_2^2``
    for k = 1 .. n - 1, where zbar_1 and zbar_2 are the means of z before and after point k;
    ``T0 = max T_k`` at the first maximum. SNHT is most sensitive to shifts near the ends of the
    series; Pettitt's test to shifts in the middle. The cost is O(simulations x n).

    Examples
    --------
    >>> r = attain.snht([10, 12, 11, 13, 12, 14, 20, 21, 23, 22, 25, 24])
    >>> r.location, round(r.statistic, 3), r.p_value < 0.001
    (6, 10.156, True)
    """
    arr = _floats(x, "x")
    if arr.ndim not in (1, 2):
        raise InvalidInputError(f"x must be 1-D (one series) or 2-D (one series per row), got shape {arr.shape}")
    if isinstance(simulations, (bool, np.bool_)) or not isinstance(simulations, (int, np.integer)):
        raise InputTypeError(f"simulations = {simulations!r} must be a whole number")
    if simulations < 1:
        raise InvalidInputError(f"simulations = {simulations}; give at least 1")
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputTypeError(f"seed = {seed!r} must be a non-negative whole number")
    cols = arr.shape[-1]
    if cols < 3:
        raise InvalidInputError(f"the SNHT needs at least 3 values, got {cols}")
    if arr.size == 0:
        raise InvalidInputError("x has no series")
    stat, loc, p, before, after = _core.snht(arr.reshape(-1), cols, int(simulations), int(seed))
    if arr.ndim == 1:
        return SnhtResult(float(stat[0]), int(loc[0]), float(p[0]), float(before[0]), float(after[0]))
    return SnhtResult(stat, loc, p, before, after)


class RegressionCoefficient(NamedTuple):
    """One coefficient with its standard error, t test and interval."""

    estimate: float
    std_error: float
    t: float
    """estimate / std_error (NaN for an exact fit)."""
    p_value: float
    """two-sided, Student's t on df degrees of freedom (NaN for an exact fit)."""
    low: float
    high: float


@dataclass(frozen=True)
class SegmentedRegression:
    """Interrupted time series fit (see :func:`segmented_regression`)."""

    level_before: RegressionCoefficient
    """the pre-campaign line's value at the campaign start."""
    slope_before: RegressionCoefficient
    """the pre-campaign slope per unit of time (per month)."""
    level_change: RegressionCoefficient
    """the jump at the campaign start."""
    slope_change: RegressionCoefficient
    """the change of slope from the start on."""
    slope_after: RegressionCoefficient
    """slope_before + slope_change."""
    chow_f: float
    """the Chow test of "nothing changed at the start" (level_change = slope_change = 0): F on
    (2, df) degrees of freedom (NaN for an exact fit)."""
    chow_p_value: float
    sigma: float
    r_squared: float
    df: int
    alpha: float
    fitted: np.ndarray

    def to_frame(self) -> Any:
        """One row per coefficient: estimate, std_error, t, p_value, low, high."""
        pd = require_pandas("SegmentedRegression.to_frame")
        names = ["level_before", "slope_before", "level_change", "slope_change", "slope_after"]
        return pd.DataFrame([getattr(self, n)._asdict() for n in names], index=names)


def segmented_regression(y: Any, start: int, time: Any = None, alpha: float = 0.05) -> SegmentedRegression:
    """Did the monthly pace change when the campaign began? Segmented regression (interrupted
    time series) for a declared start.

    Parameters
    ----------
    y : array_like of float, 1-D
        Monthly values in time order (monthly done, a monthly ratio).
    start : int
        Index of the first month of the campaign.
    time : array_like of float, optional
        Strictly increasing times (e.g. period ordinals, with gaps where months are missing);
        default 0, 1, ..., n - 1. Slopes are per unit of time.
    alpha : float, default 0.05
        1 - coverage of the intervals.

    Returns
    -------
    SegmentedRegression

    Raises
    ------
    InvalidInputError
        Non-finite values, fewer than 2 months before or from the start, fewer than 5 months,
        times not strictly increasing, alpha outside (0, 1).

    Notes
    -----
    The model is ``y = b0 + b1 (t - t_s) + b2 D + b3 (t - t_s) D + e`` with ``t_s`` the start's
    time and ``D = 1`` from the start on (Wagner et al. 2002), fitted by OLS; intervals and
    p-values use Student's t on ``n - 4`` degrees of freedom. ``chow_f`` tests both changes at
    once (Chow 1960, with the break at the start). The errors are assumed
    independent: monthly series are often autocorrelated, which makes these intervals too
    narrow.

    Examples
    --------
    >>> r = attain.segmented_regression([10, 12, 11, 13, 12, 14, 20, 21, 23, 22, 25, 24], start=6)
    >>> round(r.level_change.estimate, 3), round(r.slope_change.p_value, 3)
    (6.086, 0.435)
    """
    yy = _floats(y, "y")
    if yy.ndim != 1:
        raise InvalidInputError(f"y must be 1-D (months), got shape {yy.shape}")
    if isinstance(start, (bool, np.bool_)) or not isinstance(start, (int, np.integer)):
        raise InputTypeError(f"start = {start!r} must be an integer index")
    if start < 0:
        raise InvalidInputError(f"start = {start} is negative")
    t = np.empty(0) if time is None else _floats(time, "time").reshape(-1)
    a = as_alpha(alpha)
    out = _core.segmented_regression(yy, int(start), t, a)

    def coef(name: str) -> RegressionCoefficient:
        return RegressionCoefficient(**{k: float(v) for k, v in out[name].items()})

    return SegmentedRegression(
        level_before=coef("level_before"),
        slope_before=coef("slope_before"),
        level_change=coef("level_change"),
        slope_change=coef("slope_change"),
        slope_after=coef("slope_after"),
        chow_f=float(out["chow_f"]),
        chow_p_value=float(out["chow_p_value"]),
        sigma=float(out["sigma"]),
        r_squared=float(out["r_squared"]),
        df=int(out["df"]),
        alpha=a,
        fitted=out["fitted"],
    )
