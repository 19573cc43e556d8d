"""Beta-binomial shrinkage against scipy (betabinom maximised with scipy.optimize, beta
quantiles), the ANOVA estimator in numpy and a coverage simulation; Benjamini-Hochberg against
statsmodels' multipletests (1e-12)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize
from scipy.special import gammaln
from scipy.stats import beta, betabinom
from statsmodels.stats.multitest import multipletests

import attain


def log_binom_coef(y, n):
    return gammaln(n + 1) - gammaln(y + 1) - gammaln(n - y + 1)


def scipy_ml(y, n):
    def nll(t):
        return -betabinom.logpmf(y, n, *np.exp(t)).sum()

    best = None
    for start in ([0.0, 0.0], [2.0, 2.0]):
        res = minimize(nll, start, method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 4000})
        if best is None or res.fun < best.fun:
            best = res
    return np.exp(best.x), -best.fun


def simulate(rng, units, a, b, low=1, high=200):
    n = rng.integers(low, high, units)
    return rng.binomial(n, rng.beta(a, b, units)), n


@pytest.mark.parametrize("seed", range(6))
def test_maximum_likelihood_matches_scipy(seed):
    rng = np.random.default_rng(seed)
    y, n = simulate(rng, int(rng.integers(5, 120)), *rng.uniform(1, 20, 2))
    r = attain.beta_binomial_shrinkage(y, n)
    if r.prior.boundary:
        pytest.skip("this draw shows no overdispersion")
    ours = betabinom.logpmf(y, n, r.prior.a, r.prior.b).sum()
    (a, b), theirs = scipy_ml(y, n)
    assert ours >= theirs - 1e-9  # at least as high a likelihood as scipy's optimiser finds
    assert r.prior.a == pytest.approx(a, rel=1e-4) and r.prior.b == pytest.approx(b, rel=1e-4)
    assert r.prior.log_likelihood == pytest.approx(ours - log_binom_coef(y, n).sum(), rel=1e-12)
    assert r.prior.mean == pytest.approx(r.prior.a / (r.prior.a + r.prior.b), rel=1e-15)
    post_a, post_b = r.prior.a + y, r.prior.b + n - y
    np.testing.assert_allclose(r.shrunk, post_a / (post_a + post_b), rtol=1e-14)
    np.testing.assert_allclose(r.low, beta.ppf(0.025, post_a, post_b), rtol=1e-10)
    np.testing.assert_allclose(r.high, beta.ppf(0.975, post_a, post_b), rtol=1e-10)


@pytest.mark.parametrize("seed", range(6))
def test_moments_match_the_anova_estimator(seed):
    rng = np.random.default_rng(100 + seed)
    y, n = simulate(rng, 40, 3.0, 5.0)
    mu, big_n, k, p = y.sum() / n.sum(), n.sum(), len(n), y / n
    msb = (n * (p - mu) ** 2).sum() / (k - 1)
    msw = (n * p * (1 - p)).sum() / (big_n - k)
    n0 = (big_n - (n**2).sum() / big_n) / (k - 1)
    rho = (msb - msw) / (msb + (n0 - 1) * msw)
    r = attain.beta_binomial_shrinkage(y, n, method="moments", alpha=0.1)
    assert r.prior.rho == pytest.approx(rho, rel=1e-12)
    assert r.prior.precision == pytest.approx((1 - rho) / rho, rel=1e-12)
    assert r.prior.mean == pytest.approx(mu, rel=1e-15)
    pa, pb = mu * r.prior.precision + y, (1 - mu) * r.prior.precision + n - y
    np.testing.assert_allclose(r.low, beta.ppf(0.05, pa, pb), rtol=1e-10)


def test_posterior_intervals_cover_the_true_ratios():
    """Units drawn from Beta(8, 4): about 95 % of the 95 % intervals hold the unit's true ratio."""
    rng = np.random.default_rng(7)
    n = rng.integers(1, 60, 4000)
    true = rng.beta(8, 4, n.size)
    y = rng.binomial(n, true)
    for method in ("ml", "moments"):
        r = attain.beta_binomial_shrinkage(y, n, method=method)
        coverage = np.mean((r.low <= true) & (true <= r.high))
        assert 0.93 < coverage < 0.97, (method, coverage)
        assert np.mean(np.abs(r.shrunk - true)) < np.mean(np.abs(y / n - true))  # shrinkage helps


