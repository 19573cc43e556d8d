"""Trends of a series: is a unit's ratio rising, and how fast?

* :func:`linear_trend`: least squares (``scipy.stats.linregress``);
* :func:`theil_sen`: the Theil-Sen slope with Sen's interval (``scipy.stats.theilslopes``),
  exact in expected O(n log n) time and O(n) memory;
* :func:`siegel_slopes`: Siegel's repeated medians (``scipy.stats.siegelslopes``);
* :func:`mann_kendall`: the Mann-Kendall test, five variants (pymannkendall's
  ``original_test``, ``hamed_rao_modification_test``, ``yue_wang_modification_test``,
  ``pre_whitening_modification_test``, ``trend_free_pre_whitening_modification_test``) and a
  moving-block bootstrap (``method="block_bootstrap"``), on real time points (``times=``, months
  may be missing), with one-sided alternatives (``alternative=``) and a selectable intercept
  convention (``intercept=``);
* :func:`seasonal_mann_kendall`: Hirsch and Slack's seasonal test (``pymannkendall.seasonal_test``);
* :func:`kendall_tau`: Kendall's tau-b and its p-value (``scipy.stats.kendalltau``).

Every function takes one series (1-D) or many (2-D: one series per row, time along the last
axis); x may be one row shared by every series or an array of the same shape. 1-D input gives
floats, 2-D input gives one array per field. ``threads=`` spreads the rows over that many
threads (default 1: attain never starts threads unasked); for a single long series,
theil_sen, mann_kendall and siegel_slopes use the threads inside it (same results). The GIL
is released meanwhile.

Missing values: the regressions and kendall_tau refuse NaN and infinities (an
``InvalidInputError`` naming the element and, for 2-D input, the row); the Mann-Kendall family
treats NaN as missing exactly as pymannkendall does (see :func:`mann_kendall`).

Agreement with the references (tests/python/test_trend.py): slopes, intercepts and statistics
to 1e-12 relative (1e-12 absolute near 0), p-values to 1e-10 absolute.
"""

from __future__ import annotations

import numbers
import re
from typing import Any, NamedTuple

import numpy as np

from . import _core
from ._convert import as_alpha, require_pandas
from .errors import InputTypeError, InvalidInputError, LengthMismatchError
from .period import format_period, period_ordinals

__all__ = [
    "KendallTauResult",
    "LinearTrendResult",
    "MannKendallResult",
    "SiegelResult",
    "TheilSenResult",
    "kendall_tau",
    "linear_trend",
    "mann_kendall",
    "seasonal_mann_kendall",
    "siegel_slopes",
    "theil_sen",
]

_TREND_NAMES = np.array(["decreasing", "no trend", "increasing"], dtype=object)


def _frame(result: Any, feature: str) -> Any:
    pd = require_pandas(feature)
    return pd.DataFrame({k: np.atleast_1d(np.asarray(v)) for k, v in result._asdict().items()})


class LinearTrendResult(NamedTuple):
    """Least-squares line (see :func:`linear_trend`); fields as ``scipy.stats.linregress``."""

    slope: Any
    intercept: Any
    rvalue: Any
    """Pearson correlation (NaN when y is constant, as SciPy)."""
    pvalue: Any
    """two-sided p-value of H0: slope = 0 (t distribution, n - 2 degrees of freedom)."""
    stderr: Any
    """standard error of the slope."""
    intercept_stderr: Any

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per series."""
        return _frame(self, "LinearTrendResult.to_frame")


class TheilSenResult(NamedTuple):
    """Theil-Sen line (see :func:`theil_sen`); fields as ``scipy.stats.theilslopes``."""

    slope: Any
    intercept: Any
    low_slope: Any
    high_slope: Any

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per series."""
        return _frame(self, "TheilSenResult.to_frame")


