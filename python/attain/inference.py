"""Inference for completion ratios: what is signal and what is small-number noise.

* :func:`proportion_ci`: confidence intervals for done / eligible (six methods);
* :func:`proportion_difference`: the change between two periods or two units, with its
  Newcombe interval and the two-proportion z test;
* :func:`cochran_armitage`: the test for a trend over ordered periods;
* :func:`funnel_limits` / :func:`funnel_curves`: funnel-plot limits (Spiegelhalter 2005)
  with overdispersion handled as FunnelPlotR does;
* :func:`control_chart`: p-chart and Laney p'-chart limits for a unit's monthly ratios.

Everything is vectorised over arrays of units and computed in the C++ core
(``include/attain/stats/ci.hpp``, ``cochran_armitage.hpp``, ``funnel.hpp``, ``control_chart.hpp``).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from . import _core
from ._convert import as_alpha, as_counts, broadcast, require_pandas
from .errors import InputTypeError, InvalidInputError
from .snapshot import Snapshot

__all__ = [
    "CochranArmitageResult",
    "ControlChartResult",
    "FunnelCurves",
    "FunnelResult",
    "ProportionCI",
    "ProportionDifference",
    "cochran_armitage",
    "control_chart",
    "funnel_curves",
    "funnel_limits",
    "RatioInterval",
    "proportion_ci",
    "proportion_difference",
    "ratio_of_sums_interval",
]

_FLAG_NAMES = np.array(["below", "within", "above"], dtype=object)


def _shape_out(values: np.ndarray, shape: tuple[int, ...], scalar: bool) -> Any:
    return float(values[0]) if scalar else values.reshape(shape)


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise InputTypeError(f"{name} = {value!r} must be a string")
    return value


def _real(value: Any, name: str) -> float:
    """A real number argument as a float; text, booleans and other objects are refused (float("0.5")
    would quietly accept a string)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise InputTypeError(f"{name} = {value!r} must be a number")
    return float(value)


def _level_label(level: float) -> str:
    return f"{level * 100:g}"


def _frame(columns: dict[str, Any], feature: str) -> Any:
    pd = require_pandas(feature)
    return pd.DataFrame({k: np.asarray(v).reshape(-1) if np.ndim(v) else [v] for k, v in columns.items()})


# --------------------------------------------------------------------------------------------
# Proportion intervals


class ProportionCI(NamedTuple):
    """A two-sided confidence interval ``(low, high)`` per unit (see :func:`proportion_ci`)."""

    low: Any
    """lower limits (float for scalar input, else an array of the broadcast shape)."""
    high: Any
    """upper limits."""

    def to_frame(self) -> Any:
        """A pandas DataFrame with columns ``low`` and ``high``."""
        return _frame({"low": self.low, "high": self.high}, "ProportionCI.to_frame")


def proportion_ci(count: Any, nobs: Any, alpha: float = 0.05, method: str = "wilson") -> ProportionCI:
    """Confidence interval for the proportion ``count / nobs``, element-wise.

    Parameters
    ----------
    count, nobs : array_like of whole numbers
        Done and eligible counts; they broadcast like numpy.
    alpha : float, default 0.05
        1 - coverage, in (0, 1); the interval is two-sided with ``alpha / 2`` in each tail.
    method : str, default "wilson"
        ``"normal"`` (Wald), ``"wilson"``, ``"wilson_cc"`` (Wilson with continuity correction,
        Newcombe 1998 method 4), ``"agresti_coull"``, ``"clopper_pearson"`` (alias ``"beta"``),
        ``"jeffreys"``.

    Returns
    -------
    ProportionCI
        ``(low, high)``; scalars in, floats out.

    Raises
    ------
    InvalidInputError
        ``count < 0``, ``count > nobs``, ``nobs == 0``, alpha outside (0, 1), an unknown method.

    Notes
    -----
    The conventions are those of ``statsmodels.stats.proportion.proportion_confint``:
    "normal", "wilson" and "agresti_coull" are clipped to [0, 1]; Clopper-Pearson has
    ``low = 0`` at count 0 and ``high = 1`` at count nobs (so its coverage there is
    ``1 - alpha / 2``); Jeffreys is the equal-tailed Beta(count + 1/2, nobs - count + 1/2)
    interval with no special case at 0 or nobs. "wilson_cc" has ``low = 0`` at count 0 and
    ``high = 1`` at count nobs. Quantiles come from Boost.Math. Unlike statsmodels, invalid
    input raises instead of giving NaN.

    Clopper-Pearson and Jeffreys compute each distinct ``(count, nobs)`` once. Denominators
    above about 10^11 (money amounts) make Boost's inverse incomplete beta slow (milliseconds
    per unit); above 2^50 it is no longer accurate, so those methods raise there: use
    "wilson", which is indistinguishable at that size.

    Examples
    --------
    A branch with 20 of 40 and one with 2,400 of 4,000:

    >>> low, high = attain.proportion_ci([20, 2400], [40, 4000])
    >>> np.round(low, 4), np.round(high, 4)
    (array([0.352 , 0.5847]), array([0.648 , 0.6151]))
    """
    c, n = as_counts(count, "count"), as_counts(nobs, "nobs")
    a = as_alpha(alpha)
    m = _text(method, "method")
    scalar = np.ndim(count) == 0 and np.ndim(nobs) == 0
    c, n = broadcast(["count", "nobs"], [c, n])
    low, high = _core.proportion_ci(c.reshape(-1), n.reshape(-1), a, m)
    return ProportionCI(_shape_out(low, c.shape, scalar), _shape_out(high, c.shape, scalar))