def test_small_units_are_neither_crowned_nor_shamed():
    r = attain.beta_binomial_shrinkage([2, 180, 30, 0, 5], [2, 200, 60, 1, 20])
    assert r.ratio[0] == 1.0 and r.shrunk[0] < r.shrunk[1]  # 2 of 2 is not crowned over 180 of 200
    assert r.ratio[3] == 0.0 and r.shrunk[3] > r.shrunk[4] - 0.2  # 0 of 1 is not shamed
    assert np.all((r.low <= r.shrunk) & (r.shrunk <= r.high))


def test_boundary_zero_eligible_and_errors():
    r = attain.beta_binomial_shrinkage([5, 10, 50, 0], [10, 20, 100, 0])
    assert r.prior.boundary and np.isinf(r.prior.precision) and r.prior.rho == 0
    assert r.shrunk.tolist() == [0.5] * 4 and np.isnan(r.ratio[3])
    # every unit has the common ratio: its Jeffreys interval (65 of 130), not a zero width
    np.testing.assert_allclose(r.low, [beta.ppf(0.025, 65.5, 65.5)] * 4, rtol=1e-10)
    np.testing.assert_allclose(r.high, [beta.ppf(0.975, 65.5, 65.5)] * 4, rtol=1e-10)
    moments = attain.beta_binomial_shrinkage([5, 10, 50, 0], [10, 20, 100, 0], method="moments", alpha=0.1)
    assert moments.prior.boundary
    np.testing.assert_allclose(moments.low, [beta.ppf(0.05, 65.5, 65.5)] * 4, rtol=1e-10)
    assert r.prior.log_likelihood == pytest.approx(130 * np.log(0.5), rel=1e-14)
    polar = attain.beta_binomial_shrinkage([0, 10, 0, 10], [10, 10, 10, 10])  # a, b at their floor
    assert polar.prior.a == pytest.approx(1e-8, rel=1e-6) and polar.prior.rho > 0.999
    np.testing.assert_allclose(polar.shrunk, [0, 1, 0, 1], atol=1e-8)
    with pytest.raises(attain.InvalidInputError, match="done is 0 in every unit"):
        attain.beta_binomial_shrinkage([0, 0], [3, 4])
    with pytest.raises(attain.InvalidInputError, match="done is equal to eligible in every unit"):
        attain.beta_binomial_shrinkage([3, 4], [3, 4])
    with pytest.raises(attain.InvalidInputError, match="at least 2 units with eligible > 0, got 1"):
        attain.beta_binomial_shrinkage([1, 0], [2, 0])
    with pytest.raises(attain.InvalidInputError, match=r"done\[1\] = 5 is greater than eligible\[1\] = 4"):
        attain.beta_binomial_shrinkage([1, 5], [2, 4])
    with pytest.raises(attain.InvalidInputError, match="method = 'em'"):
        attain.beta_binomial_shrinkage([1, 2], [2, 4], method="em")
    with pytest.raises(attain.InvalidInputError, match="alpha"):
        attain.beta_binomial_shrinkage([1, 2], [2, 4], alpha=0)
    with pytest.raises(attain.InvalidInputError, match="eligible > 1"):
        attain.beta_binomial_shrinkage([1, 0], [1, 1], method="moments")
    with pytest.raises(attain.InputTypeError):
        attain.beta_binomial_shrinkage([True, False], [1, 1])


@pytest.mark.parametrize("size", [0, 1, 2, 10, 1000])
def test_benjamini_hochberg_matches_statsmodels(size):
    rng = np.random.default_rng(size)
    p = np.round(rng.uniform(0, 1, size) ** 3, 3)  # small p-values and ties
    q = attain.benjamini_hochberg(p)
    if size:
        np.testing.assert_allclose(q, multipletests(p, method="fdr_bh")[1], rtol=1e-12, atol=0)
    assert q.shape == p.shape
    assert attain.benjamini_hochberg(np.full((2, 3), 0.5)).shape == (2, 3)
    assert attain.benjamini_hochberg(0.3) == 0.3


