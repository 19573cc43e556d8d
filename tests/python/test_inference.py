"""attain's inference layer against independent references.

References: statsmodels 0.15 (proportion_confint, confint_proportions_2indep,
proportions_ztest, Table.test_ordinal_association), scipy (brentq inversions, binom / norm
quantiles), and formulas re-derived here in numpy from the papers (Armitage 1955,
Spiegelhalter 2005, DerSimonian-Laird, Laney 2002). Tolerances: 1e-10 relative where the
math is closed form, 1e-8 relative where it is iterative (inverse incomplete beta, root
finding); a 1e-14 absolute floor for limits that are 0 up to rounding.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from scipy import optimize, stats
from statsmodels.stats.contingency_tables import Table
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)

import attain
from attain.errors import InputTypeError, InvalidInputError, LengthMismatchError

CLOSED = {"rtol": 1e-10, "atol": 1e-14}
ITERATIVE = {"rtol": 1e-8, "atol": 1e-14}
RNG_SEED = 20210630


def random_tallies(rng: np.random.Generator, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Denominators from 1 to 10^6 (log-uniform), ratios anywhere, with 0 of n and n of n."""
    nobs = np.exp(rng.uniform(0, math.log(1e6), size)).astype(np.int64) + 1
    count = rng.binomial(nobs, rng.uniform(0, 1, size))
    count[:5] = 0
    count[5:10] = nobs[5:10]
    nobs[10:15] = 1
    count[10:13] = 1
    count[13:15] = 0
    return count, nobs


# --------------------------------------------------------------------------------------------
# proportion_ci


STATSMODELS_METHODS = {
    "normal": CLOSED,
    "wilson": CLOSED,
    "agresti_coull": CLOSED,
    "beta": ITERATIVE,
    "clopper_pearson": ITERATIVE,
    "jeffreys": ITERATIVE,
}


@pytest.mark.parametrize("method", sorted(STATSMODELS_METHODS))
@pytest.mark.parametrize("alpha", [0.05, 0.1, 0.5, 1e-10, 0.999])
def test_proportion_ci_matches_statsmodels(method: str, alpha: float) -> None:
    rng = np.random.default_rng(RNG_SEED)
    count, nobs = random_tallies(rng, 400)
    low, high = attain.proportion_ci(count, nobs, alpha=alpha, method=method)
    sm_method = "beta" if method == "clopper_pearson" else method
    ref_low, ref_high = proportion_confint(count, nobs, alpha=alpha, method=sm_method)
    np.testing.assert_allclose(low, ref_low, **STATSMODELS_METHODS[method])
    np.testing.assert_allclose(high, ref_high, **STATSMODELS_METHODS[method])


def test_proportion_ci_very_large_nobs() -> None:
    count = np.array([0, 1, 3, 5 * 10**11, 10**12 - 1, 10**12])
    nobs = np.full(6, 10**12)
    for method, tol in STATSMODELS_METHODS.items():
        sm_method = "beta" if method == "clopper_pearson" else method
        low, high = attain.proportion_ci(count, nobs, method=method)
        ref_low, ref_high = proportion_confint(count, nobs, method=sm_method)
        np.testing.assert_allclose(low, ref_low, **tol)
        np.testing.assert_allclose(high, ref_high, **tol)


@pytest.mark.parametrize("method", ["clopper_pearson", "jeffreys"])
def test_repeated_tallies_computed_once_give_the_same_intervals(method: str) -> None:
    # Many repeated (count, nobs) pairs in random order: the iterative methods compute each
    # distinct pair once and copy it back to every position.
    rng = np.random.default_rng(RNG_SEED + 7)
    nobs = rng.integers(1, 30, 3000)
    count = rng.binomial(nobs, 0.7)
    low, high = attain.proportion_ci(count, nobs, method=method)
    ref_low, ref_high = proportion_confint(count, nobs, method="beta" if method == "clopper_pearson" else method)
    np.testing.assert_allclose(low, ref_low, **ITERATIVE)
    np.testing.assert_allclose(high, ref_high, **ITERATIVE)
    empty = attain.proportion_ci(np.array([], dtype=np.int64), np.array([], dtype=np.int64), method=method)
    assert empty.low.shape == (0,)