# --------------------------------------------------------------------------------------------
# Change between two proportions


class ProportionDifference(NamedTuple):
    """The change ``p1 - p2`` with its interval and test (see :func:`proportion_difference`)."""

    difference: Any
    """p1 - p2 (x100 for percentage points)."""
    low: Any
    """lower limit of the Newcombe hybrid-score interval for p1 - p2."""
    high: Any
    """upper limit."""
    z: Any
    """pooled two-proportion z statistic (NaN when both proportions are 0 or both are 1)."""
    p_value: Any
    """two-sided p-value (H1: p1 != p2)."""
    p_larger: Any
    """one-sided p-value (H1: p1 > p2)."""
    p_smaller: Any
    """one-sided p-value (H1: p1 < p2)."""

    def to_frame(self) -> Any:
        """A pandas DataFrame with one column per field."""
        return _frame(self._asdict(), "ProportionDifference.to_frame")


def proportion_difference(
    count1: Any, nobs1: Any, count2: Any, nobs2: Any, alpha: float = 0.05
) -> ProportionDifference:
    """The change between two proportions, ``count1 / nobs1 - count2 / nobs2``, with its
    confidence interval and p-value, element-wise.

    Use it to say "up 5.17 points on last month (95 % CI 3.7 to 5.8 points, p < 0.001)", or to
    compare two units.

    Parameters
    ----------
    count1, nobs1 : array_like of whole numbers
        The first proportion (e.g. this month, or unit A).
    count2, nobs2 : array_like of whole numbers
        The second proportion (e.g. last month, or unit B). All four broadcast like numpy.
    alpha : float, default 0.05
        1 - coverage of the interval, in (0, 1).

    Returns
    -------
    ProportionDifference
        ``(difference, low, high, z, p_value, p_larger, p_smaller)``.

    Raises
    ------
    InvalidInputError
        Invalid counts (as :func:`proportion_ci`) or alpha.

    Notes
    -----
    The interval is Newcombe's (1998) hybrid score interval (his method 10; statsmodels
    ``confint_proportions_2indep(method="newcomb")``): with Wilson limits ``(l_i, u_i)``,
    ``low = d - sqrt((p1 - l1)^2 + (u2 - p2)^2)`` and
    ``high = d + sqrt((p2 - l2)^2 + (u1 - p1)^2)``. The test is the pooled z test of
    ``statsmodels.stats.proportion.proportions_ztest``. Both assume independent samples: two
    year-to-date totals of the same unit share their earlier months, so compare the
    months' own flows (:func:`attain.ytd_to_monthly`) when the question is "did this month
    do better than last month".

    Examples
    --------
    >>> r = attain.proportion_difference(10467, 16623, 9600, 16500)
    >>> round(r.difference * 100, 2), r.p_value < 1e-10
    (4.79, True)
    """
    names = ["count1", "nobs1", "count2", "nobs2"]
    arrays = [as_counts(v, k) for v, k in zip((count1, nobs1, count2, nobs2), names)]
    a = as_alpha(alpha)
    scalar = all(np.ndim(v) == 0 for v in (count1, nobs1, count2, nobs2))
    arrays = broadcast(names, arrays)
    shape = arrays[0].shape
    c1, n1, c2, n2 = (x.reshape(-1) for x in arrays)
    out = _core.proportion_difference(c1, n1, c2, n2, a)
    return ProportionDifference(*(_shape_out(x, shape, scalar) for x in out))