@given(st.lists(st.floats(0, 1), max_size=60))
@settings(max_examples=200, deadline=None)
def test_benjamini_hochberg_properties(p):
    """q >= p, q <= 1, and q is ordered as p is (ties aside)."""
    q = attain.benjamini_hochberg(np.array(p, dtype=float))
    p = np.array(p, dtype=float)
    assert np.all(q >= p) and np.all(q <= 1)
    order = np.argsort(p, kind="stable")
    assert np.all(np.diff(q[order]) >= 0)
    if p.size:
        np.testing.assert_allclose(q, multipletests(p, method="fdr_bh")[1], rtol=1e-12, atol=0)


def test_benjamini_hochberg_errors():
    with pytest.raises(attain.InvalidInputError, match=r"p\[1\] = nan is NaN"):
        attain.benjamini_hochberg([0.1, np.nan])
    with pytest.raises(attain.InvalidInputError, match=r"p\[0\] = 1.5 is outside \[0, 1\]"):
        attain.benjamini_hochberg([1.5])
    with pytest.raises(attain.InputTypeError):
        attain.benjamini_hochberg(["a"])


def test_docstring_examples():
    import doctest

    import attain.shrinkage

    result = doctest.testmod(attain.shrinkage, extraglobs={"attain": attain, "np": np})
    assert result.failed == 0 and result.attempted >= 2


# --- rank intervals (posterior simulation) against an independent numpy simulation ----------


def numpy_ranks(a_post, b_post, draws, k, alpha, seed):
    """The same posterior simulation written with numpy's Generator.beta."""
    rng = np.random.default_rng(seed)
    theta = rng.beta(a_post, b_post, size=(draws, len(a_post)))
    # rank 1 = highest; continuous draws: no ties
    ranks = (-theta).argsort(axis=1).argsort(axis=1) + 1
    m = len(a_post)
    low = np.quantile(ranks, alpha / 2, axis=0, method="inverted_cdf")
    high = np.quantile(ranks, 1 - alpha / 2, axis=0, method="inverted_cdf")
    return ranks.mean(axis=0), ranks.std(axis=0), low, high, (ranks <= k).mean(axis=0), (ranks >= m - k + 1).mean(axis=0)


@pytest.mark.parametrize("seed", range(3))
def test_rank_intervals_match_a_numpy_simulation(seed):
    rng = np.random.default_rng(100 + seed)
    y, n = simulate(rng, 30, 8, 4, 5, 120)
    draws, k, alpha = 20_000, 5, 0.1
    ours = attain.rank_intervals(y, n, top=k, draws=draws, seed=seed, alpha=alpha)
    prior = attain.beta_binomial_shrinkage(y, n).prior
    mean, sd, low, high, p_top, p_bottom = numpy_ranks(prior.a + y, prior.b + n - y, draws, k, alpha, seed)
    # Monte Carlo tolerances: 5 standard errors of a difference of two independent means /
    # proportions at 20,000 draws each; the interval ends are rank quantiles: within 1 rank.
    assert np.all(np.abs(ours.mean - mean) <= 5 * sd * np.sqrt(2 / draws) + 1e-12)
    assert np.all(np.abs(ours.p_top - p_top) <= 0.025)
    assert np.all(np.abs(ours.p_bottom - p_bottom) <= 0.025)
    assert np.all(np.abs(ours.low - low) <= 1)
    assert np.all(np.abs(ours.high - high) <= 1)
    assert ours.ranked == 30 and ours.draws == draws and ours.top == k
    assert np.isclose(ours.p_top.sum(), k) and np.isclose(ours.p_bottom.sum(), k)


def test_posterior_ranks_matches_numpy_for_given_posteriors():
    a = np.array([2.0, 5.0, 20.0, 40.0, 3.0, 60.0])
    b = np.array([2.0, 4.0, 10.0, 15.0, 9.0, 30.0])
    ours = attain.posterior_ranks(a, b, top=2, draws=20_000, seed=3)
    mean, sd, low, high, p_top, p_bottom = numpy_ranks(a, b, 20_000, 2, 0.05, 3)
    assert np.all(np.abs(ours.mean - mean) <= 5 * sd * np.sqrt(2 / 20_000))
    assert np.all(np.abs(ours.p_top - p_top) <= 0.025)
    assert np.all(np.abs(ours.low - low) <= 1) and np.all(np.abs(ours.high - high) <= 1)


