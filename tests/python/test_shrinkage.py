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