# --------------------------------------------------------------------------------------------
# Cochran-Armitage


class CochranArmitageResult(NamedTuple):
    """The Cochran-Armitage trend test (see :func:`cochran_armitage`)."""

    statistic: Any
    """T = sum(score * done)."""
    null_mean: Any
    """E[T] with no trend."""
    null_sd: Any
    """sd of T with no trend, under the chosen variance convention."""
    z: Any
    """(T - E[T]) / sd; positive when the ratio rises with the score."""
    p_value: Any
    """two-sided p-value."""
    p_increasing: Any
    """one-sided p-value, H1: the ratio rises over the periods."""
    p_decreasing: Any
    """one-sided p-value, H1: the ratio falls over the periods."""

    def to_frame(self) -> Any:
        """A pandas DataFrame with one row per series."""
        return _frame(self._asdict(), "CochranArmitageResult.to_frame")


def cochran_armitage(
    done: Any, eligible: Any, scores: Sequence[float] | None = None, variance: str = "n-1"
) -> CochranArmitageResult:
    """Cochran-Armitage test for a trend in done / eligible over ordered periods.

    Parameters
    ----------
    done, eligible : array_like of whole numbers, 1-D (one series) or 2-D (one row per unit,
        one column per period)
        Tallies per period: monthly flows, not year-to-date totals.
    scores : sequence of float, optional
        The periods' scores (their positions in time); default 0, 1, ..., k - 1.
    variance : {"n-1", "n"}, default "n-1"
        ``"n-1"``: the permutation (hypergeometric) variance with N - 1 in the denominator, as
        statsmodels ``Table.test_ordinal_association`` (the linear-by-linear association test)
        computes it. ``"n"``: Armitage's (1955) binomial variance with N, as R's
        ``prop.trend.test``. The two z statistics differ by the factor ``sqrt(N / (N - 1))``.

    Returns
    -------
    CochranArmitageResult
        Floats for a 1-D series, arrays (one value per row) for 2-D input. z and the p-values
        are NaN where the null variance is 0 (every case done, or none, in the series).

    Raises
    ------
    InvalidInputError
        Invalid tallies, fewer than 2 periods, no eligible case at all, non-finite scores,
        an unknown variance convention.

    Notes
    -----
    With N = sum eligible, pbar = sum done / N and scores s_i, T = sum s_i done_i has null mean
    ``pbar sum s_i eligible_i`` and null variance
    ``pbar (1 - pbar) [sum s_i^2 eligible_i - (sum s_i eligible_i)^2 / N]`` (times
    ``N / (N - 1)`` for "n-1").

    Examples
    --------
    >>> attain.cochran_armitage([3, 6, 11, 8], [10, 12, 15, 9]).p_increasing < 0.01
    True
    """
    d, e = as_counts(done, "done"), as_counts(eligible, "eligible")
    d, e = broadcast(["done", "eligible"], [d, e])
    if d.ndim not in (1, 2):
        raise InvalidInputError(f"done must be 1-D (periods) or 2-D (units x periods), got shape {d.shape}")
    periods = d.shape[-1]
    if scores is None:
        s = np.empty(0, dtype=np.float64)
    else:
        s = np.asarray(scores)
        if s.dtype.kind not in "iuf":
            raise InputTypeError(f"scores has dtype {s.dtype}; scores must be numbers")
        s = np.ascontiguousarray(s, dtype=np.float64).reshape(-1)
        if s.size != periods:
            from .errors import LengthMismatchError

            raise LengthMismatchError(f"scores has length {s.size} but there are {periods} periods")
    if periods < 2:
        raise InvalidInputError(f"the trend test needs at least 2 periods, got {periods}")
    out = _core.cochran_armitage(d.reshape(-1), e.reshape(-1), periods, s, _text(variance, "variance"))
    if d.ndim == 1:
        return CochranArmitageResult(*(float(x[0]) for x in out))
    return CochranArmitageResult(*out)


# --------------------------------------------------------------------------------------------
# Funnel limits


