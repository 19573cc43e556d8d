"""Rankings that respect small numbers: neither crown nor shame a unit for noise.

* :func:`beta_binomial_shrinkage`: empirical-Bayes shrinkage of unit ratios towards the
  overall ratio, by how little each unit's own count says (beta-binomial, maximum likelihood
  or method of moments), with posterior intervals;
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
from ._convert import as_alpha, as_counts, broadcast, require_pandas
from .errors import InputTypeError, InvalidInputError

__all__ = ["BetaPrior", "ShrinkageResult", "benjamini_hochberg", "beta_binomial_shrinkage"]


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
    """equal-tailed posterior interval: the alpha / 2 quantile of Beta(a + done, b + eligible - done)."""
    high: np.ndarray

    def to_frame(self) -> Any:
        """One row per unit: eligible, ratio, shrunk, low, high."""
        pd = require_pandas("ShrinkageResult.to_frame")
        return pd.DataFrame(
            {"eligible": self.eligible, "ratio": self.ratio, "shrunk": self.shrunk, "low": self.low, "high": self.high}
        )


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
    d, e = as_counts(done, "done"), as_counts(eligible, "eligible")
    d, e = broadcast(["done", "eligible"], [d, e])
    if d.ndim != 1:
        raise InvalidInputError(f"done must be 1-D (one value per unit), got shape {d.shape}")
    if not isinstance(method, str):
        raise InputTypeError(f"method = {method!r} must be a string")
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