def test_exact_intervals_match_scipy_and_statsmodels_over_the_range() -> None:
    # attain solves the beta quantiles itself (issue 15); SciPy's beta.ppf / beta.isf (Boost.Math's
    # inverse incomplete beta) and statsmodels are the references, to 1e-12 relative over counts
    # 0 to n, n from 1 to 10^7 and alpha from 1e-6 to 0.5. Where one Beta parameter is below 5
    # and the other above 10^5, the references themselves differ from the exact binomial tail by up
    # to 2e-10 (checked in 40 digits): 1e-9 there.
    sizes = [1, 2, 3, 5, 10, 17, 50, 100, 333, 1000, 5000, 10**4, 10**5, 10**6, 10**7]
    pairs = sorted(
        {
            (c, n)
            for n in sizes
            for c in (0, 1, 2, 3, n // 7, n // 3, n // 2, n * 9 // 10, n - 3, n - 2, n - 1, n)
            if 0 <= c <= n
        }
    )
    count = np.array([c for c, _ in pairs], dtype=np.int64)
    nobs = np.array([n for _, n in pairs], dtype=np.int64)
    lopsided = (np.minimum(count, nobs - count) < 5) & (nobs > 10**5)
    for alpha in (1e-6, 1e-3, 0.01, 0.05, 0.1, 0.3, 0.5):
        for method, a, b in (
            ("clopper_pearson", count, nobs - count + 1),
            ("jeffreys", count + 0.5, nobs - count + 0.5),
        ):
            low, high = attain.proportion_ci(count, nobs, alpha=alpha, method=method)
            with np.errstate(all="ignore"):
                ref_low = stats.beta.ppf(alpha / 2, a, b)
                ref_high = stats.beta.isf(
                    alpha / 2, a + (method == "clopper_pearson"), b - (method == "clopper_pearson")
                )
            if method == "clopper_pearson":
                ref_low, ref_high = np.where(count == 0, 0.0, ref_low), np.where(count == nobs, 1.0, ref_high)
            sm_low, sm_high = proportion_confint(
                count, nobs, alpha=alpha, method="beta" if method == "clopper_pearson" else method
            )
            for ours, refs in ((low, (ref_low, sm_low)), (high, (ref_high, sm_high))):
                for ref in refs:
                    rel = np.abs(ours - ref) / np.where(ref == 0, 1.0, np.abs(ref))
                    assert rel[~lopsided].max() <= 1e-12, (
                        method,
                        alpha,
                        pairs[int(np.argmax(np.where(lopsided, 0, rel)))],
                    )
                    assert rel[lopsided].max() <= 1e-9, (method, alpha)


def test_proportion_ci_counts_beyond_two_to_the_52() -> None:
    # Above 2^52 the vectorised Wilson loop hands over to the general one.
    count = np.array([0, 3, 2**59, 2**60 - 1, 2**60], dtype=np.int64)
    nobs = np.full(5, 2**60, dtype=np.int64)
    for method in ("wilson", "normal", "agresti_coull"):
        low, high = attain.proportion_ci(count, nobs, method=method)
        ref_low, ref_high = proportion_confint(count, nobs, method=method)
        np.testing.assert_allclose(low, ref_low, **CLOSED)
        np.testing.assert_allclose(high, ref_high, **CLOSED)


def test_exact_methods_refuse_denominators_beyond_two_to_the_50() -> None:
    for method in ("clopper_pearson", "jeffreys"):
        with pytest.raises(InvalidInputError, match=r"nobs\[1\] = 1125899906842625 is above 2\^50"):
            attain.proportion_ci([1, 1], [10, 2**50 + 1], method=method)
    # Money-sized denominators (10^12) need Boost's long series; they work, and agree with
    # the textbook symmetry of the two limits to 1e-9 of the ratio.
    low, high = attain.proportion_ci(125 * 10**9, 10**12, alpha=0.5, method="clopper_pearson")
    assert abs((0.125 - low) - (high - 0.125)) < 1e-9 * 0.125


def wilson_cc_by_inversion(count: int, nobs: int, alpha: float) -> tuple[float, float]:
    """Inverts the continuity-corrected score test |x - n p| - 1/2 = z sqrt(n p (1 - p))."""
    z = stats.norm.isf(alpha / 2)

    def lower(p: float) -> float:
        return (count - 0.5 - nobs * p) - z * math.sqrt(nobs * p * (1 - p))

    def upper(p: float) -> float:
        return (nobs * p - count - 0.5) - z * math.sqrt(nobs * p * (1 - p))

    kw = {"xtol": 1e-300, "rtol": 4 * np.finfo(float).eps, "maxiter": 500}
    lo = 0.0 if count == 0 else optimize.brentq(lower, 0.0, (count - 0.5) / nobs, **kw)
    hi = 1.0 if count == nobs else optimize.brentq(upper, (count + 0.5) / nobs, 1.0, **kw)
    return lo, hi


@pytest.mark.parametrize("alpha", [0.05, 0.2, 1e-8, 0.99])
def test_wilson_cc_matches_score_test_inversion(alpha: float) -> None:
    rng = np.random.default_rng(RNG_SEED + 1)
    count, nobs = random_tallies(rng, 150)
    low, high = attain.proportion_ci(count, nobs, alpha=alpha, method="wilson_cc")
    ref = np.array([wilson_cc_by_inversion(int(c), int(n), alpha) for c, n in zip(count, nobs)])
    np.testing.assert_allclose(low, ref[:, 0], **ITERATIVE)
    np.testing.assert_allclose(high, ref[:, 1], **ITERATIVE)


def test_wilson_cc_newcombe_worked_example() -> None:
    # Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I,
    # 81 of 263: Wilson 0.2553-0.3662, continuity-corrected 0.2535-0.3682 (4 decimals).
    assert np.round(attain.proportion_ci(81, 263, method="wilson"), 4).tolist() == [0.2553, 0.3662]
    assert np.round(attain.proportion_ci(81, 263, method="wilson_cc"), 4).tolist() == [0.2535, 0.3682]


def test_proportion_ci_shapes_and_types() -> None:
    r = attain.proportion_ci(3, 10)
    assert isinstance(r.low, float) and isinstance(r.high, float)
    low, high = attain.proportion_ci([[1, 2, 3]], [[10], [20]])
    assert low.shape == (2, 3) and high.shape == (2, 3)
    count = np.array([1, 2, 3])
    count.setflags(write=False)
    ro = attain.proportion_ci(count, np.array([5, 5, 5]))
    np.testing.assert_allclose(ro.low, proportion_confint(count, 5, method="wilson")[0], **CLOSED)
    frame = attain.proportion_ci(np.array([1, 2]), 5).to_frame()
    assert list(frame.columns) == ["low", "high"] and len(frame) == 2
    pd = pytest.importorskip("pandas")
    s = attain.proportion_ci(pd.Series([1, 2], dtype="Int64"), pd.Series([4, 4]))
    assert s.low.shape == (2,)


@pytest.mark.parametrize(
    ("count", "nobs", "alpha", "method", "error", "message"),
    [
        (-1, 10, 0.05, "wilson", InvalidInputError, "count[0] = -1 is negative"),
        ([1, 11], 10, 0.05, "wilson", InvalidInputError, "count[1] = 11 is greater than nobs[1] = 10"),
        (0, 0, 0.05, "beta", InvalidInputError, "nobs[0] = 0"),
        (1, 10, 0.0, "wilson", InvalidInputError, "alpha = 0.0 is outside (0, 1)"),
        (1, 10, 1.0, "wilson", InvalidInputError, "alpha = 1.0 is outside (0, 1)"),
        (1, 10, float("nan"), "wilson", InvalidInputError, "alpha = nan is NaN"),
        (1, 10, 0.05, "exact", InvalidInputError, "method = 'exact' is not one of"),
        (1.5, 10, 0.05, "wilson", InvalidInputError, "count[0] = 1.5 is not a whole number"),
        (1, 10, "0.05", "wilson", InputTypeError, "alpha"),
        (True, 10, 0.05, "wilson", InputTypeError, "booleans"),
    ],
)
def test_proportion_ci_rejects_bad_input(count, nobs, alpha, method, error, message) -> None:
    with pytest.raises(error, match=re.escape(message)):
        attain.proportion_ci(count, nobs, alpha=alpha, method=method)


# --------------------------------------------------------------------------------------------
# proportion_difference


def test_proportion_difference_matches_statsmodels() -> None:
    rng = np.random.default_rng(RNG_SEED + 2)
    c1, n1 = random_tallies(rng, 200)
    c2, n2 = random_tallies(rng, 200)
    for alpha in (0.05, 0.01, 0.5):
        r = attain.proportion_difference(c1, n1, c2, n2, alpha=alpha)
        low, high = confint_proportions_2indep(c1, n1, c2, n2, method="newcomb", alpha=alpha)
        np.testing.assert_allclose(r.low, low, **CLOSED)
        np.testing.assert_allclose(r.high, high, **CLOSED)
        np.testing.assert_allclose(r.difference, c1 / n1 - c2 / n2, **CLOSED)
    r = attain.proportion_difference(c1, n1, c2, n2)
    for i in range(len(c1)):
        pooled = (c1[i] + c2[i]) / (n1[i] + n2[i])
        if pooled in (0.0, 1.0):
            assert math.isnan(r.z[i]) and math.isnan(r.p_value[i])
            continue
        for alternative, field in (("two-sided", "p_value"), ("larger", "p_larger"), ("smaller", "p_smaller")):
            z, p = proportions_ztest([c1[i], c2[i]], [n1[i], n2[i]], alternative=alternative)
            np.testing.assert_allclose(r.z[i], z, **CLOSED)
            np.testing.assert_allclose(getattr(r, field)[i], p, rtol=1e-9, atol=1e-300)


def test_proportion_difference_ben_tre_month() -> None:
    # Up 5.17 points: 62.97 % of 16,623 now against 57.80 % of 16,000 a month earlier.
    r = attain.proportion_difference(10468, 16623, 9248, 16000)
    assert round(r.difference * 100, 2) == 5.17
    assert r.low < r.difference < r.high and r.p_larger < 1e-10
    assert isinstance(r.z, float)
    frame = attain.proportion_difference([1, 2], [5, 5], [3, 3], [6, 6]).to_frame()
    assert list(frame.columns) == list(attain.ProportionDifference._fields)


def test_proportion_difference_rejects_bad_input() -> None:
    with pytest.raises(InvalidInputError, match=r"count2\[1\] = 7 is greater than nobs2\[1\] = 6"):
        attain.proportion_difference([1, 1], [5, 5], [1, 7], [6, 6])
    with pytest.raises(InvalidInputError, match=r"nobs1\[0\] = 0"):
        attain.proportion_difference(0, 0, 1, 2)
    with pytest.raises(LengthMismatchError):
        attain.proportion_difference([1, 2], [5, 5, 5], 1, 2)


# --------------------------------------------------------------------------------------------
# Cochran-Armitage


def armitage_n_convention(done: np.ndarray, eligible: np.ndarray, scores: np.ndarray) -> float:
    """z of the Cochran-Armitage test in its textbook form (Armitage 1955, variance with N):
    T = sum t_i (N1_i R2 - N2_i R1), Var = R1 R2 / N (sum t_i^2 C_i (N - C_i)
    - 2 sum_{i<j} t_i t_j C_i C_j)."""
    n1, n2 = done.astype(float), (eligible - done).astype(float)
    c = eligible.astype(float)
    r1, r2, n = n1.sum(), n2.sum(), c.sum()
    t = float(np.sum(scores * (n1 * r2 - n2 * r1)))
    cross = sum(scores[i] * scores[j] * c[i] * c[j] for i in range(len(c)) for j in range(i + 1, len(c)))
    var = r1 * r2 / n * (np.sum(scores**2 * c * (n - c)) - 2 * cross)
    return t / math.sqrt(var)


def test_cochran_armitage_matches_statsmodels_and_armitage() -> None:
    rng = np.random.default_rng(RNG_SEED + 3)
    for trial in range(60):
        k = int(rng.integers(2, 13))
        eligible = rng.integers(0 if trial % 3 else 1, 2000, k)
        eligible[0] = max(eligible[0], 1)
        done = rng.binomial(eligible, np.clip(0.4 + 0.02 * np.arange(k) * rng.normal(), 0.01, 0.99))
        scores = None if trial % 2 else np.sort(rng.normal(0, 10, k))
        if done.sum() in (0, eligible.sum()):
            continue
        s = np.arange(k, dtype=float) if scores is None else scores
        table = Table(np.column_stack([eligible - done, done]), shift_zeros=False)
        ref = table.test_ordinal_association(row_scores=s, col_scores=np.array([0.0, 1.0]))
        r = attain.cochran_armitage(done, eligible, scores=scores)
        np.testing.assert_allclose(r.statistic, ref.statistic, **CLOSED)
        np.testing.assert_allclose(r.null_mean, ref.null_mean, **CLOSED)
        np.testing.assert_allclose(r.null_sd, ref.null_sd, **CLOSED)
        np.testing.assert_allclose(r.z, ref.zscore, rtol=1e-9)
        np.testing.assert_allclose(r.p_value, ref.pvalue, rtol=1e-9, atol=1e-300)
        np.testing.assert_allclose(r.p_increasing, stats.norm.sf(ref.zscore), rtol=1e-9, atol=1e-300)
        np.testing.assert_allclose(r.p_decreasing, stats.norm.cdf(ref.zscore), rtol=1e-9, atol=1e-300)
        rn = attain.cochran_armitage(done, eligible, scores=scores, variance="n")
        np.testing.assert_allclose(rn.z, armitage_n_convention(done, eligible, s), rtol=1e-9)


def test_cochran_armitage_rows_and_degenerate() -> None:
    done = np.array([[3, 6, 11, 8], [5, 5, 5, 5], [0, 0, 0, 0]])
    eligible = np.array([[10, 12, 15, 9], [5, 5, 5, 5], [4, 4, 4, 4]])
    r = attain.cochran_armitage(done, eligible)
    one = attain.cochran_armitage(done[0], eligible[0])
    assert r.z[0] == one.z
    assert np.isnan(r.z[1:]).all() and np.isnan(r.p_value[1:]).all()
    assert list(r.to_frame().columns) == list(attain.CochranArmitageResult._fields)
    with pytest.raises(InvalidInputError, match="at least 2 periods"):
        attain.cochran_armitage([1], [2])
    with pytest.raises(InvalidInputError, match=r"done\[1\] = 3 is greater than eligible\[1\] = 2"):
        attain.cochran_armitage([1, 3], [2, 2])
    with pytest.raises(LengthMismatchError, match="scores"):
        attain.cochran_armitage([1, 1], [2, 2], scores=[1, 2, 3])
    with pytest.raises(InvalidInputError, match="scores\\[1\\] = inf"):
        attain.cochran_armitage([1, 1], [2, 2], scores=[1, math.inf])
    with pytest.raises(InvalidInputError, match="variance = 'N-2'"):
        attain.cochran_armitage([1, 1], [2, 2], variance="N-2")
    with pytest.raises(InvalidInputError, match="eligible is 0 in every period"):
        attain.cochran_armitage([0, 0], [0, 0])


# --------------------------------------------------------------------------------------------
# Funnel limits


def spiegelhalter_exact(n: int, theta: float, p: float) -> float:
    """Spiegelhalter (2005) appendix, re-derived with scipy: r_p = binom.ppf(p), interpolated."""
    r = stats.binom.ppf(p, n, theta)
    f, f_below = stats.binom.cdf(r, n, theta), stats.binom.cdf(r - 1, n, theta)
    a = (f - p) / (f - f_below)
    return max(0.0, (r - a) / n)


def test_funnel_exact_limits_match_scipy_derivation() -> None:
    rng = np.random.default_rng(RNG_SEED + 4)
    eligible = np.concatenate([[1, 2, 5, 40, 4000, 40, 4000, 40], rng.integers(1, 20000, 60)])
    done = rng.binomial(eligible, 0.6)
    for target in (0.6, 0.05, 0.97):
        r = attain.funnel_limits(done, eligible, target=target, levels=(0.95, 0.998))
        for i, n in enumerate(eligible):
            for j, level in enumerate(r.levels):
                lo = spiegelhalter_exact(int(n), target, (1 - level) / 2)
                hi = spiegelhalter_exact(int(n), target, (1 + level) / 2)
                np.testing.assert_allclose(r.lower[i, j], lo, rtol=1e-9, atol=1e-14)
                np.testing.assert_allclose(r.upper[i, j], hi, rtol=1e-9, atol=1e-14)
        expected = np.where(r.ratio[:, None] > r.upper, 1, np.where(r.ratio[:, None] < r.lower, -1, 0))
        np.testing.assert_array_equal(r.flags, expected)


def test_funnel_the_two_branches_of_the_issue() -> None:
    # 20 of 40 (50 %) and 2,400 of 4,000 (60 %) against a 60 % target: the small branch is
    # well within its wide limits, the large one exactly on target.
    r = attain.funnel_limits([20, 2400], [40, 4000], target=0.6)
    assert (r.flags == 0).all()
    assert r.upper[0, 0] - r.lower[0, 0] > 5 * (r.upper[1, 0] - r.lower[1, 0])
    # 2,200 of 4,000 (55 %) is far below the 99.8 % limit; 20 of 40 is not.
    r = attain.funnel_limits([20, 2200], [40, 4000], target=0.6)
    assert r.flag_names().tolist() == [["within", "within"], ["below", "below"]]


def overdispersion_reference(done, eligible, theta, scale, winsorise=0.1):
    ratio = done / eligible
    if scale == "proportion":
        s = np.sqrt(theta * (1 - theta) / eligible)
        z = (ratio - theta) / s
    else:
        s = 1 / (2 * np.sqrt(eligible))
        z = (np.arcsin(np.sqrt(ratio)) - np.arcsin(np.sqrt(theta))) / s
    lo, hi = np.percentile(z, [100 * winsorise, 100 * (1 - winsorise)])
    zw = np.clip(z, lo, hi)
    count = len(z)
    phi = np.sum(zw**2) / count
    w = 1 / s**2
    tau2 = 0.0 if count * phi <= count - 1 else (count * phi - (count - 1)) / (w.sum() - (w**2).sum() / w.sum())
    return z, phi, tau2


@pytest.mark.parametrize("scale", ["proportion", "arcsine"])
def test_funnel_overdispersion_matches_numpy_derivation(scale: str) -> None:
    rng = np.random.default_rng(RNG_SEED + 5)
    eligible = rng.integers(50, 5000, 80)
    p = np.clip(rng.normal(0.6, 0.08, 80), 0.05, 0.95)  # overdispersed: unit effects
    done = rng.binomial(eligible, p)
    theta = done.sum() / eligible.sum()
    z, phi, tau2 = overdispersion_reference(done, eligible, theta, scale)
    levels = (0.95, 0.998)
    zq = stats.norm.isf((1 - np.array(levels)) / 2)
    for od in ("multiplicative", "random_effects"):
        r = attain.funnel_limits(done, eligible, overdispersion=od, scale=scale, levels=levels)
        assert r.method == "normal"
        np.testing.assert_allclose(r.centre, theta, **CLOSED)
        np.testing.assert_allclose(r.z, z, **CLOSED)
        np.testing.assert_allclose(r.phi, phi, **CLOSED)
        np.testing.assert_allclose(r.tau2, tau2, **CLOSED)
        assert phi > 1 and tau2 > 0
        var_phi, var_tau = (max(phi, 1.0), 0.0) if od == "multiplicative" else (1.0, tau2)
        if scale == "proportion":
            half = zq[None, :] * np.sqrt(var_phi * theta * (1 - theta) / eligible[:, None] + var_tau)
            lower, upper = np.clip(theta - half, 0, 1), np.clip(theta + half, 0, 1)
        else:
            half = zq[None, :] * np.sqrt(var_phi / (4 * eligible[:, None]) + var_tau)
            y0 = np.arcsin(np.sqrt(theta))
            lower = np.sin(np.clip(y0 - half, 0, np.pi / 2)) ** 2
            upper = np.sin(np.clip(y0 + half, 0, np.pi / 2)) ** 2
        np.testing.assert_allclose(r.lower, lower, **CLOSED)
        np.testing.assert_allclose(r.upper, upper, **CLOSED)
    plain = attain.funnel_limits(done, eligible, method="normal", scale=scale)
    assert plain.phi_used == 1.0 and plain.tau2_used == 0.0
    assert (np.abs(plain.flags) > 0).sum() > (np.abs(r.flags) > 0).sum()


def test_funnel_per_unit_targets_and_gap() -> None:
    done, eligible = np.array([50, 700, 90]), np.array([100, 1000, 100])
    target = np.array([0.815, 0.815, 0.6])
    r = attain.funnel_limits(done, eligible, target=target)
    np.testing.assert_allclose(r.centre, target)
    np.testing.assert_allclose(r.gap, target - done / eligible)
    for i in range(3):
        single = attain.funnel_limits(done[i : i + 1], eligible[i : i + 1], target=target[i])
        np.testing.assert_array_equal(r.lower[i], single.lower[0])
    frame = r.to_frame()
    assert {"gap", "lower_95", "upper_99.8", "flag_95"} <= set(frame.columns)
    assert frame["flag_95"].tolist() == ["below", "below", "above"]
    with pytest.raises(InvalidInputError, match="different centres"):
        r.curves()


def test_funnel_curves_agree_with_unit_limits() -> None:
    done, eligible = np.array([20, 2400, 30, 500]), np.array([40, 4000, 50, 1000])
    for kwargs in ({}, {"overdispersion": "random_effects"}, {"overdispersion": "multiplicative", "scale": "arcsine"}):
        r = attain.funnel_limits(done, eligible, **kwargs)
        c = r.curves(denominators=eligible)
        np.testing.assert_allclose(c.lower.T, r.lower, **CLOSED)
        np.testing.assert_allclose(c.upper.T, r.upper, **CLOSED)
        grid = r.curves(num=50)
        assert grid.lower.shape == (2, len(grid.denominators)) and grid.denominators[-1] == 4000
        assert len(grid.to_frame()) == 2 * len(grid.denominators)


def test_funnel_rejects_bad_input() -> None:
    with pytest.raises(InvalidInputError, match=r"eligible\[1\] = 0"):
        attain.funnel_limits([1, 0], [2, 0])
    with pytest.raises(InvalidInputError, match="overall ratio"):
        attain.funnel_limits([0, 0], [2, 3])
    with pytest.raises(InvalidInputError, match=r"target\[0\] = 1"):
        attain.funnel_limits([1, 2], [2, 3], target=1.0)
    with pytest.raises(InvalidInputError, match=r"levels\[1\] = 1"):
        attain.funnel_limits([1, 2], [2, 3], levels=(0.95, 1.0))
    with pytest.raises(InvalidInputError, match="needs normal limits"):
        attain.funnel_limits([1, 2], [2, 3], method="exact", overdispersion="multiplicative")
    with pytest.raises(InvalidInputError, match="needs exact limits"):
        attain.funnel_limits([1, 2], [2, 3], method="normal", overdispersion="beta_binomial")
    with pytest.raises(InvalidInputError, match="tau2_method = 'ml'"):
        attain.funnel_limits([1, 2], [2, 3], tau2_method="ml")
    with pytest.raises(InvalidInputError, match="rho = 1"):
        attain.funnel_curves(0.5, [10], rho=1.0)
    with pytest.raises(InvalidInputError, match="needs exact limits"):
        attain.funnel_curves(0.5, [10], method="normal", rho=0.1)
    with pytest.raises(InvalidInputError, match="at least 2 units"):
        attain.funnel_limits([1], [2], overdispersion="random_effects")
    with pytest.raises(InvalidInputError, match="winsorise"):
        attain.funnel_limits([1, 2], [2, 3], winsorise=0.5)
    with pytest.raises(InvalidInputError, match="overdispersion = 'additive'"):
        attain.funnel_limits([1, 2], [2, 3], overdispersion="additive")
    with pytest.raises(LengthMismatchError, match="target"):
        attain.funnel_limits([1, 2, 1], [2, 3, 3], target=[0.5, 0.5])
    with pytest.raises(InvalidInputError, match="1-D"):
        attain.funnel_limits([[1, 2]], [[2, 3]])
    with pytest.raises(InvalidInputError, match=r"denominators\[1\] = 0"):
        attain.funnel_curves(0.5, [10, 0])


def spiegelhalter_betabinom(n: int, theta: float, rho: float, p: float) -> float:
    """Spiegelhalter's interpolation with scipy's beta-binomial quantiles instead of binomial ones."""
    a, b = theta * (1 - rho) / rho, (1 - theta) * (1 - rho) / rho
    r = stats.betabinom.ppf(p, n, a, b)
    if p < 0.5:
        excess = stats.betabinom.cdf(r, n, a, b) - p
    else:  # F(r) - p = (1 - p) - P(X > r), the upper tail summed term by term (no cancellation)
        excess = (1 - p) - np.sum(stats.betabinom.pmf(np.arange(r + 1, n + 1), n, a, b))
    return max(0.0, (r - excess / stats.betabinom.pmf(r, n, a, b)) / n)


def test_funnel_beta_binomial_limits_match_scipy_betabinom() -> None:
    rng = np.random.default_rng(RNG_SEED + 6)
    eligible = np.concatenate([[1, 2, 3, 7], rng.integers(5, 3000, 40)])
    p = rng.beta(0.6 * 40, 0.4 * 40, eligible.size)  # rho = 1 / 41 between units
    done = rng.binomial(eligible, p)
    levels = (0.9, 0.95, 0.998)
    for target in (None, 0.6, 0.55):
        r = attain.funnel_limits(done, eligible, target=target, overdispersion="beta_binomial", levels=levels)
        assert r.method == "exact" and r.rho_used == r.rho
        # rho from the moment equation E z^2 = 1 + (n - 1) rho on the winsorised z-scores.
        expected_rho = max(0.0, (np.sum(r.z_winsorised**2) - eligible.size) / np.sum(eligible - 1))
        np.testing.assert_allclose(r.rho, expected_rho, **CLOSED)
        assert r.rho > 0
        for i, n in enumerate(eligible):
            for j, level in enumerate(levels):
                theta = float(r.centre[i])
                lo = spiegelhalter_betabinom(int(n), theta, r.rho, (1 - level) / 2)
                hi = spiegelhalter_betabinom(int(n), theta, r.rho, (1 + level) / 2)
                np.testing.assert_allclose(r.lower[i, j], lo, rtol=1e-8, atol=1e-12)
                np.testing.assert_allclose(r.upper[i, j], hi, rtol=1e-8, atol=1e-12)
        # Wider than the binomial limits wherever n > 1.
        plain = attain.funnel_limits(done, eligible, target=target, levels=levels)
        big = eligible > 50
        assert (r.upper[big] > plain.upper[big]).all() and (r.lower[big] < plain.lower[big]).all()
    c = r.curves(denominators=eligible)
    np.testing.assert_allclose(c.lower.T, r.lower, **CLOSED)
    np.testing.assert_allclose(c.upper.T, r.upper, **CLOSED)
    # A target every unit misses by far: the moment equation asks for rho > 1; rho stays below 1,
    # the mass goes to 0 and n (P(n) -> theta) and the limits open to 0 and (n - 0.025 / 0.1) / n.
    far = attain.funnel_limits(done, eligible, target=0.1, overdispersion="beta_binomial", levels=(0.95,))
    assert 1 - 1e-8 < far.rho < 1
    big = eligible > 50
    np.testing.assert_array_equal(far.lower[big], 0.0)
    np.testing.assert_allclose(far.upper[big, 0], (eligible[big] - 0.25) / eligible[big], rtol=1e-6)
    # Large denominators (the pmf is truncated where negligible) and extreme levels.
    big_n = [20000, 100000]
    for theta, rho in ((0.6, 0.001), (0.03, 0.05)):
        curves = attain.funnel_curves(theta, big_n, levels=(0.95, 0.999999), rho=rho)
        for j, n in enumerate(big_n):
            for i, level in enumerate((0.95, 0.999999)):
                lo = spiegelhalter_betabinom(n, theta, rho, (1 - level) / 2)
                hi = spiegelhalter_betabinom(n, theta, rho, (1 + level) / 2)
                np.testing.assert_allclose(curves.lower[i, j], lo, rtol=1e-8, atol=1e-12)
                np.testing.assert_allclose(curves.upper[i, j], hi, rtol=1e-8)
    # A tiny rho gives (nearly) the binomial limits.
    near = attain.funnel_curves(0.3, [40, 400], levels=(0.95,), rho=1e-9)
    exact = attain.funnel_curves(0.3, [40, 400], levels=(0.95,))
    np.testing.assert_allclose(near.lower, exact.lower, rtol=1e-6)
    np.testing.assert_allclose(near.upper, exact.upper, rtol=1e-6)


@pytest.mark.parametrize("level", [0.5, 0.8, 0.9, 0.999, 0.999999])
def test_funnel_limits_at_any_level(level: float) -> None:
    eligible = np.array([1, 10, 40, 400, 4000, 100000])
    done = np.round(eligible * 0.55).astype(np.int64)
    r = attain.funnel_limits(done, eligible, target=0.6, levels=(level,))
    zq = stats.norm.isf((1 - level) / 2)
    normal = attain.funnel_limits(done, eligible, target=0.6, levels=(level,), method="normal")
    for i, n in enumerate(eligible):
        assert r.lower[i, 0] == pytest.approx(spiegelhalter_exact(int(n), 0.6, (1 - level) / 2), rel=1e-9, abs=1e-14)
        assert r.upper[i, 0] == pytest.approx(spiegelhalter_exact(int(n), 0.6, (1 + level) / 2), rel=1e-9)
        half = zq * math.sqrt(0.6 * 0.4 / n)
        assert normal.lower[i, 0] == pytest.approx(max(0.0, 0.6 - half), rel=1e-12)
        assert normal.upper[i, 0] == pytest.approx(min(1.0, 0.6 + half), rel=1e-12)


@pytest.mark.parametrize("scale", ["proportion", "arcsine"])
def test_funnel_units_with_zero_done(scale: str) -> None:
    # 0 done is an ordinary unit: finite z, exact limits defined; flagged below only where
    # even zero successes is unlikely, i.e. where the lower limit is above 0.
    eligible = np.array([1, 3, 10, 30, 100, 500])
    done = np.zeros(6, dtype=np.int64)
    theta = 0.4
    r = attain.funnel_limits(done, eligible, target=theta, levels=(0.95,), scale=scale)
    np.testing.assert_array_equal(r.ratio, 0.0)
    if scale == "proportion":
        z = -np.sqrt(eligible * theta / (1 - theta))
    else:
        z = -2 * np.sqrt(eligible) * np.arcsin(np.sqrt(theta))
    np.testing.assert_allclose(r.z, z, **CLOSED)
    for i, n in enumerate(eligible):
        assert r.lower[i, 0] == pytest.approx(spiegelhalter_exact(int(n), theta, 0.025), abs=1e-14)
    below = stats.binom.pmf(0, eligible, theta) < 0.025  # P(X = 0) below the lower tail
    np.testing.assert_array_equal(r.flags[:, 0] == -1, below & (r.lower[:, 0] > 0))
    assert r.flags[0, 0] == 0 and r.flags[-1, 0] == -1
    # Mixed with other units, and with every kind of overdispersion, everything stays finite.
    done2 = np.array([0, 0, 5, 12, 45, 190])
    for od in ("multiplicative", "random_effects", "beta_binomial"):
        for tm in ("dersimonian_laird", "reml"):
            m = attain.funnel_limits(done2, eligible, overdispersion=od, scale=scale, tau2_method=tm)
            assert np.isfinite(m.z).all() and np.isfinite(m.lower).all() and np.isfinite(m.upper).all()
            assert (m.lower >= 0).all() and (m.upper <= 1).all()


def test_funnel_reml_tau2_solves_the_reml_equation() -> None:
    # Independent of metafor (see test_r_references.py): at an interior REML estimate,
    # tau2 = sum w^2 ((d - m)^2 - v) / sum w^2 + 1 / sum w with w = 1 / (v + tau2).
    rng = np.random.default_rng(RNG_SEED + 7)
    eligible = rng.integers(20, 2000, 60)
    done = rng.binomial(eligible, np.clip(rng.normal(0.6, 0.1, 60), 0.05, 0.95))
    r = attain.funnel_limits(done, eligible, overdispersion="random_effects", tau2_method="reml")
    assert r.tau2_method == "reml" and r.tau2_iterations > 0 and r.tau2_used == r.tau2 > 0
    theta = r.centre[0]
    v = theta * (1 - theta) / eligible
    d = r.z_winsorised * np.sqrt(v)

    def equation(t2: float) -> float:
        w = 1 / (v + t2)
        m = np.sum(w * d) / np.sum(w)
        return np.sum(w**2 * ((d - m) ** 2 - v)) / np.sum(w**2) + 1 / np.sum(w) - t2

    root = optimize.brentq(equation, 1e-12, 1.0, xtol=1e-16, rtol=1e-14)
    assert r.tau2 == pytest.approx(root, rel=1e-8)
    dl = attain.funnel_limits(done, eligible, overdispersion="random_effects")
    assert dl.tau2_method == "dersimonian_laird" and dl.tau2_iterations == 0
    # No spread between units: REML puts tau2 on the boundary.
    flat = attain.funnel_limits([50, 500, 5000], [100, 1000, 10000], tau2_method="reml", winsorise=0.0)
    assert flat.tau2 == 0.0


# --------------------------------------------------------------------------------------------
# Ratio of sums (money ratios); against R's survey and boot in test_r_references.py


def test_ratio_of_sums_interval_linearisation_matches_numpy() -> None:
    rng = np.random.default_rng(RNG_SEED + 8)
    x = rng.lognormal(15, 1, 300)
    y = x * rng.beta(3, 2, 300)
    r_hat = y.sum() / x.sum()
    n = len(x)
    se = math.sqrt(n / (n - 1) * np.sum((y - r_hat * x) ** 2)) / x.sum()
    for alpha in (0.05, 0.2):
        r = attain.ratio_of_sums_interval(y, x, alpha=alpha)
        z = stats.norm.isf(alpha / 2)
        assert r.ratio == pytest.approx(r_hat, rel=1e-13)
        assert r.std_error == pytest.approx(se, rel=1e-12)
        assert (r.low, r.high) == pytest.approx((r_hat - z * se, r_hat + z * se), rel=1e-12)
        assert r.method == "linearisation" and r.alpha == alpha


def test_ratio_of_sums_interval_bootstrap() -> None:
    rng = np.random.default_rng(RNG_SEED + 9)
    x = rng.lognormal(15, 1, 200)
    y = np.where(rng.random(200) < 0.8, x * rng.beta(4, 2, 200), 0.0)
    a = attain.ratio_of_sums_interval(y, x, method="bootstrap", replicates=3000, seed=7)
    b = attain.ratio_of_sums_interval(y, x, method="bootstrap", replicates=3000, seed=7)
    assert a == b  # the seed fixes the resamples
    # numpy's own case bootstrap (another random stream): the same distribution.
    idx = np.random.default_rng(1).integers(0, 200, (3000, 200))
    reps = y[idx].sum(axis=1) / x[idx].sum(axis=1)
    lin = attain.ratio_of_sums_interval(y, x)
    assert a.std_error == pytest.approx(reps.std(ddof=1), rel=0.08)
    assert abs(a.low - np.quantile(reps, 0.025)) < 0.3 * lin.std_error
    assert abs(a.high - np.quantile(reps, 0.975)) < 0.3 * lin.std_error
    assert a.std_error == pytest.approx(lin.std_error, rel=0.15)


def test_ratio_of_sums_interval_rejects_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="at least 2 cases"):
        attain.ratio_of_sums_interval([1.0], [2.0])
    with pytest.raises(InvalidInputError, match=r"done\[1\] = -1"):
        attain.ratio_of_sums_interval([1.0, -1.0], [2.0, 2.0])
    with pytest.raises(InvalidInputError, match=r"eligible\[0\] = nan"):
        attain.ratio_of_sums_interval([1.0, 1.0], [float("nan"), 2.0])
    with pytest.raises(InvalidInputError, match="sum to 0"):
        attain.ratio_of_sums_interval([0.0, 0.0], [0.0, 0.0])
    with pytest.raises(LengthMismatchError):
        attain.ratio_of_sums_interval([1.0, 1.0, 1.0], [2.0, 2.0])
    with pytest.raises(InvalidInputError, match="method = 'delta'"):
        attain.ratio_of_sums_interval([1.0, 1.0], [2.0, 2.0], method="delta")
    with pytest.raises(InvalidInputError, match="replicates = 1"):
        attain.ratio_of_sums_interval([1.0, 1.0], [2.0, 2.0], method="bootstrap", replicates=1)
    with pytest.raises(InputTypeError, match="amounts must be numbers"):
        attain.ratio_of_sums_interval(["a", "b"], [2.0, 2.0])