class FunnelCurves(NamedTuple):
    """Funnel limit curves over a grid of denominators, for plotting (see :func:`funnel_curves`)."""

    denominators: np.ndarray
    """the grid of denominators (int64)."""
    levels: tuple[float, ...]
    """the coverage of each pair of curves."""
    lower: np.ndarray
    """lower limits, shape (levels, denominators)."""
    upper: np.ndarray
    """upper limits, shape (levels, denominators)."""

    def to_frame(self) -> Any:
        """A long DataFrame: denominator, level, lower, upper."""
        pd = require_pandas("FunnelCurves.to_frame")
        k, m = self.lower.shape
        return pd.DataFrame(
            {
                "denominator": np.tile(self.denominators, k),
                "level": np.repeat(np.asarray(self.levels, dtype=float), m),
                "lower": self.lower.reshape(-1),
                "upper": self.upper.reshape(-1),
            }
        )


@dataclass(frozen=True)
class FunnelResult:
    """Funnel limits, z-scores and flags for every unit (see :func:`funnel_limits`).

    Per-level arrays have shape ``(units, levels)``; column ``l`` belongs to ``levels[l]``.
    """

    eligible: np.ndarray
    """each unit's denominator."""
    ratio: np.ndarray
    """done / eligible."""
    centre: np.ndarray
    """each unit's centre line: the target, or the overall ratio sum(done) / sum(eligible)."""
    levels: tuple[float, ...]
    lower: np.ndarray
    upper: np.ndarray
    flags: np.ndarray
    """int8: +1 above the upper limit, -1 below the lower limit, 0 within."""
    z: np.ndarray
    """z-scores on the chosen scale, before any overdispersion adjustment."""
    z_winsorised: np.ndarray
    phi: float
    """estimated multiplicative overdispersion factor (always estimated, used only if asked)."""
    tau2: float
    """estimated between-unit variance by ``tau2_method`` (always estimated, used only if asked)."""
    phi_used: float
    tau2_used: float
    method: str
    overdispersion: str
    scale: str
    rho: float = 0.0
    """estimated beta-binomial intra-unit correlation (always estimated, used only if asked)."""
    rho_used: float = 0.0
    tau2_method: str = "dersimonian_laird"
    tau2_iterations: int = 0
    """Fisher-scoring steps REML took (0 for DerSimonian-Laird)."""

    @property
    def gap(self) -> np.ndarray:
        """The gap to the centre, ``centre - ratio`` (attain's convention: positive means short)."""
        return self.centre - self.ratio

    def flag_names(self) -> np.ndarray:
        """``flags`` as strings "below", "within", "above"."""
        return _FLAG_NAMES[self.flags.astype(np.int64) + 1]

    def curves(self, denominators: Any = None, num: int = 100) -> FunnelCurves:
        """The limit curves for plotting, with this result's centre, method and overdispersion.

        Parameters
        ----------
        denominators : array_like of whole numbers, optional
            Default: ``num`` integers spaced geometrically from 1 to the largest denominator.
        num : int, default 100

        Raises
        ------
        InvalidInputError
            When the units have different centres (per-unit targets): plot the gap instead.
        """
        if self.centre.size == 0 or np.any(self.centre != self.centre[0]):
            raise InvalidInputError("the units have different centres (per-unit targets): there is no single funnel")
        if denominators is None:
            top = int(self.eligible.max())
            denominators = np.unique(np.round(np.geomspace(1, max(top, 2), num)).astype(np.int64))
        return funnel_curves(
            float(self.centre[0]),
            denominators,
            levels=self.levels,
            method=self.method,
            scale=self.scale,
            phi=self.phi_used,
            tau2=self.tau2_used,
            rho=self.rho_used,
        )

    def to_frame(self) -> Any:
        """One row per unit: eligible, ratio, centre, gap, z, then per level ``lower_95``,
        ``upper_95``, ``flag_95`` ("below" / "within" / "above") and so on."""
        columns: dict[str, Any] = {
            "eligible": self.eligible,
            "ratio": self.ratio,
            "centre": self.centre,
            "gap": self.gap,
            "z": self.z,
        }
        names = self.flag_names()
        for i, level in enumerate(self.levels):
            label = _level_label(level)
            columns[f"lower_{label}"] = self.lower[:, i]
            columns[f"upper_{label}"] = self.upper[:, i]
            columns[f"flag_{label}"] = names[:, i]
        return _frame(columns, "FunnelResult.to_frame")