class SiegelResult(NamedTuple):
    """Repeated-medians line (see :func:`siegel_slopes`)."""

    slope: Any
    intercept: Any

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per series."""
        return _frame(self, "SiegelResult.to_frame")


class MannKendallResult(NamedTuple):
    """A Mann-Kendall test (see :func:`mann_kendall`); fields as pymannkendall's results."""

    trend: Any
    """"increasing", "decreasing" or "no trend" (an object array for 2-D input)."""
    h: Any
    """True when the trend is significant at alpha."""
    p: Any
    """two-sided p-value."""
    z: Any
    """normal score of S (continuity-corrected)."""
    Tau: Any
    """S / (n (n - 1) / 2)."""
    s: Any
    """Mann-Kendall's S."""
    var_s: Any
    """variance of S (tie-corrected; modified by the method)."""
    slope: Any
    """Sen's slope per time step (per period for the seasonal test)."""
    intercept: Any

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per series."""
        return _frame(self, "MannKendallResult.to_frame")


class KendallTauResult(NamedTuple):
    """Kendall's tau-b with its two-sided p-value (see :func:`kendall_tau`)."""

    tau: Any
    pvalue: Any

    @property
    def statistic(self) -> Any:
        """tau, under SciPy's name."""
        return self.tau

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per series."""
        return _frame(self, "KendallTauResult.to_frame")


# --------------------------------------------------------------------------------------------
# Input checks


def _series(values: Any, name: str) -> np.ndarray:
    if hasattr(values, "to_numpy") and not isinstance(values, np.ndarray):
        values = values.to_numpy(dtype=float, na_value=np.nan) if hasattr(values, "isna") else values.to_numpy()
    arr = np.asarray(values)
    if arr.dtype.kind == "b":
        raise InputTypeError(f"{name} holds booleans; a series must hold numbers")
    if arr.dtype.kind == "O":
        arr = np.array([np.nan if v is None or type(v).__name__ == "NAType" else v for v in arr.reshape(-1)],
                       dtype=object).reshape(arr.shape)
    if arr.dtype.kind not in "iufO":
        raise InputTypeError(f"{name} has dtype {arr.dtype}; a series must hold numbers")
    try:
        out = np.ascontiguousarray(arr, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputTypeError(f"{name} must hold numbers: {exc}") from None
    if out.ndim not in (1, 2):
        raise InvalidInputError(f"{name} must be 1-D (one series) or 2-D (one series per row), got shape {out.shape}")
    if out.shape[-1] == 0:
        raise InvalidInputError(f"{name} is empty (shape {out.shape}): a series needs values")
    return out


def _x_for(x: Any, y: np.ndarray, name: str = "x") -> np.ndarray:
    if x is None:
        return np.empty(0, dtype=np.float64)
    xa = _series(x, name)
    if xa.shape == y.shape or (xa.ndim == 1 and xa.shape[0] == y.shape[-1]):
        return xa
    raise LengthMismatchError(
        f"{name} has shape {xa.shape} but the series has shape {y.shape}: give one row of {y.shape[-1]} values "
        "or one row per series"
    )


def _count(value: Any, name: str, minimum: int) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise InputTypeError(f"{name} = {value!r} must be a whole number")
    if int(value) < minimum:
        raise InvalidInputError(f"{name} = {int(value)} must be at least {minimum}")
    return int(value)


def _method(value: Any, name: str = "method") -> str:
    if not isinstance(value, str):
        raise InputTypeError(f"{name} = {value!r} must be a string")
    return value


def _times_for(times: Any, x: np.ndarray) -> tuple[np.ndarray | None, bool]:
    """The times of a series as float64, and whether they are months: numbers as given;
    anything else (attain periods, ``"2024-03"`` strings, ``pandas.Period``, dates) as month
    ordinals (attain.period)."""
    if times is None:
        return None, False
    raw = times.to_numpy() if hasattr(times, "to_numpy") and not isinstance(times, np.ndarray) else times
    arr = np.asarray(raw)
    if arr.dtype.kind in "iuf" or (arr.dtype.kind == "O" and all(isinstance(v, numbers.Real) for v in arr.flat)):
        return _x_for(arr, x, "times"), False
    if arr.dtype.kind == "b":
        raise InputTypeError("times holds booleans; give numbers (e.g. month indices) or periods")
    return _x_for(period_ordinals(arr, "times").astype(np.float64), x, "times"), True


_TIME_ORDER = re.compile(r"times\[(\d+)\] = (-?\d+) (repeats|comes before) times\[(\d+)\] = (-?\d+)")


def _months_in_message(exc: InvalidInputError) -> InvalidInputError:
    """The core's message about out-of-order times, with month ordinals shown as months."""
    text = _TIME_ORDER.sub(
        lambda m: f"times[{m[1]}] = {format_period(int(m[2]))} {m[3]} times[{m[4]}] = {format_period(int(m[5]))}",
        str(exc),
    )
    return type(exc)(text)


