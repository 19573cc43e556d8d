"""Rankings that respect small numbers: neither crown nor shame a unit for noise.

* :func:`beta_binomial_shrinkage`: empirical-Bayes shrinkage of unit ratios towards the
  overall ratio, by how little each unit's own count says (beta-binomial, maximum likelihood
  or method of moments), with posterior intervals;
* :func:`rank_intervals` / :func:`posterior_ranks`: an interval for every unit's rank and the
  probability that it is in the top or the bottom k, by simulation from the posteriors;
* :func:`target_flags`: exact binomial tests of every unit against its target, flagged under
  Benjamini-Hochberg control ("credibly below target" / above);
* :func:`benjamini_hochberg`: adjusted p-values that control the false discovery rate across
  the flags of many units.

The computation is in C++ (``include/attain/stats/shrinkage.hpp``); formulas and references
are in ``docs/statistics.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from . import _core
from ._convert import as_alpha, as_counts, as_ratios, broadcast, require_pandas
from .errors import InputTypeError, InvalidInputError

__all__ = [
    "BetaPrior", "RankIntervals", "ShrinkageResult", "TargetFlags", "benjamini_hochberg", "beta_binomial_shrinkage",
    "posterior_ranks", "rank_intervals", "target_flags",
]  # fmt: skip


class BetaPrior(NamedTuple):
    """The fitted Beta(a, b) distribution of the units' true ratios."""

    mean: float
    """mu = a / (a + b)."""
    precision: float
    """M = a + b; infinite at the boundary."""
    a: float
    b: float
    rho: float
    """intra-unit correlation 1 / (M + 1); 0 when the units vary no more than binomial noise."""
    log_likelihood: float
    """beta-binomial log-likelihood without the binomial coefficients."""
    iterations: int
    boundary: bool
    """True when the ratios vary no more than binomial noise: every unit is shrunk to the
    pooled ratio."""


@dataclass(frozen=True)
class ShrinkageResult:
    """Shrunken ratios with posterior intervals (see :func:`beta_binomial_shrinkage`)."""

    prior: BetaPrior
    method: str
    alpha: float
    eligible: np.ndarray
    ratio: np.ndarray
    """the raw ratios done / eligible (NaN where eligible is 0)."""
    shrunk: np.ndarray
    """the posterior means (a + done) / (a + b + eligible)."""
    low: np.ndarray
    """equal-tailed posterior interval: the alpha / 2 quantile of Beta(a + done, b + eligible - done);
    at the boundary (every unit has the common ratio) the common ratio's Jeffreys interval, of
    Beta(sum done + 1/2, sum (eligible - done) + 1/2), for every unit."""
    high: np.ndarray

    def to_frame(self) -> Any:
        """One row per unit: eligible, ratio, shrunk, low, high."""
        pd = require_pandas("ShrinkageResult.to_frame")
        return pd.DataFrame(
            {"eligible": self.eligible, "ratio": self.ratio, "shrunk": self.shrunk, "low": self.low, "high": self.high}
        )


def _unit_counts(done: Any, eligible: Any, method: Any) -> tuple[np.ndarray, np.ndarray]:
    """``done`` and ``eligible`` as 1-D count arrays of one length (one value per unit), and
    ``method`` checked to be a string: the arguments every shrinkage entry point shares."""
    d, e = as_counts(done, "done"), as_counts(eligible, "eligible")
    d, e = broadcast(["done", "eligible"], [d, e])
    if d.ndim != 1:
        raise InvalidInputError(f"done must be 1-D (one value per unit), got shape {d.shape}")
    if not isinstance(method, str):
        raise InputTypeError(f"method = {method!r} must be a string")
    return d, e


def beta_binomial_shrinkage(done: Any, eligible: Any, method: str = "ml", alpha: float = 0.05) -> ShrinkageResult:
    """Empirical-Bayes (beta-binomial) shrinkage of unit ratios, with posterior intervals.

    An officer with 2 of 2 done is not better than one with 180 of 200: shrinkage pulls each
    unit's ratio towards the overall ratio by as much as its small denominator warrants.

    Parameters
    ----------
    done, eligible : array_like of whole numbers, 1-D
        The units' tallies. Units with ``eligible == 0`` are allowed; they get the prior.
    method : {"ml", "moments"}, default "ml"
        "ml": maximum likelihood of the beta-binomial; "moments": the ANOVA estimator of the
        intra-unit correlation with the pooled ratio as the mean.
    alpha : float, default 0.05
        1 - coverage of the posterior intervals.

    Returns
    -------
    ShrinkageResult

    Raises
    ------
    InvalidInputError
        Invalid tallies, fewer than 2 units with eligible > 0, done 0 (or equal to eligible)
        in every unit, alpha outside (0, 1), an unknown method; "moments" when no unit has
        eligible > 1.

    Notes
    -----
    Unit i's true ratio is drawn from Beta(a, b); its posterior is
    Beta(a + y_i, b + n_i - y_i), with mean ``(a + y_i) / (a + b + n_i)``. Intervals are
    equal-tailed posterior quantiles. They ignore the uncertainty in (a, b) (the usual
    empirical-Bayes simplification; it matters when there are few units).

    Examples
    --------
    >>> r = attain.beta_binomial_shrinkage([2, 180, 30, 5], [2, 200, 60, 20])
    >>> r.ratio.round(2).tolist(), r.shrunk.round(2).tolist()
    ([1.0, 0.9, 0.5, 0.25], [0.78, 0.9, 0.51, 0.3])
    """
    d, e = _unit_counts(done, eligible, method)
    a = as_alpha(alpha)
    out = _core.beta_binomial_shrinkage(d, e, method, a)
    p = out["prior"]
    prior = BetaPrior(
        mean=float(p["mean"]),
        precision=float(p["precision"]),
        a=float(p["a"]),
        b=float(p["b"]),
        rho=float(p["rho"]),
        log_likelihood=float(p["log_likelihood"]),
        iterations=int(p["iterations"]),
        boundary=bool(p["boundary"]),
    )
    return ShrinkageResult(prior, method, a, e, out["ratio"], out["shrunk"], out["low"], out["high"])