def _levels(levels: Any) -> tuple[float, ...]:
    arr = np.atleast_1d(np.asarray(levels))
    if arr.dtype.kind not in "iuf":
        raise InputTypeError(f"levels has dtype {arr.dtype}; levels must be numbers in (0, 1)")
    out = tuple(float(x) for x in arr.reshape(-1))
    if not out:
        raise InvalidInputError("levels is empty; give at least one coverage such as 0.95")
    return out


def funnel_limits(
    done: Any,
    eligible: Any,
    target: Any = None,
    levels: Sequence[float] = (0.95, 0.998),
    method: str | None = None,
    overdispersion: str | None = None,
    scale: str = "proportion",
    winsorise: float = 0.1,
    tau2_method: str = "dersimonian_laird",
) -> FunnelResult:
    """Funnel-plot limits for comparing units' ratios with a target or the overall ratio.

    A branch with 40 eligible cases at 50 % and one with 4,000 at 60 % are judged against
    limits that depend on their denominators (Spiegelhalter 2005): each unit is flagged
    above, within or below the limits at each level.

    Parameters
    ----------
    done, eligible : array_like of whole numbers, 1-D
        The units' tallies; every unit needs ``eligible > 0``.
    target : float or array_like, optional
        The centre line. None: the overall ratio ``sum(done) / sum(eligible)``; a float: a
        common target; an array: one target per unit, which turns the funnel into one of the
        gap to target (compare ``result.gap`` with ``centre - upper`` .. ``centre - lower``).
        Centres must be strictly between 0 and 1.
    levels : sequence of float, default (0.95, 0.998)
        Two-sided coverage of each pair of limits, any values strictly between 0 and 1
        (0.998 is Spiegelhalter's "3 sigma").
    method : {"exact", "normal"}, optional
        "exact": binomial (or beta-binomial) limits with Spiegelhalter's interpolation;
        "normal": the normal approximation on ``scale``. Default "exact", or "normal" with
        multiplicative or random-effects overdispersion.
    overdispersion : {None, "multiplicative", "random_effects", "beta_binomial"}, optional
        None: plain binomial variation. "multiplicative": the variance is multiplied by
        ``max(phi, 1)``. "random_effects": ``tau2`` is added to the variance. Both need
        ``method="normal"``. "beta_binomial": exact limits from the Beta-binomial
        distribution with the estimated intra-unit correlation ``rho`` (needs
        ``method="exact"``).
    scale : {"proportion", "arcsine"}, default "proportion"
        Scale of the normal approximation and the z-scores: the proportion itself with
        ``s^2 = theta (1 - theta) / n`` (Spiegelhalter 2005), or ``asin(sqrt(ratio))`` with
        ``s^2 = 1 / (4 n)`` (FunnelPlotR for proportions). Ignored by exact limits.
    winsorise : float, default 0.1
        Fraction of z-scores winsorised in each tail before estimating phi, tau2 and rho.
    tau2_method : {"dersimonian_laird", "reml"}, default "dersimonian_laird"
        How ``tau2`` is estimated: DerSimonian-Laird moments around the centre (FunnelPlotR),
        or restricted maximum likelihood with an estimated mean (metafor's ``"REML"``).

    Returns
    -------
    FunnelResult
        Per-unit ``ratio``, ``centre``, ``lower`` / ``upper`` / ``flags`` (units x levels),
        ``z``, and the estimates ``phi``, ``tau2``; ``.curves()`` gives limit curves for
        plotting and ``.to_frame()`` a table.

    Raises
    ------
    InvalidInputError
        Invalid tallies, ``eligible == 0``, a centre not strictly between 0 and 1, levels
        outside (0, 1), winsorise outside [0, 0.5), exact limits with multiplicative or
        random-effects overdispersion, normal limits with beta-binomial overdispersion,
        overdispersion with fewer than 2 units, an unknown ``tau2_method``.
    AttainError
        REML does not converge in 1,000 Fisher-scoring steps.

    Notes
    -----
    Exact limits (Spiegelhalter 2005, appendix): for tail probability p, r_p is the smallest
    r with ``F(r) >= p`` (F the Binomial(n, theta) cdf), ``a = (F(r_p) - p) / (F(r_p) -
    F(r_p - 1))``, and the limit is ``(r_p - a) / n``, clipped at 0. Normal limits:
    ``theta +- z_p sqrt(phi s^2 + tau2)`` (back-transformed with ``sin^2`` on the arcsine
    scale), clipped to [0, 1].

    Overdispersion follows FunnelPlotR's steps:

    1. z-scores ``z_i = (y_i - theta_i) / s_i`` on the chosen scale;
    2. winsorisation: z-scores below the 10th percentile are set to it, those above the 90th
       to it (type-7 quantiles, numpy's default; ``winsorise`` sets the fraction);
    3. ``phi = sum(z_w^2) / I`` over the I units;
    4. ``tau2 = 0`` if ``I phi <= I - 1``, else
       ``(I phi - (I - 1)) / (sum(w) - sum(w^2) / sum(w))`` with ``w_i = 1 / s_i^2``
       (DerSimonian and Laird); or, with ``tau2_method="reml"``, the REML estimate for the
       winsorised deviations ``s_i z_w,i`` with variances ``s_i^2`` and an estimated mean;
    5. ``rho = max(0, (sum(z_w^2) - I) / sum(n_i - 1))`` (from ``E z^2 = 1 + (n - 1) rho``)
       for beta-binomial limits, with ``a = theta (1 - rho) / rho`` and
       ``b = (1 - theta) (1 - rho) / rho``.

    A unit with 0 done is an ordinary unit: its ratio is 0, its z-score is finite, and it is
    flagged below only where its lower limit is above 0. See ``docs/statistics.md``.

    Examples
    --------
    >>> r = attain.funnel_limits([20, 2400], [40, 4000])
    >>> r.flag_names().tolist()
    [['within', 'within'], ['within', 'within']]
    """
    d, e = as_counts(done, "done"), as_counts(eligible, "eligible")
    d, e = broadcast(["done", "eligible"], [d, e])
    if d.ndim != 1:
        raise InvalidInputError(f"done must be 1-D (one value per unit), got shape {d.shape}")
    if target is None:
        t = np.empty(0, dtype=np.float64)
    else:
        t_arr = np.asarray(target)
        if t_arr.dtype.kind not in "iuf":
            raise InputTypeError(f"target has dtype {t_arr.dtype}; targets must be numbers in (0, 1)")
        t = np.ascontiguousarray(t_arr, dtype=np.float64).reshape(-1)
        if t.size not in (1, d.size):
            from .errors import LengthMismatchError

            raise LengthMismatchError(f"target has {t.size} values but there are {d.size} units")
    lv = _levels(levels)
    od = "none" if overdispersion is None else _text(overdispersion, "overdispersion")
    m = _text(method, "method") if method is not None else ("exact" if od in ("none", "beta_binomial") else "normal")
    sc = _text(scale, "scale")
    tm = _text(tau2_method, "tau2_method")
    out = _core.funnel_limits(d, e, t, list(lv), m, od, sc, float(winsorise), tm)
    return FunnelResult(
        eligible=e,
        ratio=out["ratio"],
        centre=out["centre"],
        levels=lv,
        lower=out["lower"],
        upper=out["upper"],
        flags=out["flag"],
        z=out["z"],
        z_winsorised=out["z_winsorised"],
        phi=float(out["phi"]),
        tau2=float(out["tau2"]),
        phi_used=float(out["phi_used"]),
        tau2_used=float(out["tau2_used"]),
        method=m,
        overdispersion=od,
        scale=sc,
        rho=float(out["rho"]),
        rho_used=float(out["rho_used"]),
        tau2_method=tm,
        tau2_iterations=int(out["tau2_iterations"]),
    )


