"""SPC charts and run rules against references written directly from the formulas in numpy
(qcc / qicharts2 / Laney 2002), scipy's binomial quantile (Anhøj's crossings limit), Anhøj's
published table of longest-run limits and naive window-by-window rule checks."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.stats import binom

import attain

RULES_WE = {"two_of_three_beyond_2sigma", "four_of_five_beyond_1sigma", "eight_on_one_side"}


# --------------------------------------------------------------------------------------------
# Independent references


def ref_limits(chart, done=None, eligible=None, values=None, breaks=(), exclude=(), freeze=0, sigmas=3.0):
    """Centre, sigma, lower, upper per point, one phase at a time, in numpy."""
    n = len(values) if values is not None else len(done)
    edges = [0, *breaks, n]
    centre, sigma = np.empty(n), np.empty(n)
    for a, b in zip(edges[:-1], edges[1:]):
        end = min(b, a + freeze) if freeze else b
        base = np.array([i for i in range(a, end) if i not in set(exclude)])
        if chart == "xmr":
            x = np.asarray(values, dtype=float)
            c = x[base].mean()
            s = np.abs(np.diff(x[base])).mean() / 1.128 * np.ones(b - a)
        else:
            d, e = np.asarray(done, float), np.asarray(eligible, float)
            c = d[base].sum() / e[base].sum()
            s = np.sqrt(c * (1 - c) / e[a:b])
            if chart == "laney":
                sb = np.sqrt(c * (1 - c) / e[base])
                z = (d[base] / e[base] - c) / sb
                s = s * np.abs(np.diff(z)).mean() / 1.128
        centre[a:b], sigma[a:b] = c, s
    lower, upper = centre - sigmas * sigma, centre + sigmas * sigma
    if chart != "xmr":
        lower, upper = np.clip(lower, 0, 1), np.clip(upper, 0, 1)
    return centre, sigma, lower, upper


def ref_anhoej(values, centre):
    """(useful, longest run, crossings) with itertools.groupby over the sides."""
    sides = [1 if v > c else -1 for v, c in zip(values, centre) if v != c]
    runs = [len(list(g)) for _, g in itertools.groupby(sides)]
    return len(sides), max(runs, default=0), max(len(runs) - 1, 0)


def ref_rules(values, centre, sigma, rule_set):
    """The points where each Western Electric / Nelson rule fires, checked window by window."""
    z = [(v - c) / s for v, c, s in zip(values, centre, sigma)]
    n = len(z)
    fired: dict[str, list[int]] = {}

    def add(name, i):
        fired.setdefault(name, []).append(i)

    for i in range(n):
        w3, w5 = z[max(0, i - 2) : i + 1], z[max(0, i - 4) : i + 1]
        if len(w3) == 3 and (sum(x > 2 for x in w3) >= 2 or sum(x < -2 for x in w3) >= 2):
            add("two_of_three_beyond_2sigma", i)
        if len(w5) == 5 and (sum(x > 1 for x in w5) >= 4 or sum(x < -1 for x in w5) >= 4):
            add("four_of_five_beyond_1sigma", i)
        side_run = 8 if rule_set == "western_electric" else 9
        w = z[i + 1 - side_run : i + 1] if i + 1 >= side_run else []
        if w and (all(x > 0 for x in w) or all(x < 0 for x in w)):
            add("eight_on_one_side" if side_run == 8 else "nine_on_one_side", i)
        if rule_set != "nelson":
            continue
        v6 = values[i - 5 : i + 1] if i >= 5 else []
        if len(v6) == 6 and (all(a < b for a, b in zip(v6, v6[1:])) or all(a > b for a, b in zip(v6, v6[1:]))):
            add("six_trending", i)
        v14 = values[i - 13 : i + 1] if i >= 13 else []
        diffs = np.sign(np.diff(v14)) if len(v14) == 14 else []
        if len(diffs) and all(diffs != 0) and all(diffs[1:] == -diffs[:-1]):
            add("fourteen_alternating", i)
        if i >= 14 and all(abs(x) < 1 for x in z[i - 14 : i + 1]):
            add("fifteen_within_1sigma", i)
        if i >= 7 and all(abs(x) > 1 for x in z[i - 7 : i + 1]):
            add("eight_beyond_1sigma", i)
    return fired


def signals_of(r, rules=None):
    return {s.rule: s.points.tolist() for s in r.signals if rules is None or s.rule in rules}


# --------------------------------------------------------------------------------------------
# Anhøj's limits


def test_anhoej_limits_match_the_published_table_and_the_binomial_quantile():
    n = np.arange(10, 101)
    runs, crossings = attain.anhoej_limits(n)
    # The published table of longest-run limits for n = 10..100 steps up at 12, 23, 46 and 91.
    published = np.select([n < 12, n < 23, n < 46, n < 91], [6, 7, 8, 9], 10)
    np.testing.assert_array_equal(runs, published)
    np.testing.assert_array_equal(crossings, binom.ppf(0.05, n - 1, 0.5).astype(int))
    big = np.array([1000, 10_000, 123_457])
    np.testing.assert_array_equal(attain.anhoej_limits(big)[1], binom.ppf(0.05, big - 1, 0.5).astype(int))
    assert attain.anhoej_limits(24) == (8, 8)
    assert attain.anhoej_limits(0) == (0, 0)


# --------------------------------------------------------------------------------------------
# Limits against numpy


@pytest.mark.parametrize("chart", ["p", "laney"])
@pytest.mark.parametrize("seed", range(5))
def test_proportion_limits_match_numpy(chart, seed):
    rng = np.random.default_rng(seed)
    n = 36
    eligible = rng.integers(50, 5000, n)
    p = np.clip(0.6 + 0.05 * rng.standard_normal(n), 0.01, 0.99)
    done = rng.binomial(eligible, p)
    breaks, exclude, freeze = [12, 24], [3, 30], 10 if seed % 2 else 0
    r = attain.spc_chart(done, eligible, chart=chart, breaks=breaks, exclude=exclude, freeze=freeze, sigmas=2.5)
    centre, sigma, lower, upper = ref_limits(
        chart, done, eligible, breaks=breaks, exclude=exclude, freeze=freeze, sigmas=2.5
    )
    np.testing.assert_allclose(r.value, done / eligible, rtol=1e-15)
    np.testing.assert_allclose(r.centre, centre, rtol=1e-13)
    np.testing.assert_allclose(r.sigma, sigma, rtol=1e-12)
    np.testing.assert_allclose(r.lower, lower, rtol=1e-12)
    np.testing.assert_allclose(r.upper, upper, rtol=1e-12)
    np.testing.assert_array_equal(r.phase, np.repeat([0, 1, 2], 12))
    assert r.phases.baseline.tolist() == ([9, 10, 9] if freeze else [11, 12, 11])
    assert r.excluded[3] and r.excluded[30] and r.excluded.sum() == 2


def test_p_chart_by_hand():
    # pbar = 160 / 400 = 0.4; month 0: sigma = sqrt(0.24 / 100) = 0.04898979485566356.
    r = attain.spc_chart([40, 30, 50, 40], [100, 100, 100, 100], chart="p", rules="none")
    assert r.centre[0] == pytest.approx(0.4, rel=1e-15)
    assert r.upper[0] == pytest.approx(0.4 + 3 * 0.04898979485566356, rel=1e-14)
    assert r.lower[0] == pytest.approx(0.4 - 3 * 0.04898979485566356, rel=1e-14)
    assert r.signals == ()


@pytest.mark.parametrize("seed", range(5))
def test_xmr_limits_match_numpy(seed):
    rng = np.random.default_rng(seed)
    x = 0.7 + 0.03 * rng.standard_normal(30)
    r = attain.xmr_chart(x, breaks=[15], exclude=[4], sigmas=3)
    centre, sigma, lower, upper = ref_limits("xmr", values=x, breaks=[15], exclude=[4])
    np.testing.assert_allclose(r.centre, centre, rtol=1e-14)
    np.testing.assert_allclose(r.lower, lower, rtol=1e-13)
    np.testing.assert_allclose(r.upper, upper, rtol=1e-13)
    mr = np.abs(np.diff(x))
    np.testing.assert_allclose(r.moving_range[1:15], mr[:14], rtol=1e-15)
    assert np.isnan(r.moving_range[0]) and np.isnan(r.moving_range[15])
    np.testing.assert_allclose(r.phases.mr_upper, 3.267 * r.phases.spread, rtol=1e-15)


# --------------------------------------------------------------------------------------------
# Run rules against naive references


@pytest.mark.parametrize("seed", range(20))
def test_anhoej_runs_and_crossings_match_groupby(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(10, 60))
    x = np.round(rng.standard_normal(n).cumsum() * 0.3, 1)  # drifting: runs are common
    r = attain.xmr_chart(x, sigmas=100)  # wide limits: only the run analysis can signal
    useful, longest, crossings = ref_anhoej(x, r.centre)
    run_limit = round(np.log2(useful) + 3)
    cross_limit = int(binom.ppf(0.05, useful - 1, 0.5))
    assert (r.phases.useful[0], r.phases.longest_run[0], r.phases.crossings[0]) == (useful, longest, crossings)
    assert (r.phases.longest_run_limit[0], r.phases.crossings_limit[0]) == (run_limit, cross_limit)
    fired = signals_of(r)
    assert ("anhoej_runs" in fired) == (longest > run_limit)
    assert ("anhoej_crossings" in fired) == (crossings < cross_limit)


@pytest.mark.parametrize("seed", range(10))
def test_anhoej_per_phase_skips_excluded_points(seed):
    rng = np.random.default_rng(50 + seed)
    eligible = rng.integers(50, 500, 60)
    done = rng.binomial(eligible, np.repeat(rng.uniform(0.3, 0.8, 3), 20))
    exclude = sorted(set(rng.integers(0, 60, 5).tolist()))
    breaks = [20, 40]
    r = attain.spc_chart(done, eligible, breaks=breaks, exclude=exclude)
    for k, (a, b) in enumerate(zip([0, *breaks], [*breaks, 60])):
        keep = [i for i in range(a, b) if i not in exclude]
        useful, longest, crossings = ref_anhoej(r.value[keep], r.centre[keep])
        assert (r.phases.useful[k], r.phases.longest_run[k], r.phases.crossings[k]) == (useful, longest, crossings)
    for s in r.signals:
        assert not set(s.points.tolist()) & set(exclude)
        assert np.all(r.phase[s.points] == s.phase)


@pytest.mark.parametrize("rule_set", ["western_electric", "nelson"])
@pytest.mark.parametrize("seed", range(20))
def test_western_electric_and_nelson_rules_match_window_checks(rule_set, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(80) + np.repeat(rng.normal(0, 1, 8), 10)  # shifts every 10 points
    x[40:47] = np.arange(7) * 0.4  # a trend
    x[60:75] = 0.05 * (-1) ** np.arange(15)  # alternating, hugging the centre
    r = attain.xmr_chart(x, rules=rule_set, freeze=20)
    expected = ref_rules(x.tolist(), r.centre, r.sigma, rule_set)
    outside = np.flatnonzero(r.outside).tolist()
    if outside:
        expected["outside_limits"] = outside
    assert signals_of(r) == expected
    np.testing.assert_array_equal(np.flatnonzero(r.signal), sorted({i for v in expected.values() for i in v}))


def test_a_campaign_wave_rebases_the_limits():
    # Ten months near 50 %, then a campaign: near 70 %. One phase: long runs on both sides.
    rng = np.random.default_rng(1)
    eligible = np.full(20, 400)
    done = rng.binomial(eligible, np.r_[np.full(10, 0.5), np.full(10, 0.7)])
    one = attain.spc_chart(done, eligible)
    assert {"anhoej_runs", "anhoej_crossings"} <= set(signals_of(one))
    two = attain.spc_chart(done, eligible, breaks=[10])
    assert two.phases.centre[1] - two.phases.centre[0] > 0.15
    assert "anhoej_runs" not in signals_of(two)
    frame = two.to_frame()
    assert list(frame.columns) == [
        "value", "centre", "lower", "upper", "phase", "excluded", "outside", "signal", "rules"
    ]
    assert "anhoej_crossings" in one.rules_at(0)  # every useful point of the phase
    assert frame["rules"].str.len().sum() >= 0


# --------------------------------------------------------------------------------------------
# Edge cases and bad input


@pytest.mark.parametrize("chart", ["p", "laney"])
def test_zero_and_all_done(chart):
    for done in ([0, 0, 0], [5, 7, 9]):
        r = attain.spc_chart(done, [5, 7, 9], chart=chart)
        np.testing.assert_array_equal(r.lower, r.centre)
        np.testing.assert_array_equal(r.upper, r.centre)
        assert r.signals == () and r.phases.useful[0] == 0


def test_constant_series_and_tiny_samples():
    r = attain.xmr_chart([0.7] * 12)
    assert r.signals == () and r.upper[0] == r.centre[0] == 0.7
    assert attain.spc_chart([3], [4], chart="p").centre[0] == 0.75
    assert attain.xmr_chart([1.0, 2.0]).phases.spread[0] == 1.0


def test_bad_input_names_the_argument():
    with pytest.raises(attain.InvalidInputError, match=r"done\[1\] = 3 is greater than eligible\[1\] = 2"):
        attain.spc_chart([1, 3], [2, 2])
    with pytest.raises(attain.InvalidInputError, match=r"eligible\[1\] = 0"):
        attain.spc_chart([1, 0], [2, 0])
    with pytest.raises(attain.InvalidInputError, match=r"phase 1 \(points 2 to 2\) has 1 baseline points; the laney"):
        attain.spc_chart([1, 1, 1], [2, 2, 2], breaks=[2])
    with pytest.raises(attain.InvalidInputError, match=r"values\[1\] = nan is not finite"):
        attain.xmr_chart([1.0, np.nan, 2.0])
    with pytest.raises(attain.InvalidInputError, match=r"breaks\[1\] = 2 is not after breaks\[0\] = 2"):
        attain.xmr_chart([1.0, 2.0, 3.0, 4.0, 5.0], breaks=[2, 2])
    with pytest.raises(attain.InvalidInputError, match=r"breaks\[0\] = -1 is negative"):
        attain.xmr_chart([1.0, 2.0, 3.0], breaks=[-1])
    with pytest.raises(attain.InvalidInputError, match=r"exclude\[0\] = 7 is not a point index in \[0, 3\)"):
        attain.xmr_chart([1.0, 2.0, 3.0], exclude=[7])
    with pytest.raises(attain.LengthMismatchError):
        attain.xmr_chart([1.0, 2.0, 3.0], exclude=[True, False])
    with pytest.raises(attain.InvalidInputError, match="sigmas = 0 is not a positive number"):
        attain.xmr_chart([1.0, 2.0, 3.0], sigmas=0)
    with pytest.raises(attain.InvalidInputError, match="rules = 'minitab'"):
        attain.xmr_chart([1.0, 2.0, 3.0], rules="minitab")
    with pytest.raises(attain.InvalidInputError, match="chart = 'np'"):
        attain.spc_chart([1, 1], [2, 2], chart="np")
    with pytest.raises(attain.InputTypeError):
        attain.xmr_chart(["a", "b"])
    with pytest.raises(attain.InvalidInputError, match="freeze = -1 is negative"):
        attain.xmr_chart([1.0, 2.0, 3.0], freeze=-1)
    with pytest.raises(attain.InputTypeError, match="freeze"):
        attain.xmr_chart([1.0, 2.0, 3.0], freeze=2.5)
    with pytest.raises(attain.InvalidInputError, match="centre"):
        attain.spc_chart([1, 1], [2, 2], centre=1.5)


def test_docstring_examples():
    import doctest

    import attain.spc

    result = doctest.testmod(attain.spc, extraglobs={"attain": attain, "np": np})
    assert result.failed == 0 and result.attempted >= 2