def test_rank_intervals_exact_edge_cases():
    one = attain.posterior_ranks([3.0], [4.0])
    assert one.low.tolist() == [1] and one.high.tolist() == [1] and one.p_top.tolist() == [1.0]
    far = attain.posterior_ranks([1.0, 500_001.0, 1_000_001.0], [1_000_001.0, 500_001.0, 1.0], draws=300)
    assert far.low.tolist() == [3, 2, 1] and far.high.tolist() == [3, 2, 1]
    assert far.p_top.tolist() == [0.0, 0.0, 1.0] and far.p_bottom.tolist() == [1.0, 0.0, 0.0]
    # All equal: the prior is at the boundary, every unit ties with every other.
    tie = attain.rank_intervals([5, 10, 50, 0], [10, 20, 100, 0], top=1)
    assert tie.low.tolist() == [1, 1, 1, 0] and tie.high.tolist() == [3, 3, 3, 0]
    assert tie.p_top[:3].tolist() == [0.0, 0.0, 0.0] and np.isnan(tie.p_top[3])
    assert not tie.credibly_top().any() and not tie.credibly_bottom().any()


def test_rank_intervals_are_reproducible_and_thread_independent():
    rng = np.random.default_rng(7)
    y, n = simulate(rng, 200, 5, 5)
    r1 = attain.rank_intervals(y, n, top=10, seed=5)
    r2 = attain.rank_intervals(y, n, top=10, seed=5, threads=2)
    assert np.array_equal(r1.mean, r2.mean) and np.array_equal(r1.low, r2.low)
    assert not np.array_equal(r1.mean, attain.rank_intervals(y, n, top=10, seed=6).mean)


def test_rank_intervals_bad_input():
    with pytest.raises(attain.InvalidInputError, match="top = 5 is outside"):
        attain.rank_intervals([1, 2, 3], [4, 5, 6], top=5)
    with pytest.raises(attain.InvalidInputError, match="draws = 0 is below 1"):
        attain.rank_intervals([1, 2, 3], [4, 5, 6], draws=0)
    with pytest.raises(attain.InputTypeError, match="top"):
        attain.rank_intervals([1, 2, 3], [4, 5, 6], top=1.5)
    with pytest.raises(attain.InvalidInputError, match=r"a\[1\] = -1"):
        attain.posterior_ranks([1.0, -1.0], [1.0, 1.0])


# --- credibly below / above target ------------------------------------------------------------


def test_target_flags_match_scipy_and_statsmodels():
    from scipy.stats import binom

    rng = np.random.default_rng(11)
    n = rng.integers(1, 400, 300)
    y = rng.binomial(n, rng.beta(16, 4, 300))
    target = rng.choice([0.7, 0.8, 0.9], 300)
    ours = attain.target_flags(y, n, target)
    p_below, p_above = binom.cdf(y, n, target), binom.sf(y - 1, n, target)
    np.testing.assert_allclose(ours.p_below, p_below, rtol=1e-10, atol=1e-300)
    np.testing.assert_allclose(ours.p_above, p_above, rtol=1e-10, atol=1e-300)
    p = np.minimum(1, 2 * np.minimum(p_below, p_above))
    reject, q, *_ = multipletests(p, alpha=0.05, method="fdr_bh")
    np.testing.assert_allclose(ours.q, q, rtol=1e-10, atol=1e-300)
    assert np.array_equal(ours.flag != 0, reject)
    assert np.array_equal(ours.flag[reject], np.where(y / n < target, -1, 1)[reject])


def test_target_flags_do_not_shame_small_units():
    r = attain.target_flags([1, 0, 40, 95, 0], [2, 1, 100, 100, 0], 0.8)
    assert r.flag.tolist() == [0, 0, -1, 1, 0]
    assert np.isnan(r.q[4])  # nothing eligible: not tested
    r = attain.target_flags([1, 40], [2, 100], [np.nan, 0.8])
    assert np.isnan(r.q[0]) and r.flag.tolist() == [0, -1]