def funnel_curves(
    centre: float,
    denominators: Any,
    levels: Sequence[float] = (0.95, 0.998),
    method: str = "exact",
    scale: str = "proportion",
    phi: float = 1.0,
    tau2: float = 0.0,
    rho: float = 0.0,
) -> FunnelCurves:
    """Funnel limit curves over a grid of denominators, for drawing a funnel plot.

    Parameters
    ----------
    centre : float
        The centre line, strictly between 0 and 1.
    denominators : array_like of positive whole numbers
    levels : sequence of float, default (0.95, 0.998)
    method : {"exact", "normal"}, default "exact"
    scale : {"proportion", "arcsine"}, default "proportion"
    phi, tau2 : float, default 1 and 0
        Multiplicative and additive overdispersion (normal limits only); pass
        ``result.phi_used`` and ``result.tau2_used`` of a :class:`FunnelResult`, or use
        :meth:`FunnelResult.curves`.
    rho : float, default 0
        Beta-binomial intra-unit correlation in [0, 1) (exact limits only).

    Returns
    -------
    FunnelCurves
        ``lower`` and ``upper`` of shape (levels, denominators).

    Raises
    ------
    InvalidInputError
        As :func:`funnel_limits`; a denominator that is not positive.
    """
    n = as_counts(denominators, "denominators").reshape(-1)
    lv = _levels(levels)
    lower, upper = _core.funnel_curves(
        _real(centre, "centre"),
        n,
        list(lv),
        _text(method, "method"),
        _text(scale, "scale"),
        _real(phi, "phi"),
        _real(tau2, "tau2"),
        _real(rho, "rho"),
    )
    return FunnelCurves(n, lv, lower, upper)