def benjamini_hochberg(p_values: Any) -> Any:
    """Benjamini-Hochberg adjusted p-values (false discovery rate), any shape.

    Flag the units whose adjusted p-value is below q to keep the expected share of false
    flags among all flags at most q (for independent or positively dependent tests).

    Parameters
    ----------
    p_values : array_like of float in [0, 1]

    Returns
    -------
    float or numpy.ndarray
        ``q_(i) = min_{j >= i} min(1, p_(j) m / j)`` over the sorted p-values, in the input's
        order and shape (the same as statsmodels ``multipletests(method="fdr_bh")``).

    Raises
    ------
    InvalidInputError
        A p-value that is NaN or outside [0, 1].

    Examples
    --------
    >>> attain.benjamini_hochberg([0.01, 0.04, 0.03, 0.5]).tolist()
    [0.04, 0.05333333333333334, 0.05333333333333334, 0.5]
    """
    arr = np.asarray(p_values)
    if arr.dtype.kind not in "iuf":
        raise InputTypeError(f"p_values has dtype {arr.dtype}; p-values must be numbers in [0, 1]")
    flat = np.ascontiguousarray(arr, dtype=np.float64).reshape(-1)
    q = _core.benjamini_hochberg(flat)
    if arr.ndim == 0:
        return float(q[0])
    return q.reshape(arr.shape)


@dataclass(frozen=True)
class RankIntervals:
    """Posterior rank intervals (see :func:`rank_intervals`); rank 1 is the highest ratio."""

    mean: np.ndarray
    """posterior mean rank (NaN where not ranked)."""
    low: np.ndarray
    """the alpha / 2 quantile of the rank (int64; 0 where not ranked)."""
    high: np.ndarray
    """the 1 - alpha / 2 quantile of the rank (int64; 0 where not ranked)."""
    p_top: np.ndarray
    """P(rank <= top): the posterior probability that the unit is in the top ``top``."""
    p_bottom: np.ndarray
    """P(rank >= ranked - top + 1): the probability that it is in the bottom ``top``."""
    top: int
    draws: int
    ranked: int
    """how many units were ranked (those with eligible > 0)."""
    seed: int
    alpha: float

    def credibly_top(self, level: float = 0.95) -> np.ndarray:
        """Units whose probability of being in the top ``top`` is at least ``level``."""
        return np.nan_to_num(self.p_top) >= level

    def credibly_bottom(self, level: float = 0.95) -> np.ndarray:
        """Units whose probability of being in the bottom ``top`` is at least ``level``."""
        return np.nan_to_num(self.p_bottom) >= level


def _as_count(value: Any, name: str, low: int) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise InputTypeError(f"{name} = {value!r} must be a whole number")
    if int(value) < low:
        raise InvalidInputError(f"{name} = {value} is below {low}")
    return int(value)


def _ranks(out: dict[str, Any], seed: int, alpha: float) -> RankIntervals:
    return RankIntervals(
        out["mean"], out["low"], out["high"], out["p_top"], out["p_bottom"], int(out["top"]), int(out["draws"]),
        int(out["ranked"]), seed, alpha,
    )  # fmt: skip