# --------------------------------------------------------------------------------------------
# Control charts


def laney_reference(done, eligible, sigmas=3.0):
    p = done / eligible
    pbar = done.sum() / eligible.sum()
    sigma = np.sqrt(pbar * (1 - pbar) / eligible)
    z = (p - pbar) / sigma
    sigma_z = np.mean(np.abs(np.diff(z))) / 1.128
    half = sigmas * sigma * sigma_z
    return pbar, sigma_z, np.clip(pbar - half, 0, 1), np.clip(pbar + half, 0, 1)


def test_control_charts_match_numpy_derivation() -> None:
    rng = np.random.default_rng(RNG_SEED + 6)
    eligible = rng.integers(5000, 20000, 24)  # large denominators: the p-chart is too narrow
    done = rng.binomial(eligible, np.clip(rng.normal(0.6, 0.03, 24), 0, 1))
    pbar, sigma_z, lower, upper = laney_reference(done, eligible)
    laney = attain.control_chart(done, eligible)
    np.testing.assert_allclose(laney.centre, pbar, **CLOSED)
    np.testing.assert_allclose(laney.sigma_z, sigma_z, **CLOSED)
    np.testing.assert_allclose(laney.lower, lower, **CLOSED)
    np.testing.assert_allclose(laney.upper, upper, **CLOSED)
    pchart = attain.control_chart(done, eligible, kind="p", sigmas=2.0)
    half = 2.0 * np.sqrt(pbar * (1 - pbar) / eligible)
    np.testing.assert_allclose(pchart.lower, pbar - half, **CLOSED)
    np.testing.assert_allclose(pchart.upper, pbar + half, **CLOSED)
    assert pchart.sigma_z == 1.0
    ratio = done / eligible
    for chart in (laney, pchart):
        expected = np.where(ratio > chart.upper, 1, np.where(ratio < chart.lower, -1, 0))
        np.testing.assert_array_equal(chart.flags, expected)
    assert np.count_nonzero(pchart.flags) > np.count_nonzero(laney.flags)
    assert list(laney.to_frame().columns) == ["ratio", "centre", "lower", "upper", "flag"]


