"""Year-end projection against independent computations.

The pace model is re-derived here with numpy (means and sample (co)variances of the last
flows); the trend model with statsmodels OLS (the fitted sum of future flows, its standard
error from ``t_test``, the residual variance ``scale``) and scipy's t quantile; both carried to
the ratio by the delta method written out here. A simulation checks that the trend interval
covers the year-end ratio about as often as its level says. Tolerance: 1e-9 relative (the
same formulas evaluated in another order).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats

import attain
from attain.errors import InputTypeError, InvalidInputError, LengthMismatchError, UnknownKeyError

ROOT = "Cục THADS tỉnh Bến Tre"
RTOL = 1e-9


def founding_series(measure="count"):
    panel = attain.Panel.from_csv(attain.example_data_path(), fiscal_year_start=10)
    t = panel.totals(measure)
    i = panel.units.index(ROOT)
    return t["done"][i], t["eligible"][i], panel.periods


def delta_interval(done_now, eligible_now, sum_d, sum_e, v_d, v_e, cov, q):
    d, e = done_now + sum_d, eligible_now + sum_e
    r = d / e
    var = (v_d - 2 * r * cov + r * r * v_e) / e**2
    return r, max(r - q * math.sqrt(var), 0.0), min(r + q * math.sqrt(var), 1.0)


def test_pace_model_by_hand():
    done, eligible, periods = founding_series()
    p = attain.project_year_end(done, eligible, periods, target=0.815, fiscal_year_start=10, window=3)
    fd, fe = np.diff(done)[-3:].astype(float), np.diff(eligible)[-3:].astype(float)
    q = stats.t.ppf(0.975, 2)
    for h in (1, 2, 3):
        mult = h + h * h / 3
        r, lo, hi = delta_interval(done[-1], eligible[-1], h * fd.mean(), h * fe.mean(), mult * fd.var(ddof=1),
                                   mult * fe.var(ddof=1), mult * np.cov(fd, fe, ddof=1)[0, 1], q)
        np.testing.assert_allclose([p.pace.ratio[h - 1], p.pace.low[h - 1], p.pace.high[h - 1]], [r, lo, hi], rtol=RTOL)
        assert p.pace.done[h - 1] == done[-1] + h * fd.mean()
    assert p.current_pace == pytest.approx(fd.mean(), rel=1e-15)
    needed = attain.pace(done[-1], eligible[-1], 0.815, 3, eligible_growth_per_month=fe.mean())
    assert p.required_pace == pytest.approx(needed.per_month_projected, rel=1e-15)
    assert p.reachable == (fd.mean() >= needed.per_month_projected)
    assert p.periods == ["2021-07", "2021-08", "2021-09"] and p.as_of == "2021-06"


@pytest.mark.parametrize("measure", ["count", "amount"])
def test_trend_model_against_statsmodels(measure):
    done, eligible, periods = founding_series(measure)
    p = attain.project_year_end(done, eligible, periods, fiscal_year_start=10, alpha=0.1)
    months = np.arange(2, 10, dtype=float)  # flows of months 2..9
    X = sm.add_constant(months)
    fit_d = sm.OLS(np.diff(done).astype(float), X).fit()
    fit_e = sm.OLS(np.diff(eligible).astype(float), X).fit()
    cov_de = np.sum(fit_d.resid * fit_e.resid) / (len(months) - 2)
    q = stats.t.ppf(0.95, len(months) - 2)
    for h in (1, 2, 3):
        future = np.arange(10, 10 + h, dtype=float)
        c = np.array([h, future.sum()])
        s_d, s_e = float(c @ fit_d.params), float(c @ fit_e.params)
        xtx_inv = np.linalg.inv(X.T @ X)
        mult = h + c @ xtx_inv @ c
        se_d = fit_d.t_test(c).sd.item()  # the fitted sum's standard error, from statsmodels
        assert se_d**2 == pytest.approx((mult - h) * fit_d.scale, rel=1e-9)
        r, lo, hi = delta_interval(done[-1], eligible[-1], s_d, s_e, se_d**2 + h * fit_d.scale,
                                   fit_e.t_test(c).sd.item() ** 2 + h * fit_e.scale, mult * cov_de, q)
        np.testing.assert_allclose([p.trend.ratio[h - 1], p.trend.low[h - 1], p.trend.high[h - 1]], [r, lo, hi], rtol=RTOL)
        np.testing.assert_allclose([p.trend.done[h - 1], p.trend.eligible[h - 1]], [done[-1] + s_d, eligible[-1] + s_e], rtol=1e-12)


def test_trend_interval_covers_at_its_level():
    """Flows on a line with normal noise: the 90 % interval holds the realised year-end ratio
    in about 90 % of 2,000 simulated years."""
    rng = np.random.default_rng(20210630)
    months = np.arange(1, 13)
    hits = 0
    n_sims = 2000
    for _ in range(n_sims):
        flow_e = 400 + 5 * months + rng.normal(0, 30, 12)
        flow_d = 250 + 12 * months + rng.normal(0, 25, 12)
        eligible = np.round(3000 + np.cumsum(flow_e)).astype(np.int64)
        done = np.round(np.cumsum(flow_d)).astype(np.int64)
        p = attain.project_year_end(done[:8], eligible[:8], alpha=0.1)
        lo, hi = p.trend.year_end_interval
        hits += lo <= done[-1] / eligible[-1] <= hi
    assert 0.87 <= hits / n_sims <= 0.93


def test_short_series_say_so():
    done, eligible, periods = founding_series()
    one = attain.project_year_end(done[:1], eligible[:1])
    assert not one.pace.available and not one.trend.available
    assert math.isnan(one.pace.year_end_ratio) and math.isnan(one.required_pace)
    assert "the pace and the trend need 2 and 3" in one.note
    three = attain.project_year_end(done[:3], eligible[:3], target=0.8)
    assert three.pace.available and not three.trend.available
    assert "the trend needs 3" in three.note
    assert math.isnan(three.trend.ratio).all() if len(three.trend.ratio) else True
    assert "too short" not in repr(attain.project_year_end(done[:4], eligible[:4]))
    assert attain.project_year_end(done[:4], eligible[:4]).note == ""


def test_year_end_and_edge_cases():
    # Month 12: nothing remains; reachable means met.
    done = np.arange(1, 13) * 10
    eligible = np.full(12, 130)
    p = attain.project_year_end(done, eligible, target=120 / 130)
    assert p.months_remaining == 0 and p.reachable and len(p.trend.ratio) == 0
    assert math.isnan(p.trend.year_end_ratio)
    # Constant flows: the interval has no width; the ratio follows the flows exactly.
    done = np.array([10, 20, 30, 40, 50])
    eligible = np.array([100, 110, 120, 130, 140])
    q = attain.project_year_end(done, eligible)
    assert q.trend.ratio[-1] == pytest.approx(120 / 210, rel=1e-12)
    assert q.trend.low[-1] == q.trend.high[-1] == q.trend.ratio[-1]
    # Falling done flows are not projected below zero.
    falling = attain.project_year_end([50, 90, 110, 115, 116], [200] * 5)
    assert np.all(np.diff(np.r_[116, falling.trend.done]) >= 0)
    # Nothing eligible: no ratio.
    empty = attain.project_year_end([0, 0, 0, 0], [0, 0, 0, 0])
    assert np.isnan(empty.trend.ratio).all()


def test_snapshot_projection_and_chart_shape():
    panel = attain.Panel.from_csv(attain.example_data_path(), fiscal_year_start=10)
    done, eligible, periods = founding_series("amount")
    direct = attain.project_year_end(done, eligible, periods, target=0.401, fiscal_year_start=10)
    via = panel.at("2021-06").projection(ROOT, "amount")
    np.testing.assert_array_equal(via.trend.ratio, direct.trend.ratio)
    assert via.required_pace == direct.required_pace and via.reachable == direct.reachable
    chart = via.for_chart()
    assert chart["periods"] == ["2021-07", "2021-08", "2021-09"] and len(chart["low"]) == 3
    frame = via.to_frame()
    assert list(frame["method"].unique()) == ["pace", "trend"] and len(frame) == 6


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: attain.project_year_end([5, 3], [4, 4]), InvalidInputError, r"done\[0\] = 5 is greater than eligible\[0\] = 4"),
        (lambda: attain.project_year_end([1, 2], [4, 4, 4]), LengthMismatchError, "done has 2 values but eligible has 3"),
        (lambda: attain.project_year_end([], []), InvalidInputError, r"the series has 0 months"),
        (lambda: attain.project_year_end(list(range(13)), [20] * 13), InvalidInputError, r"the series has 13 months"),
        (lambda: attain.project_year_end([1, 2, 3], [4, 5, 6], target=1.5), InvalidInputError, r"target\[0\] = 1.5 is outside \[0, 1\]"),
        (lambda: attain.project_year_end([1, 2, 3], [4, 5, 6], window=1), InvalidInputError, "window = 1 is below 2"),
        (lambda: attain.project_year_end([1, 2, 3], [4, 5, 6], alpha=0), InvalidInputError, r"alpha = 0.0 is outside \(0, 1\)"),
        (lambda: attain.project_year_end([[1, 2]], [[3, 4]]), InvalidInputError, "one-dimensional"),
        (lambda: attain.project_year_end([1, 2, 3], [4, 5, 6], ["2021-01", "2021-02", "2021-04"]), InvalidInputError,
         r"periods\[2\] = 2021-04 does not follow periods\[1\] = 2021-02"),
        (lambda: attain.project_year_end([1, 2], [4, 5], ["2021-02", "2021-03"]), InvalidInputError,
         r"the series starts at 2021-02, after the first month of the fiscal year \(2021-01\)"),
        (lambda: attain.project_year_end([1.5, 2], [4, 5]), InvalidInputError, r"done\[0\] = 1.5 is not a whole number"),
        (lambda: attain.project_year_end(["1"], [4]), InputTypeError, "done has dtype"),
        (lambda: attain.Panel.from_csv(attain.example_data_path(), fiscal_year_start=10).at("2021-06").projection("nobody", "count"),
         UnknownKeyError, "unit 'nobody' is not in the panel"),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_series_crossing_a_fiscal_year_uses_the_last_year_only():
    # Two years of year-to-date figures from January; the projection restarts in the second.
    ytd = np.r_[np.cumsum(np.full(12, 10)), np.cumsum(np.full(5, 20))]
    eligible = np.r_[np.full(12, 200), np.full(5, 300)]
    periods = [f"{2020 + (m >= 12)}-{m % 12 + 1:02d}" for m in range(17)]
    p = attain.project_year_end(ytd, eligible, periods)
    assert p.months_elapsed == 5 and p.done == 100
    assert p.pace.ratio[-1] == pytest.approx(240 / 300)
