"""attain's trend statistics against scipy.stats and pymannkendall.

Tolerances: slopes, intercepts, r, standard errors, S, var S, z and Tau to 1e-12 relative (with
a 1e-12 absolute floor for values that are 0 up to rounding); p-values to 1e-10 absolute.
Series: random floats, integer-valued (ties), constant, n = 2, 3, 4, 65 (the first size past
the fixed-buffer path), 2000, NaNs for the Mann-Kendall family, repeated x, and 2-D batches
whose rows must equal the 1-D calls and the references.
"""

import warnings

import numpy as np
import pymannkendall as pmk
import pytest
import scipy.stats as st
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hst
from hypothesis.extra import numpy as hnp

import attain

REL, ABS, P_ABS = 1e-12, 1e-12, 1e-10


def close(got, want, rel=REL, abs_=ABS):
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    assert got.shape == want.shape
    both_nan = np.isnan(got) & np.isnan(want)
    ok = both_nan | (np.abs(got - want) <= np.maximum(abs_, rel * np.abs(want)))
    assert ok.all(), f"got {got[~ok]}, want {want[~ok]}"


def series(rng, n, kind):
    if kind == "float":
        return rng.normal(size=n) + 0.01 * np.arange(n)
    if kind == "int":
        return np.round(rng.normal(size=n) * 2).astype(float)
    if kind == "int_trend":
        return np.round(rng.normal(size=n)) + np.arange(n)
    if kind == "constant":
        return np.full(n, 3.0)
    raise ValueError(kind)


SIZES = [2, 3, 4, 7, 12, 64, 65, 200, 2000]
KINDS = ["float", "int", "int_trend", "constant"]


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            return fn(*args, **kwargs)


# --------------------------------------------------------------------------------------------
# Regressions


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("kind", KINDS)
def test_linear_trend_matches_linregress(n, kind):
    y = series(np.random.default_rng(n), n, kind)
    x = np.arange(n, dtype=float) * 1.5 + 2
    got = attain.linear_trend(y, x)
    want = quiet(st.linregress, x, y)
    close(got.slope, want.slope)
    close(got.intercept, want.intercept, abs_=1e-11)
    close(got.rvalue, want.rvalue)
    close(got.pvalue, want.pvalue, rel=0, abs_=P_ABS)
    close(got.stderr, want.stderr, rel=1e-10, abs_=1e-12)
    close(got.intercept_stderr, want.intercept_stderr, rel=1e-10, abs_=1e-12)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("alpha", [0.95, 0.9, 0.2])
def test_theil_sen_matches_theilslopes(n, kind, alpha):
    y = series(np.random.default_rng(n + 1), n, kind)
    got = attain.theil_sen(y, alpha=alpha)
    want = quiet(st.theilslopes, y, alpha=alpha)
    for g, w in zip(got, want):
        close(g, w)