# --------------------------------------------------------------------------------------------
# Ratio of sums (money ratios)


class RatioInterval(NamedTuple):
    """A ratio of sums with its standard error and interval (see :func:`ratio_of_sums_interval`)."""

    ratio: float
    """sum(done_amounts) / sum(eligible_amounts)."""
    std_error: float
    low: float
    high: float
    method: str
    alpha: float


def _amounts(values: Any, name: str) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype.kind not in "iuf":
        raise InputTypeError(f"{name} has dtype {arr.dtype}; amounts must be numbers")
    if arr.ndim != 1:
        raise InvalidInputError(f"{name} must be 1-D (one amount per case), got shape {arr.shape}")
    return np.ascontiguousarray(arr, dtype=np.float64)


def ratio_of_sums_interval(
    done_amounts: Any,
    eligible_amounts: Any,
    alpha: float = 0.05,
    method: str = "linearisation",
    replicates: int = 2000,
    seed: int = 0,
) -> RatioInterval:
    """An interval for a money completion ratio, ``sum(done) / sum(eligible)``, from case-level
    amounts.

    A money ratio (done dong / eligible dong) is a ratio of sums, not a binomial proportion:
    its uncertainty comes from how the amounts vary between cases, not from a count.

    Parameters
    ----------
    done_amounts, eligible_amounts : array_like of float, 1-D
        Each case's done and eligible amount (non-negative, finite; at least 2 cases).
    alpha : float, default 0.05
        One minus the coverage.
    method : {"linearisation", "bootstrap"}, default "linearisation"
        "linearisation": the survey ratio estimator's Taylor-linearised variance,
        ``se^2 = n / (n - 1) * sum((y - R x)^2) / sum(x)^2``, and ``R +- z se`` (as R's
        ``survey::svyratio`` for a simple random sample). "bootstrap": ``replicates``
        resamples of the cases with replacement; the percentile interval, and the
        replicates' standard deviation as ``std_error``.
    replicates, seed : int
        Bootstrap resamples and random seed (the same seed gives the same interval).

    Returns
    -------
    RatioInterval

    Raises
    ------
    InvalidInputError
        Fewer than 2 cases, a negative or non-finite amount, eligible amounts summing to 0,
        alpha outside (0, 1), fewer than 2 replicates, an unknown method.
    LengthMismatchError
        The two arrays differ in length.

    Examples
    --------
    >>> r = attain.ratio_of_sums_interval([5.0, 0.0, 8.0, 3.0], [10.0, 4.0, 8.0, 6.0])
    >>> round(r.ratio, 4), r.low < r.ratio < r.high
    (0.5714, True)
    """
    y, x = _amounts(done_amounts, "done_amounts"), _amounts(eligible_amounts, "eligible_amounts")
    a = as_alpha(alpha)
    m = _text(method, "method")
    if isinstance(replicates, (bool, np.bool_)) or not isinstance(replicates, numbers.Integral) or replicates < 0:
        raise InputTypeError(f"replicates = {replicates!r} must be a non-negative whole number")
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral) or not 0 <= seed < 2**64:
        raise InputTypeError(f"seed = {seed!r} must be a whole number in [0, 2**64)")
    out = _core.ratio_of_sums_interval(y, x, a, m, int(replicates), int(seed))
    return RatioInterval(*(float(v) for v in out), method=m, alpha=a)


# --------------------------------------------------------------------------------------------
# Control charts