def _seed(value: Any) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or not 0 <= int(value) < 2**64:
        raise InputTypeError(f"seed = {value!r} must be a whole number in [0, 2**64)")
    return int(value)


def _out(values: tuple[np.ndarray, ...], y: np.ndarray) -> list[Any]:
    if y.ndim == 1:
        return [v[0].item() for v in values]
    return list(values)


def _run(fn: Any, y: np.ndarray, *args: Any, threads: Any = 1, **options: Any) -> list[Any]:
    t = _count(threads, "threads", 1)
    cols = y.shape[-1]
    return _out(fn(y.reshape(-1), cols, *args, y.ndim == 2, t, **options), y)


# --------------------------------------------------------------------------------------------
# Regressions


def linear_trend(y: Any, x: Any = None, *, threads: int = 1) -> LinearTrendResult:
    """Least-squares straight line through a series, as ``scipy.stats.linregress(x, y)``.

    Parameters
    ----------
    y : array_like, 1-D (one series) or 2-D (one series per row)
        The values; finite.
    x : array_like, optional
        Positions in time: one row shared by every series or one per series; default
        0, 1, ..., n - 1.
    threads : int, default 1
        Rows computed in parallel on this many threads.

    Returns
    -------
    LinearTrendResult
        ``slope, intercept, rvalue, pvalue, stderr, intercept_stderr`` (floats for 1-D input).

    Raises
    ------
    InvalidInputError
        Fewer than 2 points, NaN or infinite values, all x equal (names the row for 2-D input).
    LengthMismatchError
        x and y of different lengths.

    Notes
    -----
    Conventions are SciPy's: for n = 2 the p-value is 1 if the two y are equal, else 0, and the
    standard errors are 0; a constant y gives rvalue, pvalue and stderr NaN. The C++ core
    (``attain::linear_trend`` in ``include/attain/stats/slopes.hpp``) also returns n, the means, the
    centred sums and the residual variance, which a prediction interval needs.

    Examples
    --------
    >>> r = attain.linear_trend([0.52, 0.55, 0.57, 0.58, 0.61, 0.63])
    >>> round(r.slope, 4), r.pvalue < 0.001
    (0.0211, True)
    """
    ya = _series(y, "y")
    return LinearTrendResult(*_run(_core.linear_trend, ya, _x_for(x, ya), threads=threads))


