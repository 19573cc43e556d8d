"""Pettitt's test against a direct O(n^2) computation of Pettitt's (1979) formulas and against
pyHomogeneity (when installed); segmented regression against statsmodels OLS (1e-10)."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

import attain


def ref_pettitt(x):
    """U_t = sum_{i <= t} sum_{j > t} sgn(x_i - x_j), the first t maximising |U_t|."""
    x = np.asarray(x, dtype=float)
    n = len(x)
    sgn = np.sign(x[:, None] - x[None, :])
    u = np.array([sgn[:t, t:].sum() for t in range(1, n)])
    t = int(np.argmax(np.abs(u))) + 1
    k = abs(u[t - 1])
    p = min(1.0, 2 * np.exp(-6 * k**2 / (n**3 + n**2)))
    return k, u[t - 1], t, p, x[:t].mean(), x[t:].mean()


@pytest.mark.parametrize("seed", range(10))
def test_pettitt_matches_the_direct_formula(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 80))
    x = rng.integers(0, 6, n).astype(float) + np.where(np.arange(n) > n // 2, rng.integers(0, 3), 0)  # ties
    r = attain.pettitt(x)
    k, u, t, p, before, after = ref_pettitt(x)
    assert (r.statistic, r.u, r.location) == (k, u, t)
    assert r.p_value == pytest.approx(p, rel=1e-13, abs=1e-300)
    assert r.mean_before == pytest.approx(before, rel=1e-14)
    assert r.mean_after == pytest.approx(after, rel=1e-14)


@pytest.mark.parametrize("seed", range(5))
def test_pettitt_matches_pyhomogeneity(seed):
    hg = pytest.importorskip("pyhomogeneity")
    rng = np.random.default_rng(seed)
    x = np.r_[rng.normal(0, 1, 30), rng.normal(1.0, 1, 30)]
    ref = hg.pettitt_test(x, sim=None)
    r = attain.pettitt(x)
    assert r.statistic == ref.U
    assert r.location == ref.cp  # pyHomogeneity's cp is 1-based: the last point before the change
    assert r.p_value == pytest.approx(min(1.0, ref.p), rel=1e-12)
    assert r.mean_before == pytest.approx(ref.avg.mu1, rel=1e-12)
    assert r.mean_after == pytest.approx(ref.avg.mu2, rel=1e-12)


def test_pettitt_rows_and_edges():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(4, 25))
    r = attain.pettitt(x)
    for i in range(4):
        one = attain.pettitt(x[i])
        assert r.location[i] == one.location and r.p_value[i] == one.p_value
    flat = attain.pettitt([2.0] * 10)
    assert (flat.statistic, flat.location, flat.p_value) == (0.0, 1, 1.0)
    assert attain.pettitt([1, 2]).statistic == 1.0
    with pytest.raises(attain.InvalidInputError, match="at least 2 values, got 1"):
        attain.pettitt([1.0])
    with pytest.raises(attain.InvalidInputError, match=r"row 1: x\[2\] = nan is not finite"):
        attain.pettitt([[1, 2, 3], [1, 2, np.nan]])
    with pytest.raises(attain.InputTypeError):
        attain.pettitt(["a", "b"])
    assert attain.pettitt(x).to_frame().shape == (4, 6) if _has_pandas() else True


def ref_snht(x):
    """T_k = k zbar1^2 + (n - k) zbar2^2 by brute force, the first k at the maximum."""
    x = np.asarray(x, dtype=float)
    n = len(x)
    z = (x - x.mean()) / x.std(ddof=1)
    t = np.array([k * z[:k].mean() ** 2 + (n - k) * z[k:].mean() ** 2 for k in range(1, n)])
    return t.max(), int(np.argmax(t)) + 1


@pytest.mark.parametrize("seed", range(6))
def test_snht_matches_the_formula_and_pyhomogeneity(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(8, 60))
    x = rng.normal(0, 1, n) + np.where(np.arange(n) >= rng.integers(1, n), rng.uniform(0, 1.5), 0)
    r = attain.snht(x, simulations=20000)
    t, k = ref_snht(x)
    assert r.statistic == pytest.approx(t, rel=1e-12) and r.location == k
    assert r.mean_before == pytest.approx(x[:k].mean(), rel=1e-12)
    hg = pytest.importorskip("pyhomogeneity")
    np.random.seed(seed)
    ref = hg.snht_test(x, sim=20000)
    assert r.statistic == pytest.approx(ref.T, rel=1e-12) and r.location == ref.cp
    # Both p-values are Monte Carlo estimates from 20,000 series: within 4 standard errors.
    se = np.sqrt(max(ref.p, 1e-4) * (1 - ref.p) / 20000) + 1 / 20000
    assert abs(r.p_value - ref.p) < 4 * np.sqrt(2) * se


def test_snht_rows_seed_and_edges():
    rng = np.random.default_rng(9)
    x = rng.normal(size=(3, 20))
    rows = attain.snht(x, simulations=500)
    for i in range(3):
        one = attain.snht(x[i], simulations=500)
        assert (rows.statistic[i], rows.location[i], rows.p_value[i]) == (one.statistic, one.location, one.p_value)
    assert attain.snht(x[0], simulations=500, seed=1) == attain.snht(x[0], simulations=500, seed=1)  # seeded
    flat = attain.snht([1.0] * 6, simulations=100)
    assert (flat.statistic, flat.p_value) == (0.0, 1.0)
    with pytest.raises(attain.InvalidInputError, match="at least 3 values, got 2"):
        attain.snht([1.0, 2.0])
    with pytest.raises(attain.InvalidInputError, match="simulations = 0"):
        attain.snht([1.0, 2.0, 3.0], simulations=0)
    with pytest.raises(attain.InvalidInputError, match=r"row 1: x\[0\] = inf is not finite"):
        attain.snht([[1, 2, 3], [np.inf, 2, 3]], simulations=10)


def _has_pandas():
    try:
        import pandas  # noqa: F401
    except ImportError:
        return False
    return True


def statsmodels_its(y, start, time=None, alpha=0.05):
    n = len(y)
    t = np.arange(n, dtype=float) if time is None else np.asarray(time, dtype=float)
    d = (np.arange(n) >= start).astype(float)
    dt = t - t[start]
    fit = sm.OLS(np.asarray(y, dtype=float), np.column_stack([np.ones(n), dt, d, dt * d])).fit()
    return fit, fit.conf_int(alpha)


@pytest.mark.parametrize("seed", range(8))
def test_segmented_regression_matches_statsmodels(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(8, 60))
    start = int(rng.integers(2, n - 2))
    time = np.cumsum(rng.integers(1, 3, n)) + 24240.0 if seed % 2 else None  # months with gaps
    t = np.arange(n) if time is None else time
    y = 50 + 0.8 * t + np.where(np.arange(n) >= start, 6 + 0.5 * (t - t[start]), 0) + rng.normal(0, 3, n)
    alpha = 0.1 if seed % 3 == 0 else 0.05
    r = attain.segmented_regression(y, start, time=time, alpha=alpha)
    fit, ci = statsmodels_its(y, start, time, alpha)
    coefs = [r.level_before, r.slope_before, r.level_change, r.slope_change]
    scale = np.abs(fit.params) + fit.bse
    for k, c in enumerate(coefs):
        assert abs(c.estimate - fit.params[k]) <= 1e-10 * scale[k]
        assert c.std_error == pytest.approx(fit.bse[k], rel=1e-10)
        assert c.t == pytest.approx(fit.tvalues[k], rel=1e-10, abs=1e-10)
        assert c.p_value == pytest.approx(fit.pvalues[k], rel=1e-10, abs=1e-14)
        assert abs(c.low - ci[k, 0]) <= 1e-10 * scale[k]
        assert abs(c.high - ci[k, 1]) <= 1e-10 * scale[k]
    after = fit.t_test(np.array([[0, 1, 0, 1.0]]))
    assert r.slope_after.estimate == pytest.approx(float(np.squeeze(after.effect)), rel=1e-10)
    assert r.slope_after.std_error == pytest.approx(float(np.squeeze(after.sd)), rel=1e-10)
    assert r.slope_after.p_value == pytest.approx(float(np.squeeze(after.pvalue)), rel=1e-10, abs=1e-14)
    assert r.sigma == pytest.approx(np.sqrt(fit.scale), rel=1e-10)
    assert r.r_squared == pytest.approx(fit.rsquared, rel=1e-10)
    assert r.df == n - 4
    chow = fit.f_test(np.array([[0, 0, 1, 0], [0, 0, 0, 1.0]]))
    assert r.chow_f == pytest.approx(float(np.squeeze(chow.fvalue)), rel=1e-9)
    assert r.chow_p_value == pytest.approx(float(chow.pvalue), rel=1e-9, abs=1e-15)
    np.testing.assert_allclose(r.fitted, fit.fittedvalues, rtol=1e-10)


def test_segmented_regression_edges_and_errors():
    line = 2 + 0.5 * np.arange(8)
    r = attain.segmented_regression(line, 4)
    assert r.sigma == 0 and np.isnan(r.level_change.p_value) and np.isnan(r.chow_f)
    assert r.slope_before.estimate == pytest.approx(0.5, abs=1e-12)
    assert np.isnan(attain.segmented_regression([0.6] * 8, 4).r_squared)
    assert attain.segmented_regression([1, 2, 3, 4, 6], 2).df == 1
    with pytest.raises(attain.InvalidInputError, match="start = 1 leaves 1 points before"):
        attain.segmented_regression([1, 2, 3, 4, 5], 1)
    with pytest.raises(attain.InvalidInputError, match=r"time\[2\] = 1 is not after time\[1\] = 1"):
        attain.segmented_regression([1, 2, 3, 4, 5], 2, time=[0, 1, 1, 2, 3])
    with pytest.raises(attain.LengthMismatchError):
        attain.segmented_regression([1, 2, 3, 4, 5], 2, time=[0, 1])
    with pytest.raises(attain.InvalidInputError, match=r"y\[2\] = nan is not finite"):
        attain.segmented_regression([1, 2, np.nan, 4, 5], 2)
    with pytest.raises(attain.InvalidInputError, match="alpha"):
        attain.segmented_regression([1, 2, 3, 4, 5], 2, alpha=1.5)
    with pytest.raises(attain.InputTypeError, match="start"):
        attain.segmented_regression([1, 2, 3, 4, 5], 2.0)
    with pytest.raises(attain.InvalidInputError, match="start = -1 is negative"):
        attain.segmented_regression([1, 2, 3, 4, 5], -1)
    if _has_pandas():
        assert list(r.to_frame().index)[2] == "level_change"


def test_docstring_examples():
    import doctest

    import attain.change_points

    result = doctest.testmod(attain.change_points, extraglobs={"attain": attain, "np": np})
    assert result.failed == 0 and result.attempted >= 2