def test_control_chart_centre_edges_and_errors() -> None:
    r = attain.control_chart([10, 45, 80], [100, 100, 100], kind="p", centre=0.5)
    assert r.centre == 0.5 and r.flag_names().tolist() == ["below", "within", "above"]
    zero = attain.control_chart([0, 0, 0], [10, 20, 30])
    assert zero.centre == 0.0 and (zero.flags == 0).all() and (zero.upper == 0).all()
    with pytest.raises(InvalidInputError, match="at least 2 months"):
        attain.control_chart([1], [2])
    with pytest.raises(InvalidInputError, match=r"eligible\[1\] = 0"):
        attain.control_chart([1, 0], [2, 0])
    with pytest.raises(InvalidInputError, match="sigmas"):
        attain.control_chart([1, 1], [2, 2], sigmas=0)
    with pytest.raises(InvalidInputError, match="kind = 'u'"):
        attain.control_chart([1, 1], [2, 2], kind="u")
    with pytest.raises(InvalidInputError, match=r"centre\[0\] = 1.5"):
        attain.control_chart([1, 1], [2, 2], centre=1.5)


def test_docstring_examples_run() -> None:
    import doctest

    import attain.inference

    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(attain.inference, extraglobs={"attain": attain, "np": np}, optionflags=flags)
    assert result.attempted >= 5 and result.failed == 0