@pytest.mark.parametrize("n", [3, 10, 65, 300, 1500])
def test_theil_sen_repeated_x(n):
    rng = np.random.default_rng(n)
    x = rng.integers(0, max(2, n // 4), n).astype(float)
    for y in (rng.normal(size=n), np.round(rng.normal(size=n) * 2)):
        if np.all(x == x[0]):
            continue
        close(attain.theil_sen(y, x), quiet(st.theilslopes, y, x))


def test_theil_sen_negative_variance_gives_nan_interval_as_scipy():
    y, x = [1.0, 1.0, 2.0, 2.0], [0.0, 0.0, 1.0, 1.0]
    got, want = attain.theil_sen(y, x), quiet(st.theilslopes, y, x)
    close(got, want)


@pytest.mark.parametrize("n", [2, 3, 4, 12, 65, 300])
@pytest.mark.parametrize("kind", KINDS)
def test_siegel_matches_siegelslopes(n, kind):
    y = series(np.random.default_rng(n + 2), n, kind)
    close(attain.siegel_slopes(y), quiet(st.siegelslopes, y))
    x = np.random.default_rng(n).integers(0, max(2, n // 2), n).astype(float)
    if not np.all(x == x[0]):
        close(attain.siegel_slopes(y, x), quiet(st.siegelslopes, y, x))
    close(attain.siegel_slopes(y, threads=2), attain.siegel_slopes(y))


# --------------------------------------------------------------------------------------------
# Mann-Kendall


PMK = {
    "original": pmk.original_test,
    "hamed_rao": pmk.hamed_rao_modification_test,
    "yue_wang": pmk.yue_wang_modification_test,
    "pre_whitening": pmk.pre_whitening_modification_test,
    "trend_free_pre_whitening": pmk.trend_free_pre_whitening_modification_test,
}


def check_mk(got, want):
    assert got.trend == want.trend and bool(got.h) == bool(want.h)
    close(got.p, want.p, rel=0, abs_=P_ABS)
    for field in ("z", "Tau", "s", "var_s", "slope", "intercept"):
        close(getattr(got, field), getattr(want, field))


@pytest.mark.parametrize("method", list(PMK))
@pytest.mark.parametrize("n", [3, 4, 12, 64, 65, 400, 2000])
@pytest.mark.parametrize("kind", KINDS)
def test_mann_kendall_matches_pymannkendall(method, n, kind):
    x = series(np.random.default_rng(n + 3), n, kind)
    check_mk(attain.mann_kendall(x, method=method), quiet(PMK[method], x))


@pytest.mark.parametrize("method", list(PMK))
@pytest.mark.parametrize("n", [10, 80, 500])
def test_mann_kendall_with_missing_values(method, n):
    rng = np.random.default_rng(n)
    x = np.round(rng.normal(size=n) * 3) + 0.05 * np.arange(n)
    x[rng.random(n) < 0.2] = np.nan
    check_mk(attain.mann_kendall(x, method=method), quiet(PMK[method], x))


@pytest.mark.parametrize("method", ["hamed_rao", "yue_wang"])
@pytest.mark.parametrize("lag", [0, 1, 3])
def test_mann_kendall_lag(method, lag):
    x = series(np.random.default_rng(lag), 150, "float")
    check_mk(attain.mann_kendall(x, method=method, lag=lag), quiet(PMK[method], x, lag=lag))


def test_mann_kendall_n2_and_alpha():
    check_mk(attain.mann_kendall([1.0, 2.0]), pmk.original_test([1.0, 2.0]))
    x = series(np.random.default_rng(9), 50, "float")
    for alpha in (0.01, 0.2, 0.5):
        check_mk(attain.mann_kendall(x, alpha=alpha), pmk.original_test(x, alpha=alpha))


@pytest.mark.parametrize("period", [1, 4, 12])
@pytest.mark.parametrize("n", [24, 30, 121, 600])
def test_seasonal_matches_pymannkendall(period, n):
    rng = np.random.default_rng(n + period)
    x = np.round(rng.normal(size=n) * 2) + 0.02 * np.arange(n)
    x[rng.random(n) < 0.1] = np.nan
    check_mk(attain.seasonal_mann_kendall(x, period=period), quiet(pmk.seasonal_test, x, period=period))


@pytest.mark.parametrize("step", [1.0, 2.0, 3.0, 0.25])
def test_theil_sen_integer_series_with_a_cluster_of_equal_slopes(step):
    # y = x / step + integer noise: every pair with equal noise has slope 1 / step exactly.
    rng = np.random.default_rng(int(step * 4))
    n = 2500
    x = np.arange(n, dtype=float) * step
    y = np.round(rng.normal(size=n)) + np.arange(n)
    close(attain.theil_sen(y, x), quiet(st.theilslopes, y, x))


@pytest.mark.parametrize("kind", KINDS + ["outliers", "offset"])
def test_slopes_bit_identical_past_the_listing_size(kind):
    """n = 3000: 4.5 million slopes, far past the size where every slope is listed (8 n), so the
    sampled brackets, the insertion pass and, for ties, the general path run. Slopes and
    interval ends are equal to SciPy's sorted slopes and pymannkendall's median, not just close."""
    rng = np.random.default_rng(31)
    n = 3000
    if kind == "outliers":
        y = rng.normal(size=n)
        y[::97] = 1e9
    elif kind == "offset":
        y = 1e8 + rng.normal(size=n)
    else:
        y = series(rng, n, kind)
    got, want = attain.theil_sen(y), quiet(st.theilslopes, y)
    assert (got.slope, got.low_slope, got.high_slope) == (want.slope, want.low_slope, want.high_slope)
    assert attain.theil_sen(y, threads=2) == got
    mk, ref = attain.mann_kendall(y), pmk.original_test(y)
    assert (mk.slope, mk.s, mk.var_s) == (ref.slope, ref.s, ref.var_s)


def sorted_slopes_median(y):
    """Sen's slope by its definition, computed as pymannkendall and SciPy do: every slope
    (y_j - y_i) / (j - i) of two non-missing values by their original indices, in float64, and
    the median of the sorted slopes (the mean of the two middle ones for an even count)."""
    idx = np.flatnonzero(~np.isnan(y)).astype(float)
    v = y[~np.isnan(y)]
    slopes = np.concatenate([(v[k + 1 :] - v[k]) / (idx[k + 1 :] - idx[k]) for k in range(len(v) - 1)])
    m = len(slopes)
    part = np.partition(slopes, [(m - 1) // 2, m // 2])
    return part[m // 2] if m % 2 else (part[m // 2 - 1] + part[m // 2]) / 2.0


def slope_shape(rng, n, kind):
    if kind == "two_valued":
        return rng.integers(0, 2, n).astype(float)
    if kind == "huge":
        return rng.normal(size=n) * 1e150 + 1e147 * np.arange(n)
    if kind == "tiny":
        return rng.normal(size=n) * 1e-150
    y = series(rng, n, kind.removesuffix("_nan"))
    if kind.endswith("_nan"):
        y[rng.random(n) < 0.1] = np.nan
    return y


@pytest.mark.parametrize(
    ("n", "kind"),
    [
        (n, kind)
        for n in (10, 100, 3000)
        for kind in ("float", "int", "int_trend", "constant", "two_valued", "huge", "tiny", "float_nan", "int_nan")
    ]
    + [(10_000, kind) for kind in ("float", "int", "two_valued", "float_nan")],
)
def test_sens_slope_bit_identical_to_the_sorted_slopes(n, kind):
    """Mann-Kendall's Sen's slope equals the median of the sorted pairwise slopes exactly (==),
    at the sizes where every slope is listed (10, 100) and past them (3,000: 4.5 million slopes,
    10^4: 50 million), on ties, two values, a constant, huge and tiny magnitudes, missing values."""
    y = slope_shape(np.random.default_rng(n + len(kind)), n, kind)
    assert attain.mann_kendall(y).slope == sorted_slopes_median(y)


def test_sens_slope_large_series_matches_pymannkendall():
    x = series(np.random.default_rng(5), 3000, "int_trend")
    check_mk(attain.mann_kendall(x), pmk.original_test(x))


# --------------------------------------------------------------------------------------------
# Kendall's tau


@pytest.mark.parametrize("n", [2, 3, 5, 20, 33, 34, 100, 2000])
@pytest.mark.parametrize("ties", [False, True])
def test_kendall_tau_matches_scipy(n, ties):
    rng = np.random.default_rng(n)
    x, y = rng.normal(size=n), rng.normal(size=n) + 0.3 * np.arange(n) / n
    if ties:
        x, y = np.round(x * 2), np.round(y * 2)
    got, want = attain.kendall_tau(x, y), quiet(st.kendalltau, x, y)
    close(got.tau, want.statistic)
    close(got.pvalue, want.pvalue, rel=0, abs_=P_ABS)


def test_kendall_tau_exact_edge_cases():
    n = 50  # beyond 33 but only one discordant pair: the exact distribution, as SciPy
    x = np.arange(n, dtype=float)
    y = x.copy()
    y[[3, 4]] = y[[4, 3]]
    close(attain.kendall_tau(x, y).pvalue, st.kendalltau(x, y).pvalue, rel=1e-10, abs_=0)
    assert np.isnan(attain.kendall_tau([1.0, 1.0, 1.0], [1.0, 2.0, 3.0]).tau)


# --------------------------------------------------------------------------------------------
# Batches


def test_batches_equal_rows_and_references():
    rng = np.random.default_rng(11)
    y = np.round(rng.normal(size=(40, 12)) * 3) + np.arange(12) * rng.normal(size=(40, 1))
    x = np.arange(12, dtype=float) + 2000
    for threads in (1, 2, 3):
        lt = attain.linear_trend(y, x, threads=threads)
        ts = attain.theil_sen(y, x, threads=threads)
        mk = attain.mann_kendall(y, threads=threads)
        kt = attain.kendall_tau(x, y, threads=threads)
        for r in range(len(y)):
            close([f[r] for f in lt], list(attain.linear_trend(y[r], x)))
            close([f[r] for f in ts], list(quiet(st.theilslopes, y[r], x)))
            check_mk(attain.MannKendallResult(*(f[r] for f in mk)), pmk.original_test(y[r]))
            close(kt.tau[r], quiet(st.kendalltau, x, y[r]).statistic)
    xs = np.tile(x, (40, 1))
    close(attain.theil_sen(y, xs).slope, attain.theil_sen(y, x).slope)
    sm = attain.seasonal_mann_kendall(np.tile(y.reshape(-1), (2, 1)), period=12)
    close(sm.s, [quiet(pmk.seasonal_test, y.reshape(-1)).s] * 2)
    assert attain.siegel_slopes(y).slope.shape == (40,)
    assert list(mk.to_frame().columns) == list(attain.MannKendallResult._fields)


def test_one_long_series_with_threads_equals_one_thread():
    y = series(np.random.default_rng(4), 6000, "float")
    assert attain.theil_sen(y, threads=2) == attain.theil_sen(y)
    assert attain.mann_kendall(y, threads=2) == attain.mann_kendall(y)
    close(attain.theil_sen(y), quiet(st.theilslopes, y))


def test_larger_batch_threads_agree():
    y = np.random.default_rng(2).normal(size=(3000, 12))
    one, two = attain.mann_kendall(y), attain.mann_kendall(y, threads=2)
    for a, b in zip(one, two):
        np.testing.assert_array_equal(a, b)


# --------------------------------------------------------------------------------------------
# Errors


def test_errors_name_argument_and_row():
    with pytest.raises(attain.InvalidInputError, match=r"row 2: y\[1\] is NaN"):
        attain.theil_sen(np.array([[1.0, 2, 3], [1, 2, 3], [1, np.nan, 3]]))
    with pytest.raises(attain.InvalidInputError, match="at least 2 points"):
        attain.linear_trend([1.0])
    with pytest.raises(attain.InvalidInputError, match="all x values are equal"):
        attain.theil_sen([1.0, 2.0, 3.0], [5, 5, 5])
    with pytest.raises(attain.LengthMismatchError):
        attain.linear_trend([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(attain.InvalidInputError, match=r"alpha = 1.5 is outside"):
        attain.theil_sen([1.0, 2.0, 3.0], alpha=1.5)
    with pytest.raises(attain.InvalidInputError, match="not one of"):
        attain.mann_kendall([1.0, 2.0, 3.0], method="sen")
    with pytest.raises(attain.InvalidInputError, match="at least 3 non-missing"):
        attain.mann_kendall([1.0, np.nan, 2.0], method="hamed_rao")
    with pytest.raises(attain.InvalidInputError, match=r"row 1: x\[0\] is infinite"):
        attain.mann_kendall([[1.0, 2.0, 3.0], [np.inf, 1.0, 2.0]])
    with pytest.raises(attain.InvalidInputError, match="lag = 5"):
        attain.mann_kendall([1.0, 2.0, 3.0, 4.0], method="yue_wang", lag=5)
    with pytest.raises(attain.InvalidInputError, match="lag applies"):
        attain.mann_kendall([1.0, 2.0, 3.0, 4.0], lag=1)
    with pytest.raises(attain.InvalidInputError, match="a season with at least 2"):
        attain.seasonal_mann_kendall([1.0, 2.0, 3.0], period=12)
    with pytest.raises(attain.InputTypeError):
        attain.mann_kendall(["a", "b", "c"])
    with pytest.raises(attain.InputTypeError):
        attain.theil_sen([1.0, 2.0, 3.0], threads=1.5)
    with pytest.raises(attain.InvalidInputError, match="1-D"):
        attain.theil_sen(np.zeros((2, 2, 2)))
    with pytest.raises(attain.InvalidInputError, match="NaN"):
        attain.kendall_tau([1.0, np.nan], [1.0, 2.0])


def test_docstring_examples():
    import doctest

    import attain.trend

    result = doctest.testmod(attain.trend, extraglobs={"attain": attain, "np": np})
    assert result.failed == 0 and result.attempted > 0


# --------------------------------------------------------------------------------------------
# Properties

FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
values = hnp.arrays(np.float64, hst.integers(3, 90), elements=hst.integers(-50, 50).map(float))


@FAST
@given(values, hst.integers(-1000, 1000), hst.sampled_from([0.5, 2.0, 8.0]))
def test_theil_sen_shift_and_scale(y, shift, scale):
    base = attain.theil_sen(y)
    shifted = attain.theil_sen(y + shift)
    assert shifted.slope == base.slope and shifted.low_slope == base.low_slope
    scaled = attain.theil_sen(y * scale)  # powers of 2: exact in floating point
    assert scaled.slope == base.slope * scale and scaled.high_slope == base.high_slope * scale
    close(scaled.intercept, base.intercept * scale)


@FAST
@given(values, hst.integers(-1000, 1000), hst.sampled_from([0.5, 3.0]))
def test_mann_kendall_invariance(y, shift, scale):
    base = attain.mann_kendall(y)
    for other in (attain.mann_kendall(y + shift), attain.mann_kendall(y * scale), attain.mann_kendall(np.exp(y / 25))):
        assert (other.s, other.var_s, other.Tau, other.z, other.p) == (base.s, base.var_s, base.Tau, base.z, base.p)
    close(attain.mann_kendall(y * scale).slope, base.slope * scale)


@FAST
@given(values)
def test_fast_selection_matches_sorting_all_slopes(y):
    x = np.arange(len(y), dtype=float) // 2  # repeated x
    if np.all(x == x[0]):
        return
    close(attain.theil_sen(y, x), quiet(st.theilslopes, y, x))


def test_mann_kendall_without_sens_slope():
    """slope=False gives the same test (S, var S, z, p, trend) and NaN slope where the method does
    not need Sen's slope; the detrending methods still compute it."""
    rng = np.random.default_rng(11)
    x = rng.normal(size=(3, 300)).cumsum(axis=1)
    x[1, 5] = np.nan
    for method in ("original", "pre_whitening"):
        full = attain.mann_kendall(x, method=method)
        bare = attain.mann_kendall(x, method=method, slope=False)
        for field in ("h", "p", "z", "Tau", "s", "var_s"):
            np.testing.assert_array_equal(getattr(bare, field), getattr(full, field))
        assert np.isnan(bare.slope).all() and np.isnan(bare.intercept).all()
    for method in ("hamed_rao", "yue_wang", "trend_free_pre_whitening"):
        full = attain.mann_kendall(x[0], method=method)
        bare = attain.mann_kendall(x[0], method=method, slope=False)
        assert bare == full  # needs the slope to detrend: computed and reported
    one = attain.mann_kendall(x[0], slope=False, threads=2)
    assert one.s == attain.mann_kendall(x[0]).s