def theil_sen(
    y: Any, x: Any = None, alpha: float = 0.95, *, intercept: str = "separate", threads: int = 1
) -> TheilSenResult:
    """The Theil-Sen slope with Sen's confidence interval, as ``scipy.stats.theilslopes(y, x, alpha)``.

    Parameters
    ----------
    y : array_like, 1-D or 2-D (one series per row)
        The values; finite.
    x : array_like, optional
        Positions in time (shared row or one per series); default 0, 1, ..., n - 1.
    alpha : float, default 0.95
        Coverage of the slope's interval, in (0, 1); as in SciPy, ``alpha`` and ``1 - alpha``
        give the same interval.
    intercept : {"separate", "joint"}, default "separate"
        ``"separate"``: median(y) - slope * median(x) (Sen 1968, Conover 1980; SciPy's default);
        ``"joint"``: median(y - slope * x) (SciPy's ``method="joint"``). The slope and its
        interval are the same either way.
    threads : int, default 1
        Rows in parallel; for one series, the selection's two orders per step on two threads.

    Returns
    -------
    TheilSenResult
        ``slope`` = median of (y_j - y_i) / (x_j - x_i) over pairs with x_i != x_j,
        ``intercept`` = median(y) - slope * median(x) (SciPy's method "separate"),
        ``low_slope``, ``high_slope`` = Sen's (1968, eq. 2.6) interval with its tie corrections,
        order statistics ranked exactly as SciPy rounds and clamps them (NaN when the
        tie-corrected variance is negative, as SciPy).

    Raises
    ------
    InvalidInputError
        Fewer than 2 points, non-finite values, all x equal, alpha outside (0, 1).

    Notes
    -----
    Exact (the same doubles as SciPy, which sorts all n (n - 1) / 2 slopes) in expected
    O(n log n) time and O(n) memory: a randomised slope selection counts the slopes below a
    threshold as inversions (merge sort), samples slopes to bracket the wanted ranks, and lists
    the O(n) slopes left in the bracket. Below 65 points every slope is sorted in a fixed buffer.
    Many pairs sharing one slope (integer series) cost time proportional to the pairs in the
    bracket around that value, except slope 0 (repeated y values), which is counted exactly in
    O(n log n).

    Examples
    --------
    >>> r = attain.theil_sen([3, 5, 4, 8, 9, 12, 11])
    >>> r.slope, r.intercept
    (1.5, 3.5)
    """
    ya = _series(y, "y")
    rule = _method(intercept, "intercept")
    return TheilSenResult(*_run(_core.theil_sen, ya, _x_for(x, ya), as_alpha(alpha), threads=threads, intercept=rule))


def siegel_slopes(y: Any, x: Any = None, *, threads: int = 1) -> SiegelResult:
    """Siegel's repeated-medians line, as ``scipy.stats.siegelslopes(y, x)`` (method "hierarchical").

    The slope is the median over points j of the median slope from j to every point with a
    different x; the intercept is median(y - slope * x).

    Parameters
    ----------
    y, x : array_like
        As :func:`theil_sen`.
    threads : int, default 1
        For one series, its points are spread over the threads; for 2-D input, the rows.

    Returns
    -------
    SiegelResult
        ``(slope, intercept)``.

    Notes
    -----
    O(n^2) time, O(n) memory per thread (one row of slopes at a time). SciPy computes in the
    wider of the inputs' float types (float32 for float32 input); attain always uses float64.

    Examples
    --------
    >>> round(attain.siegel_slopes([3, 5, 4, 8, 9, 12, 11]).slope, 4)
    1.5833
    """
    ya = _series(y, "y")
    return SiegelResult(*_run(_core.siegel_slopes, ya, _x_for(x, ya), threads=threads))


# --------------------------------------------------------------------------------------------
# Mann-Kendall


def _mk_result(out: list[Any]) -> MannKendallResult:
    trend, h = out[0], out[1]
    if isinstance(trend, int):
        return MannKendallResult(str(_TREND_NAMES[trend + 1]), bool(h), *out[2:])
    return MannKendallResult(_TREND_NAMES[trend.astype(np.int64) + 1], h, *out[2:])


_METHODS = ("original", "hamed_rao", "yue_wang", "pre_whitening", "trend_free_pre_whitening", "block_bootstrap")