def test_interval_properties_hold_for_arbitrary_tallies() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    @hypothesis.settings(max_examples=200, deadline=None)
    @hypothesis.given(
        nobs=st.integers(1, 10**13),
        fraction=st.floats(0, 1),
        alpha=st.floats(1e-12, 1 - 1e-9),
    )
    def check(nobs: int, fraction: float, alpha: float) -> None:
        count = min(nobs, round(fraction * nobs))
        p = count / nobs
        for method in ("normal", "wilson", "wilson_cc", "agresti_coull", "clopper_pearson", "jeffreys"):
            low, high = attain.proportion_ci(count, nobs, alpha=alpha, method=method)
            assert 0.0 <= low <= high <= 1.0, (method, low, high)
            if method in ("normal", "wilson", "wilson_cc", "clopper_pearson"):
                # These intervals contain the observed ratio up to rounding, which grows with nobs
                # for the beta quantiles: at nobs = 1.4e11 and alpha near 1 both Boost's ibeta_inv
                # and attain's solver put the lower limit 2e-12 (relative) above p.
                tol = max(1e-12, 1e-15 * nobs**0.5)
                assert low <= p * (1 + tol) + 1e-300 and high >= p * (1 - tol), (method, low, p, high)

    check()


@pytest.mark.parametrize("theta, rho", [(0.7, 0.0036), (0.5, 0.2), (0.95, 0.01), (0.03, 0.05)])
def test_funnel_beta_binomial_limits_at_large_denominators_match_scipy(theta: float, rho: float) -> None:
    # Wide distributions (sd of thousands of cases): the cdf comes from Gauss-Jacobi quadrature
    # of E_U[I_U(a, b)], not from summing the pmf; the limits must still match scipy to 1e-8.
    big_n = [30_000, 150_000, 200_000]
    levels = (0.95, 0.998, 0.999999)
    curves = attain.funnel_curves(theta, big_n, levels=levels, rho=rho)
    for j, n in enumerate(big_n):
        for i, level in enumerate(levels):
            lo = spiegelhalter_betabinom(n, theta, rho, (1 - level) / 2)
            hi = spiegelhalter_betabinom(n, theta, rho, (1 + level) / 2)
            np.testing.assert_allclose(curves.lower[i, j], lo, rtol=1e-8, atol=1e-12)
            np.testing.assert_allclose(curves.upper[i, j], hi, rtol=1e-8)


def test_funnel_beta_binomial_many_large_units_agree_with_their_curves() -> None:
    # funnel_limits starts each denominator's search from the previous one's limits; the result
    # must be the same as each denominator computed alone (funnel_curves).
    rng = np.random.default_rng(RNG_SEED + 14)
    eligible = np.sort(rng.integers(1, 200_000, 300))
    done = rng.binomial(eligible, rng.beta(0.7 * 165, 0.3 * 165, eligible.size))
    r = attain.funnel_limits(done, eligible, overdispersion="beta_binomial", levels=(0.95, 0.998))
    c = r.curves(denominators=eligible)
    np.testing.assert_allclose(c.lower.T, r.lower, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(c.upper.T, r.upper, rtol=1e-12, atol=1e-15)