@dataclass(frozen=True)
class ControlChartResult:
    """Control limits for each month and the months outside them (see :func:`control_chart`)."""

    kind: str
    """"p" or "laney"."""
    centre: float
    """the centre line pbar (or the given centre)."""
    sigma_z: float
    """Laney's between-month factor (1 for the p-chart)."""
    ratio: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    flags: np.ndarray
    """int8: +1 above the upper limit, -1 below the lower limit, 0 within."""

    def flag_names(self) -> np.ndarray:
        """``flags`` as strings "below", "within", "above"."""
        return _FLAG_NAMES[self.flags.astype(np.int64) + 1]

    def to_frame(self) -> Any:
        """One row per month: ratio, centre, lower, upper, flag."""
        return _frame(
            {
                "ratio": self.ratio,
                "centre": np.full(self.ratio.shape, self.centre),
                "lower": self.lower,
                "upper": self.upper,
                "flag": self.flag_names(),
            },
            "ControlChartResult.to_frame",
        )


def control_chart(
    done: Any, eligible: Any, kind: str = "laney", sigmas: float = 3.0, centre: float | None = None
) -> ControlChartResult:
    """p-chart or Laney p'-chart limits for a unit's monthly ratios, with the months outside.

    Parameters
    ----------
    done, eligible : array_like of whole numbers, 1-D
        Monthly tallies in time order (monthly flows, not year-to-date totals: see
        :func:`attain.ytd_to_monthly`); every month needs ``eligible > 0``.
    kind : {"laney", "p"}, default "laney"
        "p": the Shewhart p-chart, ``pbar +- sigmas * sqrt(pbar (1 - pbar) / n_i)``.
        "laney": Laney's p'-chart, the p-chart limits times ``sigma_z``. With large
        denominators the p-chart's limits are so narrow that nearly every month is flagged;
        Laney's chart widens them to the month-to-month variation actually seen.
    sigmas : float, default 3
        Width of the limits in standard deviations.
    centre : float, optional
        The centre line; default the overall ratio ``sum(done) / sum(eligible)``.

    Returns
    -------
    ControlChartResult

    Raises
    ------
    InvalidInputError
        Invalid tallies, ``eligible == 0``, fewer than 2 months for Laney, ``sigmas <= 0``,
        a centre outside [0, 1], an unknown kind.

    Notes
    -----
    Laney (2002): ``z_i = (p_i - pbar) / sigma_i``, moving ranges ``MR_i = |z_i - z_{i-1}|``,
    ``sigma_z = mean(MR) / 1.128``, limits ``pbar +- sigmas * sigma_i * sigma_z``. Limits are
    clipped to [0, 1]; a month is flagged when its ratio is strictly outside.
    """
    d, e = as_counts(done, "done"), as_counts(eligible, "eligible")
    d, e = broadcast(["done", "eligible"], [d, e])
    if d.ndim != 1:
        raise InvalidInputError(f"done must be 1-D (months), got shape {d.shape}")
    c = math.nan if centre is None else _real(centre, "centre")
    if centre is not None and math.isnan(c):
        raise InvalidInputError("centre is NaN; pass None for the overall ratio")
    k = _text(kind, "kind")
    out = _core.control_chart(d, e, k, _real(sigmas, "sigmas"), c)
    return ControlChartResult(
        kind=k,
        centre=float(out["centre"]),
        sigma_z=float(out["sigma_z"]),
        ratio=out["ratio"],
        lower=out["lower"],
        upper=out["upper"],
        flags=out["flag"],
    )


def children_funnel(snapshot: Snapshot, unit: str, measure: str | None = None) -> FunnelResult | None:
    """The funnel of ``unit``'s children at the snapshot (their ratios against the overall
    ratio), for ``measure`` or by default the first measure declared a count. None when the
    unit has no children, the measure is not declared a count (a binomial funnel over money
    would be wrong) or a child has nothing eligible."""
    if measure is None:
        measure = next((m for m in snapshot.measures if snapshot.has_interval(m)), None)
    children = snapshot.children_of(unit)
    if measure is None or not children or not snapshot.has_interval(measure):
        return None
    done, eligible = snapshot.column(measure, "done"), snapshot.column(measure, "eligible")
    index = [snapshot.index_of(c) for c in children]
    if (eligible[index] <= 0).any():
        return None
    return funnel_limits(done[index], eligible[index])