def mann_kendall(
    x: Any,
    alpha: float = 0.05,
    method: str = "original",
    *,
    times: Any = None,
    alternative: str = "two-sided",
    intercept: str = "separate",
    lag: int | None = None,
    block: int | None = None,
    replicates: int = 1000,
    seed: int = 0,
    threads: int = 1,
    slope: bool = True,
) -> MannKendallResult:
    """The Mann-Kendall trend test, as pymannkendall.

    Parameters
    ----------
    x : array_like, 1-D (one series) or 2-D (one series per row, time along the last axis)
        The values in time order; NaN (or None / pandas.NA) marks a missing value.
    alpha : float, default 0.05
        Significance level for ``h`` and ``trend``, in (0, 1).
    method : str, default "original"
        ``"original"`` (Mann 1945, Kendall 1975), ``"hamed_rao"`` (Hamed and Rao 1998 variance
        correction for autocorrelated data), ``"yue_wang"`` (Yue and Wang 2004),
        ``"pre_whitening"`` (Yue and Wang 2002), ``"trend_free_pre_whitening"`` (Yue et al. 2002),
        ``"block_bootstrap"`` (the moving-block bootstrap of S, Kundzewicz and Robson 2004; see
        Notes).
    times : array_like, optional
        The time of every value, for series with gaps (missing months): numbers (month
        indices, days, decimal years; the slope is per unit of them) or months (attain periods,
        ``"2024-03"`` strings, ``pandas.Period``, dates: read as month ordinals, so the slope is
        per month). Finite and strictly increasing; one row shared by every series or one per
        series. Default 0, 1, ..., n - 1. S is over the time order; Sen's slope is the median of
        (x_j - x_i) / (t_j - t_i) over pairs of non-missing values, as
        ``scipy.stats.theilslopes(x, times)``. Methods ``"original"`` and ``"block_bootstrap"``
        only (the others rest on autocorrelations of equally spaced values).
    alternative : {"two-sided", "greater", "less"}, default "two-sided"
        The alternative hypothesis, with SciPy's names; ``"increasing"`` and ``"decreasing"``
        are accepted for ``"greater"`` and ``"less"``. One-sided: p = P(Z > z) (greater) or
        P(Z < z) (less), half the two-sided p when z points the alternative's way; ``h`` at
        the one-sided critical value; ``trend`` is the alternative's direction or "no trend".
    intercept : {"separate", "joint"}, default "separate"
        ``"separate"``: median(x) - slope * median(t) (Sen 1968, Conover 1980; pymannkendall,
        SciPy's theilslopes default); ``"joint"``: median(x - slope * t) over the non-missing
        values (SciPy's ``theilslopes(method="joint")``, Siegel's convention). t is the index,
        or ``times``.
    lag : int, optional
        ``hamed_rao`` and ``yue_wang``: the number of autocorrelation lags to use (default all,
        n - 1, as pymannkendall); must be less than the number of non-missing values.
    block : int, optional
        ``"block_bootstrap"``: the block length, 1 to n. Default: 2 k + round(sqrt(n) / 2),
        k the first lag whose sample autocorrelation is at most 1.96 / sqrt(n) (k = 1 for white
        noise), at most n / 2.
    replicates : int, default 1000
        ``"block_bootstrap"``: the number of bootstrap series.
    seed : int, default 0
        ``"block_bootstrap"``: the random seed, in [0, 2**64); the same seed gives the same p
        for any number of threads, and every row of 2-D input uses it (a series' p does not
        depend on its row).
    threads : int, default 1
        Rows in parallel; for one long series, Sen's slope runs beside S and its variance (and
        the bootstrap replicates are spread over the threads).
    slope : bool, default True
        False skips Sen's slope (``slope`` and ``intercept`` are NaN) where the method does not
        need it (``original``, ``pre_whitening``): for a long series the exact median of all
        n(n-1)/2 pairwise slopes is most of the work, while the test itself (S, its variance,
        z, p) takes O(n log n). The detrending methods compute and report it anyway.

    Returns
    -------
    MannKendallResult
        ``trend, h, p, z, Tau, s, var_s, slope, intercept``, as pymannkendall.

    Raises
    ------
    InvalidInputError
        Fewer than 2 non-missing values (3 for hamed_rao, pre_whitening and
        trend_free_pre_whitening, which need n - 2 > 0 or a lag-1 autocorrelation of at least
        2 values), infinite values, alpha outside (0, 1), an unknown method, alternative or
        intercept, lag too large; times NaN, infinite, repeated or out of order (naming the
        index), or given with another method; block longer than the series.
    LengthMismatchError
        times and x of different lengths.

    Notes
    -----
    pymannkendall's conventions, kept exactly:

    * NaN values are dropped for S, its variance and the autocorrelation; the remaining values
      keep their order and the detrending in hamed_rao / yue_wang / trend_free_pre_whitening
      uses their positions 1..n in this compressed series;
    * Sen's slope pairs the non-missing values by their *original* indices (median of
      (x_j - x_i) / (j - i)), and intercept = median(values) - median(their indices) * slope;
    * z = (S - 1) / sqrt(var S) for S > 0, 0 for S = 0, (S + 1) / sqrt(var S) for S < 0;
      Tau = S / (n (n - 1) / 2);
    * a series whose detrended values are constant gives a NaN autocorrelation, hence a NaN
      ``var_s`` (and NaN z and p when S != 0) for hamed_rao and yue_wang, as pymannkendall.

    Where pymannkendall computes ``p = 2 * (1 - Phi(|z|))``, attain computes ``2 * Phi(-|z|)``,
    accurate also for tiny p (the two differ by at most about 1e-16 absolute).

    ``"block_bootstrap"``: S and its tie-corrected variance as ``"original"``; then
    ``replicates`` series of the same length are built from blocks of ``block`` consecutive
    non-missing values drawn with replacement (moving blocks, Kuensch 1989; the last block cut)
    and S computed for each. ``p = (1 + #{replicates as extreme as S}) / (replicates + 1)``
    (|S*| >= |S| two-sided, S* >= S greater, S* <= S less), ``h = p <= alpha``, ``var_s`` is
    the replicates' variance of S and ``z`` the continuity-corrected S over its square root.
    It keeps the short-range autocorrelation inside the blocks, so S is judged against what an
    autocorrelated series without trend produces; the plain test over-rejects there. Under an
    AR(1) null with rho = 0.6 it rejected 6.8 % at alpha = 5 % over 120 months and 4.9 % over
    240 (the plain test about 32 %, pymannkendall's Hamed-Rao 17-19 %); blocks cut the
    correlation at their joins, so it stays somewhat liberal for short series (11 % at 36
    months; Onoz and Bayazit 2012). docs/statistics.md has the table.

    Costs: S and its tie-corrected variance in O(n log n) (merge-sort inversion count), Sen's
    slope by the exact selection of :func:`theil_sen`; hamed_rao and yue_wang add the
    autocorrelation at ``lag`` lags, O(n * lag) (O(n^2) by default, as pymannkendall).

    Examples
    --------
    >>> r = attain.mann_kendall([0.52, 0.55, 0.54, 0.58, 0.61, 0.60, 0.63, 0.66])
    >>> r.trend, r.s, round(r.p, 4)
    ('increasing', 24.0, 0.0044)
    """
    xa = _series(x, "x")
    m = _method(method)
    lag_value = -1 if lag is None else _count(lag, "lag", 0)
    if m not in _METHODS:
        raise InvalidInputError(f"method = {m!r} is not one of {', '.join(repr(k) for k in _METHODS)}")
    if lag is not None and m not in ("hamed_rao", "yue_wang"):
        raise InvalidInputError(f"lag applies to methods 'hamed_rao' and 'yue_wang' only, not {m!r}")
    if block is not None and m != "block_bootstrap":
        raise InvalidInputError(f"block applies to method 'block_bootstrap' only, not {m!r}")
    block_value = 0 if block is None else _count(block, "block", 1)
    time_values, months = _times_for(times, xa)
    options = {
        "slope": bool(slope),
        "times": time_values,
        "alternative": _method(alternative, "alternative"),
        "intercept": _method(intercept, "intercept"),
        "block": block_value,
        "replicates": _count(replicates, "replicates", 1),
        "seed": _seed(seed),
    }
    try:
        return _mk_result(_run(_core.mann_kendall, xa, as_alpha(alpha), m, lag_value, threads=threads, **options))
    except InvalidInputError as exc:
        if not months:
            raise
        raise _months_in_message(exc) from None


