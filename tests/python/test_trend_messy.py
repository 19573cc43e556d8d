"""Trend tests on messy monthly series (issue 14, section 7): real time points with missing
months, one-sided alternatives, the intercept convention and the block-bootstrap Mann-Kendall.

References and tolerances:
* slopes and "separate" / "joint" intercepts with times: ``scipy.stats.theilslopes(y, t)``
  (and ``method="joint"``), bit-identical; pymannkendall on the same months with NaN in the
  gaps: S exactly, slope and intercept bit-identical, p within 1e-12;
* S: a brute-force sum of signs over the time order in Python integers, and scipy's Kendall
  tau-b times its denominator (exact to rounding);
* one-sided p: the two-sided p of pymannkendall halved (or 1 - p / 2 against the direction),
  and ``scipy.stats.norm.sf(z)``, within 1e-12; Kendall's tau with ``alternative=`` against
  ``scipy.stats.kendalltau`` (exact and normal paths) within 1e-12;
* the block bootstrap: its distribution, not its values (an independent implementation would
  not be independent): under an AR(1) null with rho = 0.6 and 120 months it rejects at most
  13 % at alpha = 5 % where the plain test rejects more than 20 %; it rejects a strong trend.
"""

import numpy as np
import pymannkendall as pmk
import pytest
import scipy.stats as st

import attain
from attain.errors import InputTypeError, InvalidInputError, LengthMismatchError

P_ABS = 1e-12


def gappy(rng, n, kind, keep=0.75):
    """n months of which about `keep` are observed: (values at the kept months, their indices)."""
    t = np.arange(n, dtype=float)
    if kind == "float":
        y = rng.normal(size=n) + 0.02 * t
    elif kind == "int":
        y = np.round(rng.normal(size=n) * 2) + np.round(0.05 * t)
    else:  # a few distinct values: many ties
        y = rng.integers(0, 3, size=n).astype(float)
    kept = np.sort(rng.choice(n, size=max(3, int(keep * n)), replace=False))
    return y[kept], t[kept]


def brute_s(y):
    n = len(y)
    return sum(int(np.sign(y[j] - y[i])) for i in range(n) for j in range(i + 1, n))


CASES = [(n, kind) for n in (5, 12, 40, 90, 400) for kind in ("float", "int", "ties")]