def rank_intervals(
    done: Any,
    eligible: Any,
    top: int = 1,
    draws: int = 1000,
    seed: int = 14,
    alpha: float = 0.05,
    method: str = "ml",
    threads: int = 1,
) -> RankIntervals:
    """An interval for every unit's rank, and which units are credibly in the top or bottom k.

    The units' ratios are shrunk as by :func:`beta_binomial_shrinkage` (``method``); each unit's
    true ratio then has the posterior Beta(a + done, b + eligible - done). ``draws`` times, a
    ratio is drawn for every unit and the units are ranked (1 = the highest); a unit's rank
    interval is the equal-tailed ``1 - alpha`` interval of its ranks over the draws, and
    ``p_top`` the share of draws in which it was in the top ``top``.

    Parameters
    ----------
    done, eligible : array_like of whole numbers, 1-D
        Units with ``eligible == 0`` are not ranked (rank 0, NaN probabilities).
    top : int, default 1
        k of "in the top k" and "in the bottom k".
    draws : int, default 1000
        Posterior draws; a probability's Monte Carlo standard error is at most 0.5 / sqrt(draws).
    seed : int, default 14
        The same seed gives the same result, with any ``threads`` (Boost.Random's mt19937_64;
        Marsaglia-Tsang gamma draws, see docs/statistics.md).
    alpha : float, default 0.05
        1 - coverage of the rank intervals (and of nothing else: the shrinkage is fitted as by
        :func:`beta_binomial_shrinkage`).
    method : {"ml", "moments"}
    threads : int, default 1
        Threads drawing; the result does not depend on it.

    Returns
    -------
    RankIntervals

    Raises
    ------
    InvalidInputError
        As :func:`beta_binomial_shrinkage`; ``top`` outside [1, units ranked], ``draws`` < 1.

    Notes
    -----
    The posterior ignores the uncertainty in the prior (a, b), as the shrinkage does. Units tied
    in a draw (only when the prior is at the boundary, or a draw underflows to 0 or 1) take
    every rank of the tie: at the boundary every interval is [1, units] and no unit is credibly
    top or bottom. Formulas and references: ``docs/statistics.md`` section 3.

    Examples
    --------
    >>> r = attain.rank_intervals([2, 180, 30, 5], [2, 200, 60, 20], top=1)
    >>> r.low.tolist(), r.high.tolist()  # 2 of 2 done: anywhere from 1st to 3rd
    ([1, 1, 2, 3], [3, 2, 4, 4])
    """
    d, e = _unit_counts(done, eligible, method)
    k, n, s, t = _as_count(top, "top", 1), _as_count(draws, "draws", 1), _as_count(seed, "seed", 0), _as_count(threads, "threads", 1)
    a = as_alpha(alpha)
    return _ranks(_core.rank_intervals(d, e, method, 0.05, k, n, s, a, t), s, a)


def posterior_ranks(
    a: Any, b: Any, top: int = 1, draws: int = 1000, seed: int = 14, alpha: float = 0.05, threads: int = 1
) -> RankIntervals:
    """Rank intervals of units whose true ratios are independent Beta(a[i], b[i]) (any
    posteriors, e.g. from a prior of one's own); see :func:`rank_intervals`."""
    pa = np.ascontiguousarray(a, dtype=np.float64)
    pb = np.ascontiguousarray(b, dtype=np.float64)
    pa, pb = broadcast(["a", "b"], [pa, pb])
    if pa.ndim != 1:
        raise InvalidInputError(f"a must be 1-D (one value per unit), got shape {pa.shape}")
    k, n, s, t = _as_count(top, "top", 1), _as_count(draws, "draws", 1), _as_count(seed, "seed", 0), _as_count(threads, "threads", 1)
    al = as_alpha(alpha)
    return _ranks(_core.posterior_ranks(pa, pb, k, n, s, al, t), s, al)


@dataclass(frozen=True)
class TargetFlags:
    """Exact binomial tests of units against their targets (see :func:`target_flags`)."""

    p_below: np.ndarray
    """P(Binomial(eligible, target) <= done): small when the unit is below its target."""
    p_above: np.ndarray
    """P(Binomial(eligible, target) >= done): small when the unit is above its target."""
    q: np.ndarray
    """Benjamini-Hochberg adjusted two-sided p-values (NaN where not tested)."""
    flag: np.ndarray
    """-1 credibly below target, +1 credibly above, 0 neither (int8)."""
    fdr: float


def target_flags(done: Any, eligible: Any, target: Any, fdr: float = 0.05) -> TargetFlags:
    """Which units are credibly below (or above) their targets, with the false discovery rate
    across all the flags kept at ``fdr``.

    Each unit with something eligible and a target is tested exactly: p_below =
    P(Binomial(eligible, target) <= done), p_above = P(Binomial(eligible, target) >= done), the
    two-sided p-value min(1, 2 min(p_below, p_above)); the p-values are adjusted by
    Benjamini-Hochberg across the tested units, and a unit is flagged where its adjusted value
    is at most ``fdr``. One miss out of two is never flagged: small units are not shamed by
    noise.

    Parameters
    ----------
    done, eligible : array_like of whole numbers, 1-D
    target : float or array_like of float in [0, 1]
        One target for all, or one per unit; NaN: the unit has no target (not tested).
    fdr : float, default 0.05

    Returns
    -------
    TargetFlags

    Examples
    --------
    >>> attain.target_flags([1, 40, 95], [2, 100, 100], 0.8).flag.tolist()
    [0, -1, 1]
    """
    d, e = as_counts(done, "done"), as_counts(eligible, "eligible")
    d, e = broadcast(["done", "eligible"], [d, e])
    if d.ndim != 1:
        raise InvalidInputError(f"done must be 1-D (one value per unit), got shape {d.shape}")
    t = np.atleast_1d(as_ratios(target, "target", allow_nan=True)).reshape(-1)
    q = as_alpha(fdr)
    out = _core.target_flags(d, e, t, q)
    return TargetFlags(out["p_below"], out["p_above"], out["q"], out["flag"], q)