def seasonal_mann_kendall(
    x: Any, period: int = 12, alpha: float = 0.05, *, alternative: str = "two-sided", threads: int = 1
) -> MannKendallResult:
    """Hirsch and Slack's (1984) seasonal Mann-Kendall test, as ``pymannkendall.seasonal_test``.

    Parameters
    ----------
    x : array_like, 1-D or 2-D (one series per row)
        Values at regular times; value i belongs to season ``i % period``. NaN is missing.
    period : int, default 12
        Seasons per cycle (12 for monthly data).
    alpha : float, default 0.05
    alternative : {"two-sided", "greater", "less"}, default "two-sided"
        As :func:`mann_kendall`.
    threads : int, default 1

    Returns
    -------
    MannKendallResult
        S, var S and the number of pairs are summed over the seasons (each season's missing
        values dropped); ``slope`` is the median of the within-season slopes between years (per
        period, i.e. per year for monthly data) and
        ``intercept = median(x) - median(index of x) / period * slope``.

    Raises
    ------
    InvalidInputError
        No season with 2 non-missing values, infinite values, period < 1, alpha outside (0, 1).

    Examples
    --------
    >>> monthly = [m + 0.5 * year for year in range(4) for m in (1, 3, 2, 5, 4, 6, 8, 7, 9, 8, 6, 4)]
    >>> r = attain.seasonal_mann_kendall(monthly)
    >>> r.trend, r.slope
    ('increasing', 0.5)
    """
    xa = _series(x, "x")
    p = _count(period, "period", 1)
    alt = _method(alternative, "alternative")
    return _mk_result(_run(_core.seasonal_mann_kendall, xa, p, as_alpha(alpha), threads=threads, alternative=alt))