@pytest.mark.parametrize(("n", "kind"), CASES)
def test_times_with_gaps_match_scipy_and_pymannkendall(n, kind):
    rng = np.random.default_rng(n * 7 + len(kind))
    y, t = gappy(rng, n, kind)
    r = attain.mann_kendall(y, times=t)
    ref = st.theilslopes(y, t)
    assert r.slope == ref.slope  # bit-identical
    assert r.intercept == ref.intercept
    if len(y) <= 120:
        assert r.s == brute_s(y)
    # pymannkendall on the full calendar, NaN in the missing months
    full = np.full(int(t[-1]) + 1, np.nan)
    full[t.astype(int)] = y
    p = pmk.original_test(full)
    assert r.s == p.s
    assert r.var_s == p.var_s
    assert r.slope == p.slope
    assert r.intercept == p.intercept
    assert abs(r.p - p.p) <= P_ABS
    assert r.trend == p.trend
    # S from scipy's tau-b: the times have no ties, so S = tau_b sqrt(P (P - ties in y))
    tau = st.kendalltau(t, y).statistic
    pairs = len(y) * (len(y) - 1) // 2
    _, counts = np.unique(y, return_counts=True)
    ytie = int((counts * (counts - 1) // 2).sum())
    assert r.s == round(tau * np.sqrt(pairs) * np.sqrt(pairs - ytie))


def test_times_scale_the_slope_and_missing_values_drop_their_time():
    rng = np.random.default_rng(3)
    y, t = gappy(rng, 60, "float")
    years = 2020 + t / 12.0
    r = attain.mann_kendall(y, times=years)
    ref = st.theilslopes(y, years)
    assert r.slope == ref.slope and r.intercept == ref.intercept
    y2 = y.copy()
    y2[[2, 9, 30]] = np.nan
    keep = ~np.isnan(y2)
    r2 = attain.mann_kendall(y2, times=t)
    ref2 = st.theilslopes(y2[keep], t[keep])
    assert r2.slope == ref2.slope and r2.intercept == ref2.intercept
    assert r2.s == attain.mann_kendall(y2[keep]).s


def test_times_as_periods_and_dates():
    rng = np.random.default_rng(5)
    y, t = gappy(rng, 36, "float")
    months = np.array([f"{2022 + int(m) // 12}-{int(m) % 12 + 1:02d}" for m in t])
    r = attain.mann_kendall(y, times=months)
    ref = st.theilslopes(y, t)
    assert r.slope == ref.slope
    assert r.s == attain.mann_kendall(y, times=t).s
    dates = months.astype("datetime64[M]")
    assert attain.mann_kendall(y, times=dates).slope == ref.slope


def test_large_series_with_gaps():
    rng = np.random.default_rng(11)
    y, t = gappy(rng, 3000, "float")
    r = attain.mann_kendall(y, times=t, threads=2)
    ref = st.theilslopes(y, t)
    assert r.slope == ref.slope and r.intercept == ref.intercept
    full = np.full(int(t[-1]) + 1, np.nan)
    full[t.astype(int)] = y
    p = pmk.original_test(full)
    assert r.s == p.s and abs(r.p - p.p) <= P_ABS


def test_batches_with_shared_and_per_row_times():
    rng = np.random.default_rng(8)
    ys = rng.normal(size=(4, 30)) + 0.05 * np.arange(30)
    t = np.sort(rng.choice(60, size=30, replace=False)).astype(float)
    shared = attain.mann_kendall(ys, times=t)
    rows = np.stack([np.sort(rng.choice(60, size=30, replace=False)).astype(float) for _ in range(4)])
    own = attain.mann_kendall(ys, times=rows, alternative="greater")
    for i in range(4):
        assert shared.slope[i] == st.theilslopes(ys[i], t).slope
        one = attain.mann_kendall(ys[i], times=rows[i], alternative="greater")
        assert own.slope[i] == one.slope and own.p[i] == one.p


# --------------------------------------------------------------------------------------------
# One-sided alternatives


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("method", ["original", "hamed_rao", "yue_wang", "pre_whitening"])
def test_one_sided_is_the_two_sided_p_halved(seed, method):
    rng = np.random.default_rng(seed)
    x = np.round(rng.normal(size=40) * 3) + (seed - 4) * 0.08 * np.arange(40)
    ref = {
        "original": pmk.original_test,
        "hamed_rao": pmk.hamed_rao_modification_test,
        "yue_wang": pmk.yue_wang_modification_test,
        "pre_whitening": pmk.pre_whitening_modification_test,
    }[method](x)
    two = attain.mann_kendall(x, method=method)
    assert abs(two.p - ref.p) <= P_ABS
    for alt, sign in (("greater", 1), ("increasing", 1), ("less", -1), ("decreasing", -1)):
        r = attain.mann_kendall(x, method=method, alternative=alt)
        assert r.z == two.z and r.s == two.s
        toward = sign * ref.z > 0
        want = ref.p / 2 if toward else 1 - ref.p / 2
        assert abs(r.p - want) <= P_ABS
        assert abs(r.p - (st.norm.sf(ref.z) if sign > 0 else st.norm.cdf(ref.z))) <= P_ABS
        assert r.h == (r.p < 0.05 and toward) or abs(r.p - 0.05) < 1e-9
        assert r.trend == ("no trend" if not r.h else ("increasing" if sign > 0 else "decreasing"))


def test_one_sided_agrees_with_scipy_kendalltau_where_it_matches():
    """scipy's asymptotic kendalltau has no continuity correction: with S replaced by S -+ 1 in
    its z the one-sided p-values coincide; without ties in x (times) the variances are equal."""
    rng = np.random.default_rng(21)
    x = rng.normal(size=50) + 0.03 * np.arange(50)
    t = np.arange(50.0)
    r = attain.mann_kendall(x, alternative="greater")
    k = st.kendalltau(t, x, alternative="greater", method="asymptotic")
    var = 50 * 49 * 105 / 18
    z_scipy = st.norm.isf(k.pvalue)
    assert abs(z_scipy - r.s / np.sqrt(var)) < 1e-9
    assert abs(r.z - (r.s - 1) / np.sqrt(var)) < 1e-12


def test_seasonal_one_sided():
    rng = np.random.default_rng(4)
    x = rng.normal(size=72) + 0.02 * np.arange(72)
    ref = pmk.seasonal_test(x, period=12)
    up = attain.seasonal_mann_kendall(x, alternative="greater")
    down = attain.seasonal_mann_kendall(x, alternative="less")
    assert abs(up.p - (ref.p / 2 if ref.z > 0 else 1 - ref.p / 2)) <= P_ABS
    assert abs(down.p - (1 - ref.p / 2 if ref.z > 0 else ref.p / 2)) <= P_ABS


@pytest.mark.parametrize("n", [3, 4, 8, 20, 33, 34, 60, 200])
@pytest.mark.parametrize("kind", ["float", "int", "sorted", "nearly_sorted"])
@pytest.mark.parametrize("alternative", ["two-sided", "greater", "less"])
def test_kendall_tau_alternatives_match_scipy(n, kind, alternative):
    rng = np.random.default_rng(n)
    x = rng.normal(size=n)
    if kind == "float":
        y = x + rng.normal(size=n)
    elif kind == "int":
        y = np.round(x + rng.normal(size=n))
    elif kind == "sorted":
        y = -x if alternative == "greater" else x.copy()
    else:  # one discordant pair: scipy's exact path at any n
        y = np.sort(x)
        x = np.sort(x)
        y[[0, 1]] = y[[1, 0]]
    got = attain.kendall_tau(x, y, alternative=alternative)
    want = st.kendalltau(x, y, alternative=alternative)
    assert abs(got.tau - want.statistic) <= 1e-14
    assert abs(got.pvalue - want.pvalue) <= P_ABS * max(1.0, want.pvalue)


# --------------------------------------------------------------------------------------------
# The intercept convention


@pytest.mark.parametrize(("n", "kind"), CASES)
def test_intercept_conventions(n, kind):
    rng = np.random.default_rng(n + 100 * len(kind))
    y, t = gappy(rng, n, kind)
    sep = st.theilslopes(y, t, method="separate")
    joint = st.theilslopes(y, t, method="joint")
    a = attain.theil_sen(y, t)
    assert a.intercept == sep.intercept
    j = attain.theil_sen(y, t, intercept="joint")
    assert (j.slope, j.intercept, j.low_slope, j.high_slope) == tuple(joint)
    m = attain.mann_kendall(y, times=t, intercept="joint")
    assert m.intercept == joint.intercept == np.median(y - m.slope * t)
    # without times: pymannkendall's separate intercept, and the direct joint formula on indices
    full = y.copy()
    full[::3] = np.nan
    idx = np.arange(len(full), dtype=float)
    keep = ~np.isnan(full)
    assert attain.mann_kendall(full).intercept == pmk.sens_slope(full).intercept
    mj = attain.mann_kendall(full, intercept="joint")
    assert mj.intercept == np.median(full[keep] - mj.slope * idx[keep])


# --------------------------------------------------------------------------------------------
# Block bootstrap


def ar1(rng, n, rho, burn=50):
    e = rng.normal(size=n + burn)
    x = np.empty(n + burn)
    x[0] = e[0]
    for i in range(1, n + burn):
        x[i] = rho * x[i - 1] + e[i]
    return x[burn:]


def test_block_bootstrap_is_seeded_and_keeps_s():
    rng = np.random.default_rng(1)
    x = ar1(rng, 80, 0.5) + 0.01 * np.arange(80)
    a = attain.mann_kendall(x, method="block_bootstrap", seed=7, replicates=500)
    b = attain.mann_kendall(x, method="block_bootstrap", seed=7, replicates=500, threads=2)
    c = attain.mann_kendall(x, method="block_bootstrap", seed=8, replicates=500)
    o = attain.mann_kendall(x)
    assert a == b
    assert a.p != c.p
    assert (a.s, a.Tau, a.slope, a.intercept) == (o.s, o.Tau, o.slope, o.intercept)
    assert 1 / 501 <= a.p <= 1
    assert (a.p * 501) == round(a.p * 501)  # (1 + count) / (B + 1)
    assert a.h == (a.p <= 0.05)
    fixed = attain.mann_kendall(x, method="block_bootstrap", block=6, seed=7, replicates=500)
    assert fixed.s == a.s
    one = attain.mann_kendall(x, method="block_bootstrap", alternative="greater", seed=7, replicates=500)
    assert one.p <= a.p + 1e-12 or o.s < 0


def test_block_bootstrap_size_under_ar1_and_power():
    """AR(1), rho = 0.6, 120 months, 300 series, 300 replicates each. The plain test rejects a
    true null far too often; the block bootstrap is near the nominal 5 % (tolerance: at most
    13 %, the binomial noise of 300 series being +-2.5 %); pymannkendall's Hamed-Rao and
    Yue-Wang corrections are printed beside it for the docs."""
    rng = np.random.default_rng(2024)
    series = np.stack([ar1(rng, 120, 0.6) for _ in range(300)])
    boot = attain.mann_kendall(series, method="block_bootstrap", replicates=300, seed=1, threads=2)
    plain = attain.mann_kendall(series, slope=False)
    rate_boot, rate_plain = boot.h.mean(), plain.h.mean()
    hr = np.mean([pmk.hamed_rao_modification_test(s).h for s in series[:100]])
    yw = np.mean([pmk.yue_wang_modification_test(s).h for s in series[:100]])
    print(f"rejection at 5%: block bootstrap {rate_boot:.3f}, plain {rate_plain:.3f}, hamed_rao {hr:.3f}, yue_wang {yw:.3f}")
    assert rate_plain > 0.20
    assert rate_boot <= 0.13
    assert rate_boot < rate_plain / 2
    trend = series[:50] + 0.05 * np.arange(120)
    strong = attain.mann_kendall(trend, method="block_bootstrap", replicates=300, seed=1)
    assert strong.h.mean() >= 0.9
    assert all(pmk.hamed_rao_modification_test(s).h for s in trend[:10])


def test_block_bootstrap_with_times_and_missing():
    rng = np.random.default_rng(9)
    y, t = gappy(rng, 100, "float")
    y[5] = np.nan
    r = attain.mann_kendall(y, times=t, method="block_bootstrap", replicates=200)
    keep = ~np.isnan(y)
    assert r.slope == st.theilslopes(y[keep], t[keep]).slope
    assert r.s == attain.mann_kendall(y[keep]).s


# --------------------------------------------------------------------------------------------
# Errors


def test_errors_name_the_argument_and_index():
    y = np.arange(6.0)
    with pytest.raises(LengthMismatchError, match="times"):
        attain.mann_kendall(y, times=np.arange(5.0))
    with pytest.raises(InvalidInputError, match=r"times\[3\] = 2 repeats times\[2\] = 2"):
        attain.mann_kendall(y, times=[0, 1, 2, 2, 4, 5])
    with pytest.raises(InvalidInputError, match=r"times\[2\] = 1 comes before times\[1\] = 3"):
        attain.mann_kendall(y, times=[0, 3, 1, 4, 5, 6])
    with pytest.raises(InvalidInputError, match=r"times\[4\] is NaN"):
        attain.mann_kendall(y, times=[0, 1, 2, 3, np.nan, 5])
    with pytest.raises(InvalidInputError, match=r"times\[0\] is infinite"):
        attain.mann_kendall(y, times=[-np.inf, 1, 2, 3, 4, 5])
    with pytest.raises(InvalidInputError, match="alternative = 'up'"):
        attain.mann_kendall(y, alternative="up")
    with pytest.raises(InvalidInputError, match="alternative = 'up'"):
        attain.seasonal_mann_kendall(np.arange(24.0), alternative="up")
    with pytest.raises(InputTypeError, match="alternative"):
        attain.mann_kendall(y, alternative=1)
    with pytest.raises(InvalidInputError, match="alternative = 'up'"):
        attain.kendall_tau(y, y, alternative="up")
    with pytest.raises(InvalidInputError, match="intercept = 'mean'"):
        attain.mann_kendall(y, intercept="mean")
    with pytest.raises(InvalidInputError, match="intercept = 'mean'"):
        attain.theil_sen(y, intercept="mean")
    with pytest.raises(InvalidInputError, match="times apply to methods"):
        attain.mann_kendall(y, times=np.arange(6.0), method="hamed_rao")
    with pytest.raises(InvalidInputError, match="block = 7"):
        attain.mann_kendall(y, method="block_bootstrap", block=7)
    with pytest.raises(InvalidInputError, match="block applies"):
        attain.mann_kendall(y, block=2)
    with pytest.raises(InvalidInputError, match="replicates = 0"):
        attain.mann_kendall(y, method="block_bootstrap", replicates=0)
    with pytest.raises(InputTypeError, match="seed"):
        attain.mann_kendall(y, method="block_bootstrap", seed=-1)
    with pytest.raises(InvalidInputError, match=r"times\[2\] = 2023-02 repeats times\[1\] = 2023-02"):
        attain.mann_kendall(np.arange(3.0), times=["2023-01", "2023-02", "2023-02"])
    with pytest.raises(InvalidInputError, match=r"row 1: times\[1\]"):
        attain.mann_kendall(np.ones((2, 3)), times=np.array([[0.0, 1, 2], [0, 0, 1]]))


@pytest.mark.parametrize("n", [200, 1500])
def test_decimal_year_times_past_the_fixed_buffers(n):
    """Uneven real-valued times on the slope selection's general path: bit-identical to SciPy."""
    rng = np.random.default_rng(n)
    t = np.sort(rng.choice(3 * n, size=n, replace=False)) / 12.0 + 2001.5
    y = rng.normal(size=n) + 0.3 * t
    for rule in ("separate", "joint"):
        r = attain.mann_kendall(y, times=t, intercept=rule)
        ref = st.theilslopes(y, t, method=rule)
        assert r.slope == ref.slope and r.intercept == ref.intercept