def kendall_tau(x: Any, y: Any, *, alternative: str = "two-sided", threads: int = 1) -> KendallTauResult:
    """Kendall's tau-b and its two-sided p-value, as ``scipy.stats.kendalltau(x, y)``.

    Parameters
    ----------
    x : array_like
        One row shared by every series, or the same shape as y.
    y : array_like, 1-D or 2-D (one series per row)
        Finite values.
    alternative : {"two-sided", "greater", "less"}, default "two-sided"
        As ``scipy.stats.kendalltau``: "greater" for a positive association (``"increasing"``
        and ``"decreasing"`` are accepted too). Exact: half the two-sided p on the
        alternative's side, else 1 - p / 2 + P(C = c); normal: P(Z > z) or P(Z < z).
    threads : int, default 1

    Returns
    -------
    KendallTauResult
        ``(tau, pvalue)``; ``statistic`` is an alias of tau. NaN when x or y is constant (as
        SciPy).

    Notes
    -----
    SciPy's method "auto": the exact null distribution when there are no ties and n <= 33 (or
    at most one pair is discordant, or concordant); otherwise the normal approximation with
    the tie-corrected variance. O(n log n) (Knight's merge sort).

    Examples
    --------
    >>> r = attain.kendall_tau([1, 2, 3, 4, 5], [3, 1, 4, 5, 9])
    >>> round(r.tau, 2), round(r.pvalue, 4)
    (0.8, 0.0833)
    """
    ya = _series(y, "y")
    xa = _x_for(x, ya)
    if xa.size == 0:
        raise InvalidInputError("x must be given")
    t = _count(threads, "threads", 1)
    alt = _method(alternative, "alternative")
    out = _core.kendall_tau(xa.reshape(-1), ya.reshape(-1), ya.shape[-1], ya.ndim == 2, t, alternative=alt)
    return KendallTauResult(*_out(out, ya))
